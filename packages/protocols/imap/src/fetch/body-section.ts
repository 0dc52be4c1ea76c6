// RFC 9051 §6.4.5 BODY[section] and RFC 3516 BINARY[section]: the bytes a section names, found
// through the MIME tree's offsets (no copy of the message; subarrays of the raw buffer).
import { decodeTransfer, entityHeader, selectHeaderLines, type MimeEntity } from '@chasqui/mail';
import type { SectionSpec } from '../proto/index.js';

/** The entity a part path names (RFC 9051 §6.4.5 part numbering), or null when it does not exist. */
export function resolvePart(root: MimeEntity, path: readonly number[]): MimeEntity | null {
  let current = root;
  for (const [index, number] of path.entries()) {
    // A message/rfc822 part's children are those of its encapsulated message.
    if (index > 0 && current.message !== null) current = current.message;
    if (current.type === 'multipart') {
      const child = current.parts[number - 1];
      if (!child) return null;
      current = child;
    } else if (number !== 1) return null;
  }
  return current;
}

/** The message whose HEADER/TEXT a section names: the root, or a message/rfc822 part's. */
function messageOf(root: MimeEntity, entity: MimeEntity, path: readonly number[]): MimeEntity | null {
  if (path.length === 0) return root;
  return entity.message;
}

/** The bytes of BODY[section] (before any partial range), or null when the part is missing. */
export function bodySectionBytes(raw: Buffer, root: MimeEntity, section: SectionSpec): Buffer | null {
  const entity = resolvePart(root, section.part);
  if (entity === null) return null;
  switch (section.text) {
    case null:
      return section.part.length === 0 ? raw : raw.subarray(entity.bodyStart, entity.end);
    case 'MIME':
      return raw.subarray(entity.headerStart, entity.bodyStart);
    case 'HEADER': {
      const message = messageOf(root, entity, section.part);
      return message ? raw.subarray(message.headerStart, message.bodyStart) : Buffer.alloc(0);
    }
    case 'HEADER.FIELDS':
    case 'HEADER.FIELDS.NOT': {
      const message = messageOf(root, entity, section.part);
      if (!message) return Buffer.alloc(0);
      const exclude = section.text === 'HEADER.FIELDS.NOT';
      return selectHeaderLines(raw, message.headerStart, message.bodyStart, section.fields, exclude);
    }
    case 'TEXT': {
      const message = messageOf(root, entity, section.part);
      return message ? raw.subarray(message.bodyStart, message.end) : Buffer.alloc(0);
    }
  }
}

export type BinaryResult =
  | { readonly ok: true; readonly data: Buffer }
  | { readonly ok: false; readonly reason: 'missing' | 'unknown-cte' };

/** The decoded content of BINARY[part] (RFC 3516 §4.2). */
export function binarySectionBytes(raw: Buffer, root: MimeEntity, part: readonly number[]): BinaryResult {
  if (part.length === 0) return { ok: true, data: raw };
  const entity = resolvePart(root, part);
  if (entity === null) return { ok: false, reason: 'missing' };
  const body = raw.subarray(entity.bodyStart, entity.end);
  if (entity.type === 'multipart' || entity.message !== null) return { ok: true, data: body };
  const decoded = decodeTransfer(body, entityHeader(entity, 'content-transfer-encoding'));
  return decoded ? { ok: true, data: decoded } : { ok: false, reason: 'unknown-cte' };
}

/** Applies a partial range `<offset.length>` (RFC 9051 §6.4.5). */
export function applyPartial(data: Buffer, partial: SectionSpec['partial']): Buffer {
  if (partial === null) return data;
  if (partial.offset >= data.length) return Buffer.alloc(0);
  return data.subarray(partial.offset, partial.offset + partial.length);
}
