// A FIFO of received chunks. Appending never concatenates what is already queued, and a scan
// resumes where the previous one stopped, so slow or byte-by-byte senders cost linear time.

// Chunks smaller than this are copied into a staging buffer: a client sending one byte per
// packet would otherwise cost a Buffer object (~100 bytes of overhead) per byte held. The
// staging buffer is dropped whenever the queue empties, and nothing taken out of the queue
// points into it, so an idle connection (10,000 IMAP IDLE sessions) holds no input buffer.
const SMALL_CHUNK = 512;
const STAGING_SIZE = 16 * 1024;

interface Staging {
  readonly buffer: Buffer;
  start: number;
  used: number;
  isLast: boolean;
}

const noStaging = (): Staging => ({ buffer: Buffer.alloc(0), start: 0, used: 0, isLast: false });

/** Received bytes not yet consumed, kept as the list of chunks they arrived in. */
export class ByteQueue {
  private chunks: Buffer[] = [];
  /** Index of the first live chunk in `chunks`. */
  private first = 0;
  /** Offset of the first live byte inside `chunks[first]`. */
  private offset = 0;
  private total = 0;
  /** A chunk index and its logical start, where the last scan stopped. */
  private hint = { chunk: 0, base: 0 };
  private staging: Staging = noStaging();

  /** Number of buffered bytes. */
  get length(): number {
    return this.total;
  }

  /** Appends a chunk. The queue may keep a reference: the caller must not modify it afterwards. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.total += chunk.length;
    if (chunk.length >= SMALL_CHUNK) {
      this.chunks.push(chunk);
      this.staging.isLast = false;
      return;
    }
    const staging = this.staging;
    if (staging.buffer.length - staging.used < chunk.length) {
      this.staging = { buffer: Buffer.allocUnsafe(STAGING_SIZE), start: 0, used: 0, isLast: false };
    }
    this.appendStaged(chunk);
  }

  /** Position of the first `byte` at or after `from` and before `to`, or -1. */
  indexOf(byte: number, from: number, to: number = this.total): number {
    const end = Math.min(to, this.total);
    let c = this.first;
    let base = 0;
    if (this.hint.chunk > this.first && this.hint.chunk < this.chunks.length && this.hint.base <= from) {
      c = this.hint.chunk;
      base = this.hint.base;
    }
    for (; c < this.chunks.length && base < end; c++) {
      const chunk = this.chunk(c);
      const start = c === this.first ? this.offset : 0;
      const size = chunk.length - start;
      if (from < base + size) {
        const found = chunk.indexOf(byte, start + Math.max(0, from - base));
        if (found !== -1) return found - start + base < end ? found - start + base : -1;
      }
      this.hint = { chunk: c, base };
      base += size;
    }
    return -1;
  }

  /**
   * Removes and returns the first `n` bytes (n ≤ length): a view of a received chunk when they
   * lie in one, never a view of the staging buffer (a long-lived command such as IDLE would
   * keep all 16 KiB of it alive).
   */
  take(n: number): Buffer {
    const result = this.copy(0, n);
    const isStaged = result.buffer === this.staging.buffer.buffer;
    this.skip(n);
    if (!isStaged) return result;
    const own = Buffer.allocUnsafeSlow(result.length);
    result.copy(own);
    return own;
  }

  /** The bytes in [start, end) without consuming them; a view when they lie in one chunk. */
  copy(start: number, end: number): Buffer {
    const stop = Math.min(end, this.total);
    const pieces: Buffer[] = [];
    let base = 0;
    for (let c = this.first; c < this.chunks.length && base < stop; c++) {
      const chunk = this.chunk(c);
      const from = c === this.first ? this.offset : 0;
      const size = chunk.length - from;
      const lo = Math.max(start, base);
      const hi = Math.min(stop, base + size);
      if (lo < hi) pieces.push(chunk.subarray(from + lo - base, from + hi - base));
      base += size;
    }
    if (pieces.length === 1 && pieces[0] !== undefined) return pieces[0];
    return Buffer.concat(pieces);
  }

  /** Drops the first `n` bytes (n ≤ length). */
  skip(n: number): void {
    let left = Math.min(n, this.total);
    this.total -= left;
    this.hint = { chunk: 0, base: 0 };
    while (left > 0) {
      const available = this.chunk(this.first).length - this.offset;
      if (left < available) {
        this.offset += left;
        return;
      }
      left -= available;
      this.first++;
      this.offset = 0;
    }
    this.compact();
  }

  // Copy a small chunk after the staged bytes; the last queued chunk is a growing view of them.
  // Bytes already handed out by take() are never overwritten: staging only appends.
  private appendStaged(chunk: Buffer): void {
    const staging = this.staging;
    if (!staging.isLast) staging.start = staging.used;
    chunk.copy(staging.buffer, staging.used);
    staging.used += chunk.length;
    const view = staging.buffer.subarray(staging.start, staging.used);
    if (staging.isLast) this.chunks[this.chunks.length - 1] = view;
    else this.chunks.push(view);
    staging.isLast = true;
  }

  private chunk(index: number): Buffer {
    const chunk = this.chunks[index];
    if (chunk === undefined) throw new RangeError('ByteQueue: chunk index out of range');
    return chunk;
  }

  // Drop consumed chunk references now and then, so the array does not grow without bound.
  private compact(): void {
    if (this.first === this.chunks.length) {
      this.chunks = [];
      this.first = 0;
      this.staging = noStaging();
    } else if (this.first > 64 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }
}
