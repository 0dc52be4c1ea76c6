// A read position over a raw command: its text segments and the literals between them.
import type { RawCommand, RawLiteral } from './command-reader.js';

/** Thrown inside the parser on malformed input; parseCommand() turns it into a ParseError. */
export class ParseFailure extends Error {}

/** Aborts parsing with a message fit for `<tag> BAD <message>`. */
export function fail(message: string): never {
  throw new ParseFailure(message);
}

/** Byte value returned by peek() at the end of a segment. */
export const END = -1;

export class Cursor {
  private segment = 0;
  private position = 0;
  private current: Buffer;

  constructor(private readonly command: RawCommand) {
    this.current = command.segments[0] ?? Buffer.alloc(0);
  }

  /** Index of the current segment (the one a marker at its end announces literal N for). */
  get segmentIndex(): number {
    return this.segment;
  }

  get offset(): number {
    return this.position;
  }

  /** The byte `ahead` positions on in the current segment, or END. */
  peek(ahead = 0): number {
    return this.current[this.position + ahead] ?? END;
  }

  isAtSegmentEnd(): boolean {
    return this.position >= this.current.length;
  }

  isAtCommandEnd(): boolean {
    return this.isAtSegmentEnd() && this.segment >= this.command.segments.length - 1;
  }

  advance(count = 1): void {
    this.position += count;
  }

  /** Moves past the bytes for which `test` holds. */
  skipWhile(test: (byte: number) => boolean): void {
    while (this.position < this.current.length && test(this.current[this.position] ?? END)) this.position++;
  }

  /** Text of [start, end) in the current segment, one char per byte. */
  text(start: number, end: number = this.position): string {
    return this.current.toString('latin1', start, end);
  }

  /** Bytes of [start, end) in the current segment. */
  bytes(start: number, end: number): Buffer {
    return this.current.subarray(start, end);
  }

  /** At a segment's end: returns the literal it announced and moves to the next segment. */
  takeLiteral(): RawLiteral {
    const literal = this.command.literals[this.segment];
    const next = this.command.segments[this.segment + 1];
    if (!this.isAtSegmentEnd() || literal === undefined || next === undefined) fail('Literal data missing');
    this.segment++;
    this.position = 0;
    this.current = next;
    return literal;
  }
}
