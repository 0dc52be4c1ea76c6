// RFC 9051 §4 data formats and §7 responses: server values to bytes. Output is a list of
// Buffers so that message bodies are passed by reference into the socket, never copied.
import { isValidAstringAtom, isValidTag } from './grammar.js';

/** Written as is: a keyword, flag or pre-formatted item (FLAGS, \Seen, 1:3,7). */
export interface AtomValue {
  readonly kind: 'atom';
  readonly text: string;
}

/** An astring: the bare atom when the grammar allows one, else a string (mailbox names). */
export interface AstringValue {
  readonly kind: 'astring';
  readonly text: string;
}

/** Always sent as a literal; literal8 ("~{n}", RFC 3516) when `binary`. */
export interface LiteralValue {
  readonly kind: 'literal';
  readonly data: Buffer;
  readonly binary: boolean;
}

/**
 * A response value: null → NIL; number/bigint → number; string → quoted or literal (never an
 * atom: ENVELOPE and BODYSTRUCTURE positions are nstring, where an atom would be misread);
 * Buffer → literal; array → parenthesised list.
 */
export type ImapValue =
  null | number | bigint | string | Buffer | AtomValue | AstringValue | LiteralValue | readonly ImapValue[];

export interface EncodeOptions {
  /** UTF8=ACCEPT or IMAP4rev2 enabled: UTF-8 may appear in quoted strings and response text. */
  readonly utf8?: boolean;
  /** Longer strings are sent as literals; the default is 1024 characters. */
  readonly maxQuotedLength?: number;
}

export type ResponseStatus = 'OK' | 'NO' | 'BAD';

/** A response code: `[TRYCREATE]`, `[UIDVALIDITY 3857529045]`, `[PERMANENTFLAGS (\Seen)]`. */
export interface ResponseCode {
  readonly name: string;
  readonly args?: readonly ImapValue[];
}

// Printable ASCII except SP and the characters that start other syntax: ( ) { "
const ATOM_TEXT = /^[\x21\x23-\x27\x2a-\x7a\x7c-\x7e]+$/;
const VERBATIM_TEXT = /^[\x20-\x7e]*$/;
const DEFAULT_MAX_QUOTED = 1024;

/** An atom written as is. Throws on text that would break the syntax (CR, LF, SP, quotes). */
export function atom(text: string): AtomValue {
  if (!ATOM_TEXT.test(text)) throw new TypeError(`Not an IMAP atom: ${JSON.stringify(text)}`);
  return { kind: 'atom', text };
}

/**
 * Pre-formatted printable ASCII written as is, spaces allowed: a FETCH item name such as
 * BODY[HEADER.FIELDS (DATE FROM)]<0>. Throws on CR, LF and other control characters.
 */
export function verbatim(text: string): AtomValue {
  if (!VERBATIM_TEXT.test(text) || text === '') throw new TypeError(`Not printable: ${JSON.stringify(text)}`);
  return { kind: 'atom', text };
}

export function astring(text: string): AstringValue {
  return { kind: 'astring', text };
}

export function literal(data: Buffer | string, options: { binary?: boolean } = {}): LiteralValue {
  return {
    kind: 'literal',
    data: typeof data === 'string' ? Buffer.from(data, 'utf8') : data,
    binary: options.binary ?? false,
  };
}

/**
 * Collects text and literal Buffers; adjacent text becomes one Buffer. With `isTextOnly`,
 * literal bytes (UTF-8 of a string, never arbitrary data) join the text instead, and the
 * pieces are joined once at the end: a flat string, cheap to write again and again (a string
 * built by `+=` is a rope that is flattened anew each time it is encoded).
 */
class ResponseWriter {
  private readonly parts: Buffer[] = [];
  private readonly pieces: string[] = [];
  private pending = '';

  constructor(
    readonly options: EncodeOptions,
    private readonly isTextOnly = false,
  ) {}

  text(text: string): void {
    if (this.isTextOnly) this.pieces.push(text);
    else this.pending += text;
  }

  bytes(data: Buffer): void {
    if (this.isTextOnly) {
      this.pieces.push(data.toString('utf8'));
      return;
    }
    this.flush();
    if (data.length > 0) this.parts.push(data);
  }

  /** Everything written, as one flat string (`isTextOnly` writers). */
  finishText(): string {
    return this.pieces.join('');
  }

  finish(): Buffer[] {
    this.flush();
    return this.parts;
  }

  private flush(): void {
    if (this.pending === '') return;
    this.parts.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }
}

function writeValue(writer: ResponseWriter, value: ImapValue): void {
  if (value === null) writer.text('NIL');
  else if (typeof value === 'number') writer.text(formatNumber(value));
  else if (typeof value === 'bigint') writer.text(formatNumber(value));
  else if (typeof value === 'string') writeString(writer, value);
  else if (Buffer.isBuffer(value)) writeLiteral(writer, value, false);
  else if (isList(value)) writeList(writer, value);
  else if (value.kind === 'atom') writer.text(value.text);
  else if (value.kind === 'literal') writeLiteral(writer, value.data, value.binary);
  else if (isValidAstringAtom(value.text) && value.text.toUpperCase() !== 'NIL') writer.text(value.text);
  else writeString(writer, value.text);
}

function isList(value: ImapValue): value is readonly ImapValue[] {
  return Array.isArray(value);
}

