// RFC 9051 §2.2.1, §4.3 and §7.6: splits the client's byte stream into whole commands (lines and
// literals), with RFC 7888 LITERAL+/LITERAL- and RFC 3516 literal8. No I/O: the session pushes
// received chunks and pulls events one at a time, so it may change limits between commands.
import { ByteQueue } from './byte-queue.js';
import { readTag } from './grammar.js';
import { findLiteralMarker, type LiteralMarker } from './literal-marker.js';

/** One literal of a command, in the order it was sent. */
export interface RawLiteral {
  readonly data: Buffer;
  /** Sent as literal8 ("~{n}"): may contain NUL. */
  readonly binary: boolean;
  /** Sent as "{n+}" without waiting for a continuation. */
  readonly nonSync: boolean;
}

/**
 * A complete command: the text lines between literals, without CRLF. `segments[i]` ends with
 * the marker ("{310}") announcing `literals[i]`; there is always one segment more than literals.
 */
export interface RawCommand {
  readonly segments: readonly Buffer[];
  readonly literals: readonly RawLiteral[];
}

/** Limits, in octets unless said otherwise. */
export interface ReaderLimits {
  /** One line of command text between literals, without CRLF. */
  readonly maxLineLength: number;
  /** One literal (APPEND message size). */
  readonly maxLiteralSize: number;
  /** One "{n+}" literal: 4096 is RFC 7888 LITERAL-; raise it to advertise LITERAL+. */
  readonly maxNonSyncLiteralSize: number;
  /** All lines and literals of one command together (MULTIAPPEND). */
  readonly maxCommandSize: number;
  /** Number of literals in one command. */
  readonly maxLiterals: number;
  /** Bytes of one rejected command skipped to stay in sync; beyond this the connection must close. */
  readonly maxDiscardSize: number;
}

export const defaultReaderLimits: ReaderLimits = {
  maxLineLength: 64 * 1024,
  maxLiteralSize: 64 * 1024 * 1024,
  maxNonSyncLiteralSize: 4096,
  maxCommandSize: 128 * 1024 * 1024,
  maxLiterals: 1000,
  maxDiscardSize: 64 * 1024 * 1024,
};

export type ReaderErrorCode =
  | 'LINE_TOO_LONG'
  | 'LITERAL_TOO_BIG'
  | 'NON_SYNC_LITERAL_TOO_BIG'
  | 'COMMAND_TOO_BIG'
  | 'TOO_MANY_LITERALS'
  | 'DISCARD_LIMIT';

/** A rejected command, with the reply the session should give. */
export interface ReaderError {
  readonly code: ReaderErrorCode;
  /** Tag of the rejected command, when its first line began with one. */
  readonly tag: string | null;
  readonly status: 'NO' | 'BAD';
  readonly responseCode: 'TOOBIG' | 'LIMIT';
  readonly text: string;
  /** The reader has stopped: answer (tagged if possible), send `* BYE` and close. */
  readonly fatal: boolean;
}

export type ReaderEvent =
  | { readonly type: 'command'; readonly command: RawCommand }
  /** A synchronising literal was announced: send "+ …" (or call rejectLiteral() and answer). */
  | {
      readonly type: 'continuation';
      readonly tag: string | null;
      readonly size: number;
      readonly binary: boolean;
    }
  | { readonly type: 'error'; readonly error: ReaderError };

type Mode =
  | { readonly kind: 'line' }
  | { readonly kind: 'literal'; readonly size: number; readonly binary: boolean; readonly nonSync: boolean }
  | { readonly kind: 'discard-line' }
  | { readonly kind: 'discard-literal'; remaining: number }
  | { readonly kind: 'closed' };

const LF = 0x0a;
const AGAIN = 'again';
type Step = ReaderEvent | null | typeof AGAIN;

// Bytes kept from the end of a discarded line: enough to see a literal marker announced there.
const TAIL_SIZE = 64;

const messages: Record<ReaderErrorCode, string> = {
  LINE_TOO_LONG: 'Command line too long',
  LITERAL_TOO_BIG: 'Literal too big',
  NON_SYNC_LITERAL_TOO_BIG: 'Non-synchronizing literal too big, use a synchronizing literal',
  COMMAND_TOO_BIG: 'Command too big',
  TOO_MANY_LITERALS: 'Too many literals in one command',
  DISCARD_LIMIT: 'Too much data in a rejected command, closing the connection',
};

