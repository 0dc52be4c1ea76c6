// RFC 8621 §4.1.4 body parts: the EmailBodyPart tree (bodyStructure), the textBody / htmlBody /
// attachments flattening algorithm of that section, and decoded bodyValues.
import {
  decodeCharset,
  decodeEncodedWords,
  decodeTransfer,
  entityHeader,
  paramValue,
  parseStructuredValue,
  type MimeEntity,
} from '@chasqui/mail';

export interface BodyPart {
  readonly partId: string | null;
  readonly blobId: string | null;
  readonly size: number;
  readonly headers: { name: string; value: string }[];
  readonly name: string | null;
  readonly type: string;
  readonly charset: string | null;
  readonly disposition: string | null;
  readonly cid: string | null;
  readonly language: string[] | null;
  readonly location: string | null;
  readonly subParts?: BodyPart[];
  /** Not sent to clients: where the part's body is in the raw message. */
  readonly entity: MimeEntity;
}

/** RFC 2231 "name*=utf-8''..." and encoded-word file names, decoded. */
function fileName(entity: MimeEntity): string | null {
  const disposition = parseStructuredValue(entityHeader(entity, 'content-disposition') ?? '');
  const extended = disposition.params.find(([key]) => key === 'filename*')?.[1];
  if (extended) {
    const match = /^([^']*)'[^']*'(.*)$/.exec(extended);
    try {
      return decodeURIComponent(match?.[2] ?? extended);
    } catch {
      return extended;
    }
  }
  const plain =
    paramValue(disposition, 'filename') ?? entity.params.find(([key]) => key === 'name')?.[1] ?? null;
  return plain === null ? null : decodeEncodedWords(plain);
}

/** Builds the part tree; leaf part ids count depth-first from 1, blob ids are `<email blob>.<partId>`. */
export function buildBodyStructure(raw: Buffer, root: MimeEntity, emailBlobId: string): BodyPart {
  let counter = 0;
  const visit = (entity: MimeEntity): BodyPart => {
    const isMultipart = entity.type === 'multipart';
    const partId = isMultipart ? null : String(++counter);
    const disposition = parseStructuredValue(entityHeader(entity, 'content-disposition') ?? '').value;
    const cid = entityHeader(entity, 'content-id');
    const language = entityHeader(entity, 'content-language');
    const part: BodyPart = {
      partId,
      blobId: partId === null ? null : `${emailBlobId}.${partId}`,
      size: isMultipart ? 0 : decodedSize(raw, entity),
      headers: entity.headers.map((field) => ({ name: field.name, value: ` ${field.value}` })),
      name: fileName(entity),
      type: `${entity.type}/${entity.subtype}`,
      charset:
        entity.type === 'text' ? (entity.params.find(([key]) => key === 'charset')?.[1] ?? 'us-ascii') : null,
      disposition: disposition === '' ? null : disposition,
      cid: cid === null ? null : cid.replace(/^<|>$/g, ''),
      language: language === null ? null : language.split(',').map((tag) => tag.trim()),
      location: entityHeader(entity, 'content-location'),
      entity,
      ...(isMultipart ? { subParts: entity.parts.map(visit) } : {}),
    };
    return part;
  };
  return visit(root);
}

function decodedSize(raw: Buffer, entity: MimeEntity): number {
  const body = raw.subarray(entity.bodyStart, entity.end);
  return decodeTransfer(body, entityHeader(entity, 'content-transfer-encoding'))?.length ?? body.length;
}

/** The decoded bytes of a leaf part. */
export function partBytes(raw: Buffer, entity: MimeEntity): Buffer {
  const body = raw.subarray(entity.bodyStart, entity.end);
  return decodeTransfer(body, entityHeader(entity, 'content-transfer-encoding')) ?? body;
}

/** The decoded text of a text part. */
export function partText(raw: Buffer, part: BodyPart): string {
  return decodeCharset(partBytes(raw, part.entity), part.charset);
}

/** Finds a leaf part by partId. */
export function findPart(part: BodyPart, partId: string): BodyPart | null {
  if (part.partId === partId) return part;
  for (const child of part.subParts ?? []) {
    const found = findPart(child, partId);
    if (found) return found;
  }
  return null;
}

export interface FlatBody {
  readonly textBody: BodyPart[];
  readonly htmlBody: BodyPart[];
  readonly attachments: BodyPart[];
}

function isInlineMedia(type: string): boolean {
  return type.startsWith('image/') || type.startsWith('audio/') || type.startsWith('video/');
}

/** RFC 8621 §4.1.4 parseStructure, followed closely. */
export function flattenBody(root: BodyPart): FlatBody {
  const result: FlatBody = { textBody: [], htmlBody: [], attachments: [] };
  walk([root], 'mixed', false, result.htmlBody, result.textBody, result.attachments);
  return result;
}

function isInlinePart(part: BodyPart, index: number, multipartType: string): boolean {
  return (
    part.disposition !== 'attachment' &&
    (part.type === 'text/plain' || part.type === 'text/html' || isInlineMedia(part.type)) &&
    (index === 0 || (multipartType !== 'related' && (isInlineMedia(part.type) || part.name === null)))
  );
}

function walk(
  parts: readonly BodyPart[],
  multipartType: string,
  inAlternative: boolean,
  htmlBodyIn: BodyPart[] | null,
  textBodyIn: BodyPart[] | null,
  attachments: BodyPart[],
): void {
  let htmlBody = htmlBodyIn;
  let textBody = textBodyIn;
  const textLength = textBody ? textBody.length : -1;
  const htmlLength = htmlBody ? htmlBody.length : -1;
  for (const [index, part] of parts.entries()) {
    if (part.type.startsWith('multipart/')) {
      const subType = part.type.slice('multipart/'.length);
      walk(
        part.subParts ?? [],
        subType,
        inAlternative || subType === 'alternative',
        htmlBody,
        textBody,
        attachments,
      );
    } else if (isInlinePart(part, index, multipartType)) {
      if (multipartType === 'alternative') {
        if (part.type === 'text/plain') textBody?.push(part);
        else if (part.type === 'text/html') htmlBody?.push(part);
        else attachments.push(part);
        continue;
      } else if (inAlternative) {
        if (part.type === 'text/plain') htmlBody = null;
        if (part.type === 'text/html') textBody = null;
      }
      textBody?.push(part);
      htmlBody?.push(part);
      if ((!textBody || !htmlBody) && isInlineMedia(part.type)) attachments.push(part);
    } else {
      attachments.push(part);
    }
  }
  if (multipartType === 'alternative' && textBody && htmlBody) {
    // A missing alternative is filled from the other one.
    if (textLength === textBody.length && htmlLength !== htmlBody.length) {
      textBody.push(...htmlBody.slice(htmlLength));
    }
    if (htmlLength === htmlBody.length && textLength !== textBody.length) {
      htmlBody.push(...textBody.slice(textLength));
    }
  }
}

/** The JSON form of a part with the requested properties (RFC 8621 §4.1.4 bodyProperties). */
export function partJson(part: BodyPart, properties: readonly string[]): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const name of properties) {
    if (name === 'subParts') {
      if (part.subParts) json['subParts'] = part.subParts.map((child) => partJson(child, properties));
    } else if (name !== 'entity' && name in part) {
      json[name] = part[name as keyof BodyPart];
    }
  }
  return json;
}

export const defaultBodyProperties = [
  'partId',
  'blobId',
  'size',
  'name',
  'type',
  'charset',
  'disposition',
  'cid',
  'language',
  'location',
];
