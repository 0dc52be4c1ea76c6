// Reads the DATA stream into memory, keeping count of bytes; the stream is always drained so
// the client gets its reply after the final dot even when the message is too large.
import type { SMTPServerDataStream } from 'smtp-server';

export interface ReadResult {
  readonly raw: Buffer;
  readonly tooLarge: boolean;
}

export function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<ReadResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => {
      const tooLarge = stream.sizeExceeded || size > maxBytes;
      resolve({ raw: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks, size), tooLarge });
    });
  });
}
