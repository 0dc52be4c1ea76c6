// RFC 9051 §9 character classes (atom, astring, tag, list-mailbox) as one byte table, shared by
// the reader, the parser and the compiler so that they agree on what needs quoting.

/** Largest nz-number / UID (RFC 9051 §9: 2^32 - 1). */
export const MAX_NZ_NUMBER = 4294967295;

const ATOM = 1;
const ASTRING = 2;
const TAG = 4;
const LIST = 8;

const table = buildTable();

function buildTable(): Uint8Array {
  const bits = new Uint8Array(256);
  const atomSpecials = new Set([0x28, 0x29, 0x7b, 0x20, 0x25, 0x2a, 0x22, 0x5c, 0x5d]);
  for (let byte = 0x21; byte < 0x7f; byte++) {
    if (atomSpecials.has(byte)) continue;
    bits[byte] = ATOM | ASTRING | LIST | (byte === 0x2b ? 0 : TAG);
  }
  // resp-specials "]" is an ASTRING-CHAR (so a tag char too); list-wildcards belong to list-mailbox.
  bits[0x5d] = ASTRING | TAG | LIST;
  bits[0x25] = LIST;
  bits[0x2a] = LIST;
  return bits;
}

/** ATOM-CHAR: any CHAR except atom-specials. */
export function isAtomChar(byte: number): boolean {
  return ((table[byte] ?? 0) & ATOM) !== 0;
}

/** ASTRING-CHAR: ATOM-CHAR or "]". */
export function isAstringChar(byte: number): boolean {
  return ((table[byte] ?? 0) & ASTRING) !== 0;
}

/** A tag character: any ASTRING-CHAR except "+". */
export function isTagChar(byte: number): boolean {
  return ((table[byte] ?? 0) & TAG) !== 0;
}

/** list-mailbox characters: ATOM-CHAR, list-wildcards ("%" "*") and "]". */
export function isListChar(byte: number): boolean {
  return ((table[byte] ?? 0) & LIST) !== 0;
}

function everyChar(text: string, test: (byte: number) => boolean): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    if (!test(text.charCodeAt(i))) return false;
  }
  return true;
}

/** True when `text` is a non-empty atom (1*ATOM-CHAR). */
export function isValidAtom(text: string): boolean {
  return everyChar(text, isAtomChar);
}

/** True when `text` may be sent as an astring without quoting (1*ASTRING-CHAR). */
export function isValidAstringAtom(text: string): boolean {
  return everyChar(text, isAstringChar);
}

/** True when `text` is a valid command tag. */
export function isValidTag(text: string): boolean {
  return everyChar(text, isTagChar);
}

/**
 * The tag at the start of a command line, or null when the line does not begin with one.
 * Used to address `<tag> BAD` replies even when the rest of the line is unusable.
 */
export function readTag(line: Buffer): string | null {
  const limit = Math.min(line.length, 1024);
  let end = 0;
  while (end < limit && isTagChar(line[end] ?? 0)) end++;
  if (end === 0 || (end < line.length && line[end] !== 0x20)) return null;
  return line.toString('latin1', 0, end);
}

/**
 * An astring in its shortest form: the atom itself when allowed (and not "NIL"), else quoted.
 * Only for printable ASCII (header field names, flags); the compiler handles any other text.
 */
export function formatAstring(text: string): string {
  if (isValidAstringAtom(text) && text.toUpperCase() !== 'NIL') return text;
  return `"${text.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}
