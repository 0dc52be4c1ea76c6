// Command-line framing (RFC 1939 §3: a command ends with CRLF; RFC 2449 §4 caps it at 255
// octets). Pure: chunks in, lines out. A bare LF also ends a line (be liberal in what you
// accept); a line over the limit is dropped up to its end and reported once as too long.

export type LineEvent = { readonly type: 'line'; readonly line: Buffer } | { readonly type: 'too-long' };

const lf = 0x0a;
const cr = 0x0d;

export class LineReader {
  private readonly queue: LineEvent[] = [];
  private head = 0;
  private partial: Buffer[] = [];
  private partialLength = 0;
  private queuedLength = 0;
  /** Inside an overlong line: bytes are dropped until its LF. */
  private isDiscarding = false;

  /** `maxLineBytes` counts the line without its CRLF. */
  constructor(private readonly maxLineBytes: number) {}

  /** Bytes held: queued lines and the unfinished one (for back-pressure). */
  get bufferedBytes(): number {
    return this.queuedLength + this.partialLength;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(lf, start);
      const piece = chunk.subarray(start, end < 0 ? chunk.length : end);
      if (!this.isDiscarding) this.append(piece);
      if (end < 0) return;
      if (this.isDiscarding) this.isDiscarding = false;
      else this.finishLine();
      start = end + 1;
    }
  }

  /** The next line or too-long marker, or null when no complete line is buffered. */
  next(): LineEvent | null {
    const event = this.queue[this.head];
    if (event === undefined) return null;
    this.head++;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    if (event.type === 'line') this.queuedLength -= event.line.length;
    return event;
  }

  /** Drops everything buffered (STLS: plaintext sent after the command must not survive). */
  clear(): void {
    this.queue.length = 0;
    this.head = 0;
    this.partial = [];
    this.partialLength = 0;
    this.queuedLength = 0;
    this.isDiscarding = false;
  }

  private append(piece: Buffer): void {
    if (piece.length === 0) return;
    this.partial.push(piece);
    this.partialLength += piece.length;
    // One byte of slack: the CR that may end the line is not part of it.
    if (this.partialLength > this.maxLineBytes + 1) {
      this.partial = [];
      this.partialLength = 0;
      this.isDiscarding = true;
      this.queue.push({ type: 'too-long' });
    }
  }

  private finishLine(): void {
    const joined =
      this.partial.length === 1 ? (this.partial[0] ?? Buffer.alloc(0)) : Buffer.concat(this.partial);
    this.partial = [];
    this.partialLength = 0;
    const line = joined.at(-1) === cr ? joined.subarray(0, joined.length - 1) : joined;
    if (line.length > this.maxLineBytes) {
      this.queue.push({ type: 'too-long' });
      return;
    }
    this.queue.push({ type: 'line', line });
    this.queuedLength += line.length;
  }
}
