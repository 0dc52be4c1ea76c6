// RFC 4978 COMPRESS=DEFLATE: raw deflate (RFC 1951) both ways once the tagged OK is sent. Every
// write ends with a sync flush, so each response reaches the client whole and at once.
import type { Socket } from 'node:net';
import { constants, createDeflateRaw, createInflateRaw, type DeflateRaw, type InflateRaw } from 'node:zlib';

/** The compressed layer over a socket: inflates what arrives, deflates what is written. */
export class DeflateChannel {
  private readonly deflate: DeflateRaw;
  private readonly inflate: InflateRaw;

  constructor(socket: Socket, onData: (chunk: Buffer) => void, onError: () => void) {
    // Level 6 with a 32 KiB window: the RFC's recommendation for servers holding many sessions
    // is a smaller window; the default keeps compatibility with every inflater.
    this.deflate = createDeflateRaw({ level: 6 });
    this.inflate = createInflateRaw();
    this.deflate.on('data', (chunk: Buffer) => {
      socket.write(chunk);
    });
    this.inflate.on('data', onData);
    this.deflate.on('error', onError);
    this.inflate.on('error', onError);
  }

  /** Feeds compressed bytes from the client. */
  receive(chunk: Buffer): void {
    this.inflate.write(chunk);
  }

  /** Compresses and flushes `buffers`; resolves once they are handed to the socket. */
  write(buffers: readonly Buffer[]): Promise<void> {
    for (const buffer of buffers) this.deflate.write(buffer);
    return new Promise((resolve) => {
      this.deflate.flush(constants.Z_SYNC_FLUSH, () => {
        resolve();
      });
    });
  }

  close(): void {
    this.deflate.destroy();
    this.inflate.destroy();
  }
}
