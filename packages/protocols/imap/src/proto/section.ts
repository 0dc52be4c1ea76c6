// RFC 9051 §6.4.5 FETCH sections: BODY[<section>]<partial>, BODY.PEEK[…] and RFC 3516
// BINARY[<part>], BINARY.PEEK[<part>], BINARY.SIZE[<part>].
import { fail, type Cursor } from './cursor.js';
import { formatAstring, MAX_NZ_NUMBER } from './grammar.js';
import { isDigit, readAstring } from './lexer.js';
import type { SectionName, SectionText, SectionToken } from './tokens.js';

const SECTION_NAMES: ReadonlySet<string> = new Set([
  'BODY',
  'BODY.PEEK',
  'BINARY',
  'BINARY.PEEK',
  'BINARY.SIZE',
]);
const SECTION_TEXTS: ReadonlySet<string> = new Set([
  'HEADER',
  'HEADER.FIELDS',
  'HEADER.FIELDS.NOT',
  'TEXT',
  'MIME',
]);

const DOT = 0x2e;
const SP = 0x20;
const LPAREN = 0x28;
const RPAREN = 0x29;
const RBRACKET = 0x5d;
const LT = 0x3c;
const GT = 0x3e;

/** True for the FETCH items that take a "[section]". */
export function isSectionName(name: string): name is SectionName {
  return SECTION_NAMES.has(name);
}

function isSectionText(text: string): text is SectionText {
  return SECTION_TEXTS.has(text);
}

/** Reads "[…]" and an optional "<offset.length>" after `name`; `start` is where the name began. */
export function readSection(
  cursor: Cursor,
  name: SectionName,
  start: number,
  allowNul: boolean,
): SectionToken {
  const startSegment = cursor.segmentIndex;
  cursor.advance();
  const { part, text } = readSpec(cursor);
  const fields =
    text === 'HEADER.FIELDS' || text === 'HEADER.FIELDS.NOT' ? readHeaderList(cursor, allowNul) : [];
  if (cursor.peek() !== RBRACKET) fail('Expected "]" to end the section');
  cursor.advance();
  if (name.startsWith('BINARY') && text !== null) fail(`${name} takes only a part number`);
  let partial: SectionToken['partial'] = null;
  if (cursor.peek() === LT) {
    if (name === 'BINARY.SIZE') fail('BINARY.SIZE takes no partial range');
    partial = readPartial(cursor);
  }
  const section = { type: 'section', name, part, text, fields, partial } as const;
  const raw = cursor.segmentIndex === startSegment ? cursor.text(start) : formatSection(section, false);
  return { ...section, raw };
}

function readSpec(cursor: Cursor): { part: number[]; text: SectionText | null } {
  const part: number[] = [];
  while (isDigit(cursor.peek())) {
    part.push(readNumber(cursor, true));
    if (cursor.peek() !== DOT) return { part, text: null };
    cursor.advance();
  }
  const keywordStart = cursor.offset;
  cursor.skipWhile((byte) => byte === DOT || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a));
  const keyword = cursor.text(keywordStart).toUpperCase();
  if (keyword === '') {
    if (part.length > 0) fail('Expected a section text after "."');
    return { part, text: null };
  }
  if (!isSectionText(keyword)) fail(`Unknown section text "${keyword}"`);
  if (keyword === 'MIME' && part.length === 0) fail('MIME needs a part number');
  return { part, text: keyword };
}

function readHeaderList(cursor: Cursor, allowNul: boolean): string[] {
  if (cursor.peek() !== SP || cursor.peek(1) !== LPAREN) fail('Expected " (" and header field names');
  cursor.advance(2);
  const fields: string[] = [];
  for (;;) {
    const field = readAstring(cursor, allowNul);
    // RFC 5322 field-name: printable ASCII except ":". Checked because responses echo it.
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(field)) fail('Invalid header field name');
    fields.push(field);
    if (cursor.peek() === RPAREN) break;
    if (cursor.peek() !== SP) fail('Expected space or ")" in the header field list');
    cursor.advance();
  }
  cursor.advance();
  return fields;
}

function readPartial(cursor: Cursor): { offset: number; length: number } {
  cursor.advance();
  const offset = readNumber(cursor, false);
  if (cursor.peek() !== DOT) fail('Expected "<offset.length>"');
  cursor.advance();
  const length = readNumber(cursor, true);
  if (cursor.peek() !== GT) fail('Expected ">" to end the partial range');
  cursor.advance();
  return { offset, length };
}

function readNumber(cursor: Cursor, nonZero: boolean): number {
  const start = cursor.offset;
  cursor.skipWhile(isDigit);
  const digits = cursor.text(start);
  const value = Number(digits);
  if (digits === '' || digits.length > 10 || value > MAX_NZ_NUMBER) fail('Expected a number in the section');
  if (nonZero && value === 0) fail('Section numbers start at 1');
  return value;
}

/** Section fields shared by a parsed SectionToken and what a FETCH response echoes. */
export type SectionSpec = Pick<SectionToken, 'name' | 'part' | 'text' | 'fields' | 'partial'>;

/**
 * Formats a section. For a response (`isResponse`), RFC 9051 §7.5.2 names it without ".PEEK"
 * and gives only the origin octet: BODY.PEEK[HEADER]<0.100> is answered as BODY[HEADER]<0>.
 */
export function formatSection(section: SectionSpec, isResponse: boolean): string {
  const name = isResponse ? section.name.replace('.PEEK', '') : section.name;
  const spec = [section.part.join('.'), section.text ?? ''].filter((piece) => piece !== '').join('.');
  const fields = section.fields.length > 0 ? ` (${section.fields.map(formatAstring).join(' ')})` : '';
  const partial = section.partial;
  let range = '';
  if (partial !== null) range = isResponse ? `<${partial.offset}>` : `<${partial.offset}.${partial.length}>`;
  return `${name}[${spec}${fields}]${range}`;
}
