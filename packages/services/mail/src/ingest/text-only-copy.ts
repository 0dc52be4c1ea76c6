// postal-mime decodes the body of every part it reads, attachments included (base64 of a 100 KB
// PDF is most of its work), although ingest only keeps an attachment's name and disposition.
// So it reads a copy in which the bodies of binary leaves are left out: their headers stay, so
// the attachment list, the text, the addresses and hasAttachment come out the same. The part
// boundaries come from our own MIME tree (mime/mime-tree.ts), the one FETCH and JMAP read.
//
// Two parsers agree on where a part starts and what it is only when its header, and the
// headers of the parts around it, are plainly written. Anything unusual (a bare CR, a field
// name with spaces, a comment or an escape in Content-Type, a body line starting with "--")
// keeps the bytes as they are: postal-mime then reads exactly what it would have read.
import type { HeaderField } from '../mime/header-block.js';
import { parseMimeTree, type MimeEntity } from '../mime/mime-tree.js';
import { paramValue, parseStructuredValue } from '../mime/structured-value.js';

type Range = readonly [start: number, end: number];

/** A line that starts like a boundary delimiter (RFC 2046 §5.1.1 "--"). */
const delimiterStart = Buffer.from('\n--', 'latin1');
const fieldName = /^[\x21-\x39\x3b-\x7e]+$/;
const mediaType = /^[ \t]*([a-z0-9!#$&^_.+-]+)\/([a-z0-9!#$&^_.+-]+)[ \t]*(?:;|$)/i;
const plainBoundary = /;[ \t]*boundary=(?:"([^"\\]*)"|([^\s;"]+))[ \t]*(?:;|$)/i;
/** Our header reader stops at this many fields; past it the two parsers may differ. */
const maxPlainFields = 500;

/** Every line is a field `name:` with a plain name, or the continuation of one; no bare CR. */
function isPlainHeaderBlock(raw: Buffer, entity: MimeEntity): boolean {
  const lines = raw.toString('latin1', entity.headerStart, entity.bodyStart).split('\n');
  let fields = 0;
  for (const [index, line] of lines.entries()) {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.includes('\r')) return false;
    if (text === '') return index >= lines.length - 2;
    if (text.startsWith(' ') || text.startsWith('\t')) {
      if (index === 0) return false;
      continue;
    }
    const colon = text.indexOf(':');
    if (colon <= 0 || !fieldName.test(text.slice(0, colon)) || ++fields > maxPlainFields) return false;
  }
  return true;
}

function contentTypeFields(headers: readonly HeaderField[]): HeaderField[] {
  return headers.filter((field) => field.name.toLowerCase() === 'content-type');
}

/** One Content-Type, naming plainly the type our tree gave the entity. */
function hasPlainContentType(entity: MimeEntity): boolean {
  const [field, ...others] = contentTypeFields(entity.headers);
  if (field === undefined || others.length > 0) return false;
  const named = mediaType.exec(field.value);
  if (!named || `${named[1]}/${named[2]}`.toLowerCase() !== `${entity.type}/${entity.subtype}`) return false;
  return entity.type !== 'multipart' || hasPlainBoundary(field.value);
}

/** A boundary any reader takes as the same string: no comments, escapes or RFC 2231 pieces. */
function hasPlainBoundary(value: string): boolean {
  if (/[()\\]/.test(value) || value.toLowerCase().split('boundary').length !== 2) return false;
  const found = plainBoundary.exec(value);
  const written = found?.[1] ?? found?.[2];
  return written !== undefined && written === paramValue(parseStructuredValue(value), 'boundary');
}

/** A leaf whose body postal-mime could only turn into attachment content, not text. */
function isBinaryLeaf(raw: Buffer, entity: MimeEntity): boolean {
  if (entity.end <= entity.bodyStart) return false;
  if (entity.type === 'text' || entity.type === 'message' || entity.type === 'multipart') return false;
  // A body line starting with "--" might be the boundary of a multipart left open above.
  const found = raw.indexOf(delimiterStart, Math.max(0, entity.bodyStart - 1));
  return found === -1 || found >= entity.end;
}

function isPlainEntity(raw: Buffer, entity: MimeEntity): boolean {
  return hasPlainContentType(entity) && isPlainHeaderBlock(raw, entity);
}

function binaryBodies(raw: Buffer, entity: MimeEntity, found: Range[]): void {
  const isLeaf = entity.parts.length === 0 && entity.message === null;
  if (isLeaf) {
    if (isBinaryLeaf(raw, entity) && isPlainEntity(raw, entity)) found.push([entity.bodyStart, entity.end]);
    return;
  }
  // The parts inside are only read the same way if this entity is.
  if (!isPlainEntity(raw, entity)) return;
  for (const part of entity.parts) binaryBodies(raw, part, found);
  if (entity.message !== null) binaryBodies(raw, entity.message, found);
}

/** The message without the bodies of its binary leaves; `raw` itself when it has none. */
export function textOnlyCopy(raw: Buffer, root: MimeEntity = parseMimeTree(raw)): Buffer {
  const skipped: Range[] = [];
  binaryBodies(raw, root, skipped);
  if (skipped.length === 0) return raw;
  const kept: Buffer[] = [];
  let from = 0;
  for (const [start, end] of skipped) {
    kept.push(raw.subarray(from, start));
    from = end;
  }
  kept.push(raw.subarray(from));
  return Buffer.concat(kept);
}
