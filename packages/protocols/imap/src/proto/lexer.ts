// RFC 9051 §4.3 strings (quoted, literal, literal8) and the byte checks that follow an atom.
import { END, fail, type Cursor } from './cursor.js';
import { isAstringChar } from './grammar.js';
import type { LiteralToken } from './tokens.js';

const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const TILDE = 0x7e;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const PLUS = 0x2b;
const CR = 0x0d;
const LF = 0x0a;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

/** True at "{" or "~{": a literal announcement. */
export function isLiteralStart(cursor: Cursor): boolean {
  return cursor.peek() === LBRACE || (cursor.peek() === TILDE && cursor.peek(1) === LBRACE);
}

/** Reads a quoted string at its opening DQUOTE; only \" and \\ escapes; UTF-8 (RFC 9051). */
export function readQuoted(cursor: Cursor): string {
  cursor.advance();
  const pieces: Buffer[] = [];
  let runStart = cursor.offset;
  for (;;) {
    const byte = cursor.peek();
    if (byte === END) fail('Unterminated quoted string');
    if (byte === DQUOTE) break;
    if (byte === BACKSLASH) {
      const next = cursor.peek(1);
      if (next !== DQUOTE && next !== BACKSLASH) fail('Invalid escape in quoted string: only \\" and \\\\');
      pieces.push(cursor.bytes(runStart, cursor.offset));
      cursor.advance();
      runStart = cursor.offset;
    } else if (byte === 0 || byte === CR || byte === LF) {
      fail('NUL, CR and LF are not allowed in a quoted string');
    }
    cursor.advance();
  }
  pieces.push(cursor.bytes(runStart, cursor.offset));
  cursor.advance();
  try {
    return utf8.decode(pieces.length === 1 ? pieces[0] : Buffer.concat(pieces));
  } catch {
    return fail('Invalid UTF-8 in quoted string');
  }
}

/**
 * Reads "{n}", "{n+}", "~{n}" or "~{n+}" at the end of a segment and returns the literal sent
 * after it. NUL is only allowed in literal8 (RFC 9051 §4.3 CHAR8) unless `allowNul`.
 */
export function readLiteral(cursor: Cursor, allowNul: boolean): LiteralToken {
  const binary = cursor.peek() === TILDE;
  cursor.advance(binary ? 2 : 1);
  const digitsStart = cursor.offset;
  cursor.skipWhile(isDigit);
  const size = Number(cursor.text(digitsStart));
  if (cursor.offset === digitsStart) fail('Invalid literal: expected a size in "{n}"');
  if (cursor.peek() === PLUS) cursor.advance();
  if (cursor.peek() !== RBRACE) fail('Invalid literal: expected "}"');
  cursor.advance();
  if (!cursor.isAtSegmentEnd()) fail('A literal announcement must end the line');
  const literal = cursor.takeLiteral();
  if (literal.data.length !== size) fail('Literal size does not match its announcement');
  if (!binary && !allowNul && literal.data.includes(0)) fail('NUL octets in a literal need literal8 (~{n})');
  return { type: 'literal', value: literal.data, binary };
}

/** Reads an astring (RFC 9051 §9) as text: atom characters, a quoted string or a literal. */
export function readAstring(cursor: Cursor, allowNul: boolean): string {
  if (cursor.peek() === DQUOTE) return readQuoted(cursor);
  if (isLiteralStart(cursor)) return readLiteral(cursor, allowNul).value.toString('utf8');
  const start = cursor.offset;
  cursor.skipWhile(isAstringChar);
  if (cursor.offset === start) {
    rejectAtomByte(cursor);
    fail('Expected an astring');
  }
  rejectAtomByte(cursor);
  return cursor.text(start);
}

/** After an atom: explains bytes that may not appear in one (the caller checks delimiters). */
export function rejectAtomByte(cursor: Cursor): void {
  const byte = cursor.peek();
  if (byte >= 0x80) fail('8-bit characters are not allowed in atoms; use a quoted string or literal');
  if (byte === 0) fail('NUL octets are not allowed in a command line');
  if (byte !== END && (byte < 0x20 || byte === 0x7f)) fail('Control characters are not allowed in atoms');
  if (byte === BACKSLASH) fail('"\\" is only allowed at the start of a flag');
}
