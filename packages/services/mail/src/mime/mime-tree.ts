// RFC 2045/2046 MIME structure with byte offsets: each entity's header and body ranges in the
// raw message, multipart children and message/rfc822 encapsulation. IMAP FETCH BODY[section],
// BODYSTRUCTURE and JMAP bodyStructure read from it. Never throws: malformed mail (missing
// boundaries, no blank line, garbage) still yields a tree that covers every byte sensibly.
import { findBodyStart, headerValue, parseHeaderFields, type HeaderField } from './header-block.js';
import { paramValue, parseStructuredValue } from './structured-value.js';

export interface MimeEntity {
  /** Offset of the first header byte in the raw message. */
  readonly headerStart: number;
  /** Offset just after the blank line that ends the header (= end when there is no body). */
  readonly bodyStart: number;
  /** Offset just after the last body byte (the line break before a boundary excluded). */
  readonly end: number;
  readonly headers: readonly HeaderField[];
  /** Media type and subtype, lower-cased ("text", "plain"). */
  readonly type: string;
  readonly subtype: string;
  /** Content-Type parameters as sent, names lower-cased. */
  readonly params: readonly (readonly [string, string])[];
  /** Children of a multipart entity; empty otherwise. */
  readonly parts: readonly MimeEntity[];
  /** The encapsulated message of a message/rfc822 (or message/global) entity. */
  readonly message: MimeEntity | null;
}

/** Deepest nesting followed, and most entities read; beyond, entities are leaves. */
const maxDepth = 32;
const maxEntities = 2000;

interface Budget {
  entities: number;
}

const LF = 0x0a;
const CR = 0x0d;

/** Parses a raw message into its MIME tree. */
export function parseMimeTree(raw: Buffer): MimeEntity {
  return parseEntity(raw, 0, raw.length, 'text/plain', 0, { entities: 0 });
}

function parseEntity(
  raw: Buffer,
  start: number,
  end: number,
  defaultType: string,
  depth: number,
  budget: Budget,
): MimeEntity {
  budget.entities++;
  const bodyStart = findBodyStart(raw, start, end);
  const headers = parseHeaderFields(raw, start, bodyStart);
  const header = headerValue(headers, 'content-type');
  // RFC 2045 §5.2: no Content-Type means text/plain; charset=us-ascii (message/rfc822 in a digest).
  const contentType = parseStructuredValue(
    header ?? (defaultType === 'text/plain' ? 'text/plain; charset=us-ascii' : defaultType),
  );
  let [type = '', subtype = ''] = contentType.value.split('/', 2).map((piece) => piece.trim());
  let params = contentType.params;
  if (!/^[a-z0-9!#$&^_.+-]+$/.test(type) || !/^[a-z0-9!#$&^_.+-]+$/.test(subtype)) {
    // RFC 2045 §5.2: an unreadable Content-Type means text/plain; charset=us-ascii.
    [type, subtype] = defaultType.split('/') as [string, string];
    params = defaultType === 'text/plain' ? [['charset', 'us-ascii']] : [];
  }
  const entity = { headerStart: start, bodyStart, end, headers, type, subtype, params };
  const canDescend = depth < maxDepth && budget.entities < maxEntities;
  if (type === 'multipart' && canDescend) {
    const boundary = paramValue(contentType, 'boundary');
    const childType = subtype === 'digest' ? 'message/rfc822' : 'text/plain';
    const parts = boundary ? splitMultipart(raw, bodyStart, end, boundary) : [];
    if (parts.length > 0) {
      const children = parts.map(([from, to]) => parseEntity(raw, from, to, childType, depth + 1, budget));
      return { ...entity, parts: children, message: null };
    }
    // No usable boundary: the body is one text part, so BODYSTRUCTURE stays valid.
    const only = leaf(raw, bodyStart, end);
    return { ...entity, parts: [only], message: null };
  }
  if (isEncapsulated(type, subtype, headers) && canDescend) {
    const message = parseEntity(raw, bodyStart, end, 'text/plain', depth + 1, budget);
    return { ...entity, parts: [], message };
  }
  return { ...entity, parts: [], message: null };
}

function leaf(raw: Buffer, start: number, end: number): MimeEntity {
  return {
    headerStart: start,
    bodyStart: start,
    end,
    headers: [],
    type: 'text',
    subtype: 'plain',
    params: [['charset', 'us-ascii']],
    parts: [],
    message: null,
  };
}

function isEncapsulated(type: string, subtype: string, headers: readonly HeaderField[]): boolean {
  if (type !== 'message' || (subtype !== 'rfc822' && subtype !== 'global')) return false;
  // An encoded message/rfc822 has no byte offsets to give: it stays a leaf.
  const encoding = (headerValue(headers, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  return encoding === '7bit' || encoding === '8bit' || encoding === 'binary';
}

/**
 * The [start, end) ranges of the parts of a multipart body. The line break before each
 * delimiter belongs to the delimiter (RFC 2046 §5.1.1). Without a close delimiter the last
 * part runs to the end of the body.
 */
export function splitMultipart(
  raw: Buffer,
  start: number,
  end: number,
  boundary: string,
): [number, number][] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const ranges: [number, number][] = [];
  let partStart = -1;
  let searchFrom = start;
  while (searchFrom < end) {
    const found = raw.indexOf(delimiter, searchFrom);
    if (found === -1 || found + delimiter.length > end) break;
    searchFrom = found + delimiter.length;
    if (found !== start && raw[found - 1] !== LF) continue;
    const isClose = raw[searchFrom] === 0x2d && raw[searchFrom + 1] === 0x2d;
    const lineEnd = delimiterLineEnd(raw, searchFrom + (isClose ? 2 : 0), end);
    if (lineEnd === -1) continue;
    if (partStart !== -1) ranges.push([partStart, Math.max(partStart, lineBreakStart(raw, found, start))]);
    if (isClose) return ranges;
    partStart = lineEnd;
    searchFrom = lineEnd;
  }
  if (partStart !== -1) ranges.push([partStart, end]);
  return ranges;
}

/** After a delimiter: optional whitespace then the line end; returns the next line's start. */
function delimiterLineEnd(raw: Buffer, from: number, end: number): number {
  let at = from;
  while (at < end && (raw[at] === 0x20 || raw[at] === 0x09)) at++;
  if (at >= end) return end;
  if (raw[at] === LF) return at + 1;
  if (raw[at] === CR && raw[at + 1] === LF) return at + 2;
  return -1;
}

/** Where the line break that ends just before `at` starts (CRLF or LF). */
function lineBreakStart(raw: Buffer, at: number, floor: number): number {
  if (at - 1 >= floor && raw[at - 1] === LF) {
    if (at - 2 >= floor && raw[at - 2] === CR) return at - 2;
    return at - 1;
  }
  return at;
}

/** Lines in raw[start, end), as IMAP BODYSTRUCTURE counts them (a last partial line counts). */
export function countLines(raw: Buffer, start: number, end: number): number {
  let lines = 0;
  let at = raw.indexOf(LF, start);
  while (at !== -1 && at < end) {
    lines++;
    at = raw.indexOf(LF, at + 1);
  }
  if (end > start && raw[end - 1] !== LF) lines++;
  return lines;
}

/** The entity's header value for `name`, or null. */
export function entityHeader(entity: MimeEntity, name: string): string | null {
  return headerValue(entity.headers, name);
}
