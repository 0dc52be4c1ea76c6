// RFC 9051 §2.2.1 and §9 `command`: tag SP [UID SP] name *(SP argument), into typed tokens.
// Arguments are read generically (atoms, numbers, NIL, strings, literals, lists, sequence sets,
// sections); each command's own schema then checks which it accepts.
import type { RawCommand } from './command-reader.js';
import { Cursor, END, fail, ParseFailure } from './cursor.js';
import { isAtomChar, isListChar, isTagChar } from './grammar.js';
import { isLiteralStart, readLiteral, readQuoted, rejectAtomByte } from './lexer.js';
import { isSectionName, readSection } from './section.js';
import { DEFAULT_MAX_SEQUENCE_ITEMS, parseSequenceSet } from './sequence-set.js';
import type { ParseResult, Token } from './tokens.js';

export interface ParseOptions {
  /** Deepest list nesting; the default is 64. */
  readonly maxDepth?: number;
  /** Most tokens (lists included) in one command; the default is 10,000. */
  readonly maxTokens?: number;
  /** Most items in one sequence set; the default is 100,000. */
  readonly maxSequenceItems?: number;
  /** Accept NUL in "{n}" literals, which RFC 9051 reserves for literal8 "~{n}". */
  readonly allowNulInLiterals?: boolean;
}

const SP = 0x20;
const LPAREN = 0x28;
const RPAREN = 0x29;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;

const SEQUENCE_CHARS = /^[0-9:,*$]+$/;
const DIGITS = /^[0-9]+$/;

/**
 * Parses one complete command from the reader. On malformed input the error says why, and
 * carries the tag when it could be read: answer `<tag> BAD <message>`, else `* BAD <message>`.
 */
export function parseCommand(raw: RawCommand, options: ParseOptions = {}): ParseResult {
  const parser = new Parser(new Cursor(raw), options);
  let tag: string | null = null;
  try {
    tag = parser.readTag();
    const { name, uid } = parser.readName();
    const args = parser.readArguments();
    return { ok: true, command: { tag, name, uid, args } };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, error: { tag, message: error.message } };
    throw error;
  }
}

class Parser {
  private tokens = 0;
  private readonly maxDepth: number;
  private readonly maxTokens: number;
  private readonly maxSequenceItems: number;
  private readonly allowNul: boolean;

  constructor(
    private readonly cursor: Cursor,
    options: ParseOptions,
  ) {
    this.maxDepth = options.maxDepth ?? 64;
    this.maxTokens = options.maxTokens ?? 10_000;
    this.maxSequenceItems = options.maxSequenceItems ?? DEFAULT_MAX_SEQUENCE_ITEMS;
    this.allowNul = options.allowNulInLiterals ?? false;
  }

  readTag(): string {
    const cursor = this.cursor;
    if (cursor.isAtCommandEnd()) fail('Empty command line');
    cursor.skipWhile(isTagChar);
    if (cursor.offset === 0) fail('Missing or invalid tag');
    if (cursor.peek() !== SP && cursor.peek() !== END) fail('Invalid character in tag');
    return cursor.text(0);
  }

  readName(): { name: string; uid: boolean } {
    let name = this.readWord();
    if (name !== 'UID') return { name, uid: false };
    if (this.cursor.isAtCommandEnd()) fail('UID needs a command: UID FETCH, UID STORE, …');
    name = this.readWord();
    return { name, uid: true };
  }

  /** Reads SP and an upper-cased command name. */
  private readWord(): string {
    const cursor = this.cursor;
    if (cursor.peek() !== SP) fail('Missing command name');
    cursor.advance();
    const start = cursor.offset;
    cursor.skipWhile(isAtomChar);
    if (cursor.offset === start) fail('Missing command name');
    if (cursor.peek() !== SP && !cursor.isAtCommandEnd()) fail('Invalid character in command name');
    return cursor.text(start).toUpperCase();
  }

  readArguments(): Token[] {
    const cursor = this.cursor;
    const args: Token[] = [];
    while (!cursor.isAtCommandEnd()) {
      if (cursor.peek() !== SP) this.failDelimiter();
      cursor.advance();
      if (cursor.isAtCommandEnd()) fail('Unexpected space at the end of the command');
      args.push(this.readValue(0));
    }
    return args;
  }

  private failDelimiter(): never {
    if (this.cursor.peek() === RPAREN) fail('Unbalanced parentheses: unexpected ")"');
    rejectAtomByte(this.cursor);
    return fail('Expected a space between arguments');
  }

  private readValue(depth: number): Token {
    const cursor = this.cursor;
    if (++this.tokens > this.maxTokens) fail(`Too many arguments (at most ${this.maxTokens})`);
    const byte = cursor.peek();
    if (byte === LPAREN) return this.readList(depth + 1);
    if (byte === DQUOTE) return { type: 'string', value: readQuoted(cursor) };
    if (isLiteralStart(cursor)) return readLiteral(cursor, this.allowNul);
    if (byte === RPAREN) fail('Unbalanced parentheses: unexpected ")"');
    if (byte === SP) fail('Unexpected double space');
    if (byte === END) fail('Missing argument');
    return this.readAtomLike();
  }

  private readList(depth: number): Token {
    const cursor = this.cursor;
    if (depth > this.maxDepth) fail(`Lists nested too deeply (at most ${this.maxDepth} levels)`);
    cursor.advance();
    const items: Token[] = [];
    if (cursor.peek() === RPAREN) {
      cursor.advance();
      return { type: 'list', items };
    }
    for (;;) {
      items.push(this.readValue(depth));
      const byte = cursor.peek();
      if (byte === RPAREN) break;
      if (cursor.isAtCommandEnd()) fail('Unbalanced parentheses: missing ")"');
      if (byte !== SP) this.failDelimiter();
      cursor.advance();
    }
    cursor.advance();
    return { type: 'list', items };
  }

  /** An atom, flag, number, NIL, sequence set or section item. */
  private readAtomLike(): Token {
    const cursor = this.cursor;
    const start = cursor.offset;
    if (cursor.peek() === BACKSLASH) cursor.advance();
    cursor.skipWhile((byte) => byte !== LBRACKET && isListChar(byte));
    if (cursor.peek() === LBRACKET) {
      const name = cursor.text(start).toUpperCase();
      if (isSectionName(name)) return readSection(cursor, name, start, this.allowNul);
      cursor.skipWhile(isListChar);
    }
    rejectAtomByte(cursor);
    const raw = cursor.text(start);
    if (raw === '' || raw === '\\') fail('Expected an atom');
    return this.classify(raw);
  }

  private classify(raw: string): Token {
    if (raw.length === 3 && raw.toUpperCase() === 'NIL') return { type: 'nil', raw };
    if (DIGITS.test(raw)) {
      const value = Number(raw);
      return Number.isSafeInteger(value) ? { type: 'number', value, raw } : { type: 'atom', value: raw };
    }
    if (SEQUENCE_CHARS.test(raw)) {
      const result = parseSequenceSet(raw, this.maxSequenceItems);
      if (result.ok) return { type: 'sequence', value: result.set, raw };
    }
    return { type: 'atom', value: raw };
  }
}
