// RFC 4978 COMPRESS=DEFLATE: raw deflate (RFC 1951) both ways once the tagged OK is sent. Every
// write ends with a sync flush, so each response reaches the client whole and at once.
import type { Socket } from 'node:net';
import { constants, createDeflateRaw, createInflateRaw, type DeflateRaw, type InflateRaw } from 'node:zlib';

/** The compressed layer over a socket: inflates what arrives, deflates what is written. */
export class DeflateChannel {
  private readonly deflate: DeflateRaw;
  private readonly inflate: InflateRaw;

  constructor(socket: Socket, onData: (chunk: Buffer) => void, onError: () => void) {
    // A 2 KiB window and small hash tables (RFC 4978 §4 suggests it for servers with many
    // sessions): ~16 KB per session instead of ~256 KB, and any inflater reads it, since a
    // smaller window is always within the 32 KiB an inflater accepts.
    this.deflate = createDeflateRaw({ level: 6, windowBits: 11, memLevel: 4 });
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
