// RFC 5322 §2.2 header fields: where a header block ends and its unfolded fields. Tolerant of
// bare LF, missing blank lines and 8-bit bytes (kept as UTF-8 when valid, else Latin-1).

/** One header field, unfolded; `value` keeps encoded-words and comments as sent. */
export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

const LF = 0x0a;
const CR = 0x0d;

/** Header fields per block past this are ignored (a header bomb is not worth reading). */
const maxFields = 1000;

/**
 * The offset where the body begins: just after the first empty line at or after `start`, or
 * `end` when there is none (the whole entity is header).
 */
export function findBodyStart(raw: Buffer, start: number, end: number): number {
  let lineStart = start;
  while (lineStart < end) {
    const newline = raw.indexOf(LF, lineStart);
    if (newline === -1 || newline >= end) return end;
    const isEmpty = newline === lineStart || (newline === lineStart + 1 && raw[lineStart] === CR);
    if (isEmpty) return newline + 1;
    lineStart = newline + 1;
  }
  return end;
}

/** Text of header bytes: UTF-8 when valid (RFC 6532), else Latin-1 so that no byte is lost. */
export function headerText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.includes('\uFFFD') ? bytes.toString('latin1') : text;
}

/** The fields of the header block raw[start, end). Lines that are not fields are skipped. */
export function parseHeaderFields(raw: Buffer, start: number, end: number): HeaderField[] {
  const lines = headerText(raw.subarray(start, end)).split(/\r?\n/);
  const fields: HeaderField[] = [];
  let current: { name: string; value: string } | null = null;
  for (const line of lines) {
    if (line === '') break;
    if ((line.startsWith(' ') || line.startsWith('\t')) && current !== null) {
      current.value += line;
      continue;
    }
    if (current !== null) fields.push(finish(current));
    current = null;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue;
    if (fields.length >= maxFields) break;
    current = { name, value: line.slice(colon + 1) };
  }
  if (current !== null && fields.length < maxFields) fields.push(finish(current));
  return fields;
}

function finish(field: { name: string; value: string }): HeaderField {
  return { name: field.name, value: field.value.trim() };
}

/** The first value of a field (case-insensitive name), or null. */
export function headerValue(fields: readonly HeaderField[], name: string): string | null {
  const lower = name.toLowerCase();
  return fields.find((field) => field.name.toLowerCase() === lower)?.value ?? null;
}

/**
 * The raw lines of the header block raw[start, end) whose field names are (or, with
 * `exclude`, are not) in `names`, followed by the blank line (RFC 9051 §6.4.5 HEADER.FIELDS).
 */
export function selectHeaderLines(
  raw: Buffer,
  start: number,
  end: number,
  names: readonly string[],
  exclude: boolean,
): Buffer {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const kept: Buffer[] = [];
  let keep = false;
  let lineStart = start;
  while (lineStart < end) {
    let newline = raw.indexOf(LF, lineStart);
    if (newline === -1 || newline >= end) newline = end - 1;
    const line = raw.subarray(lineStart, newline + 1);
    lineStart = newline + 1;
    if (line.length === 0 || line[0] === CR || line[0] === LF) break;
    if (line[0] !== 0x20 && line[0] !== 0x09) {
      const colon = line.indexOf(0x3a);
      const name = colon > 0 ? line.toString('latin1', 0, colon).trim().toLowerCase() : '';
      keep = name !== '' && wanted.has(name) !== exclude;
    }
    if (keep) kept.push(line);
  }
  kept.push(Buffer.from('\r\n'));
  return Buffer.concat(kept);
}

/** The fields of a whole message's top-level header (bytes as stored, without copying them). */
export function messageHeaderFields(message: Uint8Array): HeaderField[] {
  const raw = Buffer.isBuffer(message)
    ? message
    : Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  return parseHeaderFields(raw, 0, findBodyStart(raw, 0, raw.length));
}