/**
 * Incremental command reader: `push()` what the socket delivers, then call `next()` until null.
 *
 * A rejected command is answered once (an `error` event) and then skipped to its end without
 * buffering: the rest of its line, and the octets of any "{n+}" literal it announced, so that
 * literal data is never taken for commands. A synchronising literal that is too big is refused
 * before the client sends it. Skipping stops at `maxDiscardSize`: the reader then reports a
 * fatal error and the session must close the connection (e.g. on "{99999999999+}").
 *
 * Bare LF is accepted as a line end. Pushed buffers must not be modified afterwards.
 * For back-pressure, pause the socket while `bufferedBytes` is large.
 */
export class CommandReader {
  private readonly queue = new ByteQueue();
  private limits: ReaderLimits;
  private mode: Mode = { kind: 'line' };
  /** Bytes of the current line already searched for LF. */
  private scanned = 0;
  private segments: Buffer[] = [];
  private literals: RawLiteral[] = [];
  private commandBytes = 0;
  private tag: string | null = null;
  private discarded = 0;
  private discardedLine = 0;
  private tail: Buffer = Buffer.alloc(0);

  constructor(limits: Partial<ReaderLimits> = {}) {
    this.limits = { ...defaultReaderLimits, ...limits };
  }

  /** Bytes held: unread input plus the command being assembled. */
  get bufferedBytes(): number {
    return this.queue.length + this.commandBytes;
  }

  /** True after a fatal error: nothing more will be read. */
  get isClosed(): boolean {
    return this.mode.kind === 'closed';
  }

  /** Changes limits for what is read from now on (e.g. larger literals after login). */
  setLimits(limits: Partial<ReaderLimits>): void {
    this.limits = { ...this.limits, ...limits };
  }

  push(chunk: Buffer): void {
    if (this.mode.kind !== 'closed') this.queue.push(chunk);
  }

  /**
   * Refuses the synchronising literal just announced by a `continuation` event: the command is
   * dropped and the next line starts a new one. Call it before `next()`; false if too late.
   */
  rejectLiteral(): boolean {
    const mode = this.mode;
    if (mode.kind !== 'literal' || mode.nonSync) return false;
    this.resetCommand();
    return true;
  }

  /** The next event, or null when more input is needed. */
  next(): ReaderEvent | null {
    for (;;) {
      const step = this.step();
      if (step !== AGAIN) return step;
    }
  }

  private step(): Step {
    const mode = this.mode;
    switch (mode.kind) {
      case 'line':
        return this.readLine();
      case 'literal':
        return this.readLiteral(mode.size, mode.binary, mode.nonSync);
      case 'discard-line':
        return this.discardLine();
      case 'discard-literal':
        return this.discardLiteral(mode);
      case 'closed':
        return null;
    }
  }

  private readLine(): Step {
    const limit = this.limits.maxLineLength + 2;
    const newline = this.queue.indexOf(LF, this.scanned, limit);
    if (newline === -1) {
      this.scanned = this.queue.length;
      if (this.queue.length < limit) return null;
      // Over-long line: answer now, skip to its end without holding it.
      if (this.segments.length === 0) this.tag = readTag(this.queue.copy(0, 1024));
      return this.rejectLine('LINE_TOO_LONG');
    }
    this.scanned = 0;
    const line = trimLineEnd(this.queue.take(newline + 1));
    if (this.segments.length === 0) this.tag = readTag(line);
    const marker = findLiteralMarker(line);
    if (line.length > this.limits.maxLineLength) return this.rejectAnnounced('LINE_TOO_LONG', marker);
    this.commandBytes += line.length;
    if (this.commandBytes > this.limits.maxCommandSize)
      return this.rejectAnnounced('COMMAND_TOO_BIG', marker);
    this.segments.push(line);
    if (marker === null) return this.finishCommand();
    return this.announceLiteral(marker);
  }

  private announceLiteral(marker: LiteralMarker): Step {
    const problem = this.literalProblem(marker);
    if (problem !== null) return this.rejectAnnounced(problem, marker);
    const { size, binary, nonSync } = marker;
    this.mode = { kind: 'literal', size, binary, nonSync };
    if (nonSync) return AGAIN;
    return { type: 'continuation', tag: this.tag, size, binary };
  }

  private literalProblem(marker: LiteralMarker): ReaderErrorCode | null {
    const limits = this.limits;
    if (this.literals.length >= limits.maxLiterals) return 'TOO_MANY_LITERALS';
    if (marker.size > limits.maxLiteralSize) return 'LITERAL_TOO_BIG';
    if (marker.nonSync && marker.size > limits.maxNonSyncLiteralSize) return 'NON_SYNC_LITERAL_TOO_BIG';
    if (this.commandBytes + marker.size > limits.maxCommandSize) return 'COMMAND_TOO_BIG';
    return null;
  }