function writeList(writer: ResponseWriter, items: readonly ImapValue[]): void {
  writer.text('(');
  writeSeparated(writer, items);
  writer.text(')');
}

function writeSeparated(writer: ResponseWriter, items: readonly ImapValue[]): void {
  items.forEach((item, index) => {
    if (index > 0) writer.text(' ');
    writeValue(writer, item);
  });
}

function formatNumber(value: number | bigint): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw new TypeError(`Not an integer: ${value}`);
  if (value < 0) throw new TypeError(`IMAP numbers are unsigned: ${value}`);
  return value.toString();
}

/** Quoted when short and free of CR, LF and NUL (and ASCII unless UTF-8 is on), else a literal. */
function writeString(writer: ResponseWriter, text: string): void {
  if (canQuote(text, writer.options)) writer.text(`"${text.replace(/["\\]/g, (char) => `\\${char}`)}"`);
  else writeLiteral(writer, Buffer.from(text, 'utf8'), false);
}

function canQuote(text: string, options: EncodeOptions): boolean {
  if (text.length > (options.maxQuotedLength ?? DEFAULT_MAX_QUOTED)) return false;
  const utf8 = options.utf8 ?? false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0 || code === 0x0a || code === 0x0d || (code >= 0x80 && !utf8)) return false;
  }
  return true;
}

function writeLiteral(writer: ResponseWriter, data: Buffer, binary: boolean): void {
  writer.text(`${binary ? '~' : ''}{${data.length}}\r\n`);
  writer.bytes(data);
}

/** Encodes one value (e.g. for a test, or to build a larger response by hand). */
export function encodeValue(value: ImapValue, options: EncodeOptions = {}): Buffer[] {
  const writer = new ResponseWriter(options);
  writeValue(writer, value);
  return writer.finish();
}

/**
 * One value made only of strings, numbers, NIL and lists (ENVELOPE, BODYSTRUCTURE) as the text
 * encodeValue() would give in UTF-8: kept and later written as is, it yields the same bytes.
 */
export function encodeValueText(value: ImapValue, options: EncodeOptions = {}): string {
  const writer = new ResponseWriter(options, true);
  writeValue(writer, value);
  return writer.finishText();
}

/**
 * untagged() as text, for responses whose literals all come from strings (no message bytes):
 * many such lines joined make one Buffer instead of one each.
 */
export function untaggedText(values: readonly ImapValue[], options: EncodeOptions = {}): string {
  const writer = new ResponseWriter(options, true);
  writer.text('* ');
  writeSeparated(writer, values);
  writer.text('\r\n');
  return writer.finishText();
}

/** `* <values separated by SP>\r\n`, e.g. untagged([12, atom('FETCH'), [atom('UID'), 7]]). */
export function untagged(values: readonly ImapValue[], options: EncodeOptions = {}): Buffer[] {
  const writer = new ResponseWriter(options);
  writer.text('* ');
  writeSeparated(writer, values);
  writer.text('\r\n');
  return writer.finish();
}

/** `<tag> OK|NO|BAD [code] text\r\n`. */
export function tagged(
  tag: string,
  status: ResponseStatus,
  text: string,
  code?: ResponseCode | string,
  options: EncodeOptions = {},
): Buffer[] {
  if (!isValidTag(tag)) throw new TypeError(`Not an IMAP tag: ${JSON.stringify(tag)}`);
  return statusLine(tag, status, text, code, options);
}

/** `* OK|NO|BAD|BYE|PREAUTH [code] text\r\n`. */
export function untaggedStatus(
  status: ResponseStatus | 'BYE' | 'PREAUTH',
  text: string,
  code?: ResponseCode | string,
  options: EncodeOptions = {},
): Buffer[] {
  return statusLine('*', status, text, code, options);
}

/** `+ text\r\n`: the continuation request for a literal or an AUTHENTICATE step. */
export function continuation(text = 'Ready', options: EncodeOptions = {}): Buffer[] {
  return [Buffer.from(`+ ${cleanText(text, options) || 'Ready'}\r\n`, 'utf8')];
}

const defaultTexts: Record<string, string> = {
  OK: 'Completed',
  NO: 'Failed',
  BAD: 'Invalid command',
  BYE: 'Closing connection',
  PREAUTH: 'Logged in',
};

function statusLine(
  prefix: string,
  status: string,
  text: string,
  code: ResponseCode | string | undefined,
  options: EncodeOptions,
): Buffer[] {
  const writer = new ResponseWriter(options);
  writer.text(`${prefix} ${status} `);
  if (code !== undefined) {
    const { name, args = [] } = typeof code === 'string' ? { name: code } : code;
    writer.text(`[${atom(name).text}`);
    for (const arg of args) {
      writer.text(' ');
      writeValue(writer, arg);
    }
    writer.text('] ');
  }
  // RFC 3501 requires text after the status; RFC 9051 made it optional. Always send some.
  writer.text(`${cleanText(text, options) || (defaultTexts[status] ?? status)}\r\n`);
  return writer.finish();
}

/** Human-readable text: no CR, LF or NUL, and ASCII only unless UTF-8 is on. */
function cleanText(text: string, options: EncodeOptions): string {
  const clean = text.replace(/[\0\r\n]+/g, ' ').trim();
  return options.utf8 === true ? clean : clean.replace(/[^\t\x20-\x7e]/g, '?');
}
