// RFC 4978 COMPRESS=DEFLATE: raw deflate (RFC 1951) both ways once the tagged OK is sent. Every
// write ends with a sync flush, so each response reaches the client whole and at once.
//
// An idle session (IDLE) parks both zlib streams, which are most of its memory (~60 KB):
// - the deflater after a full flush: later blocks never refer back past it, so a fresh deflater
//   continues the same RFC 1951 stream;
// - the inflater once the client's input ends on a flush boundary (the empty stored block
//   00 00 FF FF that ends every flushed command), keeping only the last 32 KiB it produced
//   (a few hundred bytes for an IDLE session) as the preset dictionary of the next inflater,
//   since the client's compressor may still refer to them.
// Both come back on the next byte in either direction.
import type { Socket } from 'node:net';
import { constants, createDeflateRaw, createInflateRaw, type DeflateRaw, type InflateRaw } from 'node:zlib';

// Each zlib stream holds one output buffer of this size for its whole life: Node's 16 KiB
// default is 32 KiB per session for both directions; 4 KiB still fills a TLS record well.
const outputChunkSize = 4096;
/** The largest distance a client's deflater may refer back (RFC 1951 §2). */
const windowBytes = 32 * 1024;
/** LEN/NLEN of the empty stored block a sync or full flush ends with. */
const flushMarker = 0x0000ffff;

/** The compressed layer over a socket: inflates what arrives, deflates what is written. */
export class DeflateChannel {
  private deflate: DeflateRaw | null = null;
  private inflate: InflateRaw | null = null;
  /** Inflated client bytes, oldest first, about one window: the next inflater's dictionary. */
  private recent: Buffer[] = [];
  private recentBytes = 0;
  /** The last four compressed bytes received, as a number (the flush marker test). */
  private inputTail = 0;
  private pendingInputs = 0;
  private pendingWrites = 0;
  private isParked = false;
  private isClosed = false;

  constructor(
    private readonly socket: Socket,
    private readonly onData: (chunk: Buffer) => void,
    private readonly onError: () => void,
  ) {}

  /** True while both directions hold no zlib stream. */
  get isIdle(): boolean {
    return this.deflate === null && this.inflate === null;
  }

  /** Feeds compressed bytes from the client. */
  receive(chunk: Buffer): void {
    if (this.isClosed || chunk.length === 0) return;
    this.isParked = false;
    for (const byte of chunk.subarray(-4)) this.inputTail = ((this.inputTail << 8) | byte) >>> 0;
    const inflate = this.inflate ?? this.openInflater();
    this.pendingInputs += 1;
    inflate.write(chunk, () => {
      this.pendingInputs -= 1;
      if (this.isParked) this.parkInflater();
    });
  }

  /** Compresses and flushes `buffers`; resolves once they are handed to the socket. */
  async write(buffers: readonly Buffer[]): Promise<void> {
    if (this.isClosed) return;
    const deflate = this.deflate ?? this.openDeflater();
    const isFullFlush = this.isParked;
    this.pendingWrites += 1;
    for (const buffer of buffers) deflate.write(buffer);
    await new Promise<void>((resolve) => {
      deflate.flush(isFullFlush ? constants.Z_FULL_FLUSH : constants.Z_SYNC_FLUSH, () => {
        resolve();
      });
    });
    this.pendingWrites -= 1;
    if (isFullFlush && this.isParked) this.dropDeflater(deflate);
  }

  /**
   * Releases both zlib streams until the next byte either way (the session idles); resolves
   * once the deflater's full flush is written and it is gone.
   */
  park(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    this.isParked = true;
    this.parkInflater();
    const deflate = this.deflate;
    if (deflate === null || this.pendingWrites > 0) return Promise.resolve();
    return new Promise((resolve) => {
      deflate.flush(constants.Z_FULL_FLUSH, () => {
        if (this.isParked) this.dropDeflater(deflate);
        resolve();
      });
    });
  }

  close(): void {
    this.isClosed = true;
    this.deflate?.destroy();
    this.inflate?.destroy();
    this.deflate = null;
    this.inflate = null;
    this.recent = [];
  }

  private openDeflater(): DeflateRaw {
    // A 2 KiB window and small hash tables (RFC 4978 §4 suggests it for servers with many
    // sessions): ~16 KB per session instead of ~256 KB, and any inflater reads it, since a
    // smaller window is always within the 32 KiB an inflater accepts.
    const deflate = createDeflateRaw({ level: 6, windowBits: 11, memLevel: 4, chunkSize: outputChunkSize });
    deflate.on('data', (chunk: Buffer) => {
      this.socket.write(chunk);
    });
    deflate.on('error', this.onError);
    this.deflate = deflate;
    return deflate;
  }

  private dropDeflater(deflate: DeflateRaw): void {
    if (this.deflate !== deflate || this.pendingWrites > 0) return;
    deflate.destroy();
    this.deflate = null;
  }

  private openInflater(): InflateRaw {
    // The inflater keeps the 32 KiB window: the client may use any window size.
    const dictionary = this.recentBytes > 0 ? { dictionary: compact(this.recent, this.recentBytes) } : {};
    const inflate = createInflateRaw({ chunkSize: outputChunkSize, ...dictionary });
    inflate.on('data', (chunk: Buffer) => {
      this.remember(chunk);
      this.onData(chunk);
    });
    inflate.on('error', this.onError);
    this.inflate = inflate;
    return inflate;
  }

  // Only on a block boundary with nothing in flight: otherwise the inflater stays until the
  // next completed input finds one.
  private parkInflater(): void {
    const inflate = this.inflate;
    if (inflate === null || this.pendingInputs > 0 || this.inputTail !== flushMarker) return;
    inflate.destroy();
    this.inflate = null;
    // One exact-size copy instead of the chunk views, which pin zlib's output buffers.
    if (this.recent.length > 0) this.recent = [compact(this.recent, this.recentBytes)];
  }

  private remember(chunk: Buffer): void {
    this.recent.push(chunk);
    this.recentBytes += chunk.length;
    for (let first = this.recent[0]; first !== undefined; first = this.recent[0]) {
      if (this.recentBytes - first.length < windowBytes) break;
      this.recent.shift();
      this.recentBytes -= first.length;
    }
  }
}

/** The last window of `chunks` in one buffer of its own (not a slice of a shared pool). */
function compact(chunks: readonly Buffer[], total: number): Buffer {
  const size = Math.min(total, windowBytes);
  const out = Buffer.allocUnsafeSlow(size);
  let end = size;
  for (let i = chunks.length - 1; i >= 0 && end > 0; i--) {
    const chunk = chunks[i];
    if (chunk === undefined) break;
    const part = chunk.subarray(Math.max(0, chunk.length - end));
    part.copy(out, end - part.length);
    end -= part.length;
  }
  return out;
}