  private readLiteral(size: number, binary: boolean, nonSync: boolean): Step {
    if (this.queue.length < size) return null;
    this.literals.push({ data: this.queue.take(size), binary, nonSync });
    this.commandBytes += size;
    this.mode = { kind: 'line' };
    this.scanned = 0;
    return AGAIN;
  }

  private finishCommand(): ReaderEvent {
    const command: RawCommand = { segments: this.segments, literals: this.literals };
    this.resetCommand();
    return { type: 'command', command };
  }

  /** Rejects the command at a line that has been read whole; `marker` is that line's literal. */
  private rejectAnnounced(code: ReaderErrorCode, marker: LiteralMarker | null): ReaderEvent {
    // A refused synchronising literal was never sent: the command is over, nothing to skip.
    const isRefusal =
      marker !== null && !marker.nonSync && (code === 'LITERAL_TOO_BIG' || code === 'COMMAND_TOO_BIG');
    const error = this.makeError(code, isRefusal ? 'NO' : 'BAD');
    this.resetCommand();
    if (marker?.nonSync !== true) return { type: 'error', error };
    return this.skipLiteral(marker.size, error.tag) ?? { type: 'error', error };
  }

  /** Rejects the command while its current line is still arriving: skip to the line's end. */
  private rejectLine(code: ReaderErrorCode): ReaderEvent {
    const error = this.makeError(code, 'BAD');
    this.resetCommand();
    this.mode = { kind: 'discard-line' };
    return { type: 'error', error };
  }

  /** Enters literal skipping; returns a fatal error instead when it would exceed the budget. */
  private skipLiteral(size: number, tag: string | null): ReaderEvent | null {
    if (this.discarded + size > this.limits.maxDiscardSize) return this.close(tag);
    this.mode = { kind: 'discard-literal', remaining: size };
    return null;
  }

  private discardLine(): Step {
    const newline = this.queue.indexOf(LF, 0);
    const end = newline === -1 ? this.queue.length : newline + 1;
    this.tail = keepTail(this.tail, this.queue.copy(Math.max(0, end - TAIL_SIZE), end));
    this.queue.skip(end);
    this.discarded += end;
    this.discardedLine += end;
    if (this.discarded > this.limits.maxDiscardSize) return this.close(null);
    if (newline === -1) return null;
    const line = trimLineEnd(this.tail);
    const marker = findLiteralMarker(line, this.discardedLine > this.tail.length);
    this.tail = Buffer.alloc(0);
    this.discardedLine = 0;
    if (marker?.nonSync) return this.skipLiteral(marker.size, null) ?? AGAIN;
    this.resetCommand();
    return AGAIN;
  }

  private discardLiteral(mode: { remaining: number }): Step {
    const count = Math.min(mode.remaining, this.queue.length);
    this.queue.skip(count);
    this.discarded += count;
    mode.remaining -= count;
    if (mode.remaining > 0) return null;
    this.mode = { kind: 'discard-line' };
    return AGAIN;
  }

  private close(tag: string | null): ReaderEvent {
    this.tag = tag;
    const error = this.makeError('DISCARD_LIMIT', 'BAD', true);
    this.mode = { kind: 'closed' };
    this.queue.skip(this.queue.length);
    return { type: 'error', error };
  }

  private makeError(code: ReaderErrorCode, status: 'NO' | 'BAD', fatal = false): ReaderError {
    const responseCode = code === 'TOO_MANY_LITERALS' ? 'LIMIT' : 'TOOBIG';
    return { code, tag: this.tag, status, responseCode, text: messages[code], fatal };
  }

  // Forget the command being assembled (or skipped) and expect a new one.
  private resetCommand(): void {
    this.discarded = 0;
    this.discardedLine = 0;
    this.tail = Buffer.alloc(0);
    this.segments = [];
    this.literals = [];
    this.commandBytes = 0;
    this.tag = null;
    this.scanned = 0;
    this.mode = { kind: 'line' };
  }
}

function trimLineEnd(line: Buffer): Buffer {
  let end = line.length;
  if (end > 0 && line[end - 1] === LF) end--;
  if (end > 0 && line[end - 1] === 0x0d) end--;
  return line.subarray(0, end);
}

function keepTail(tail: Buffer, more: Buffer): Buffer {
  if (more.length >= TAIL_SIZE) return Buffer.from(more.subarray(more.length - TAIL_SIZE));
  const joined = Buffer.concat([tail, more]);
  return joined.length > TAIL_SIZE ? joined.subarray(joined.length - TAIL_SIZE) : joined;
}
