// RFC 9051 §7.5.2 BODY and BODYSTRUCTURE: the MIME tree as nested lists, with extension data
// (MD5, disposition, language, location; multipart parameters) for BODYSTRUCTURE.
import { envelopeValue } from './envelope.js';
import { countLines, entityHeader, type MimeEntity } from './mime-tree.js';
import { parseStructuredValue } from './structured-value.js';
import type { SummaryValue } from './summary-value.js';

function paramsValue(params: readonly (readonly [string, string])[]): SummaryValue {
  if (params.length === 0) return null;
  return params.flatMap(([name, value]) => [name.toUpperCase(), value]);
}

function dispositionValue(entity: MimeEntity): SummaryValue {
  const header = entityHeader(entity, 'content-disposition');
  if (header === null) return null;
  const parsed = parseStructuredValue(header);
  if (parsed.value === '') return null;
  return [parsed.value.toUpperCase(), paramsValue(parsed.params)];
}

function languageValue(entity: MimeEntity): SummaryValue {
  const header = entityHeader(entity, 'content-language');
  if (header === null) return null;
  const tags = header.split(/[\s,]+/).filter((tag) => tag !== '');
  if (tags.length === 0) return null;
  return tags.length === 1 ? (tags[0] ?? null) : tags;
}

function encodingOf(entity: MimeEntity): string {
  const header = entityHeader(entity, 'content-transfer-encoding')?.trim();
  return header ? header.toUpperCase() : '7BIT';
}

/** The BODY (extended = false) or BODYSTRUCTURE (extended = true) of an entity. */
export function bodyStructureValue(raw: Buffer, entity: MimeEntity, extended: boolean): SummaryValue[] {
  if (entity.type === 'multipart') {
    const children = entity.parts.map((part) => bodyStructureValue(raw, part, extended));
    const value: SummaryValue[] = [...children, entity.subtype.toUpperCase()];
    if (extended) {
      value.push(paramsValue(entity.params), dispositionValue(entity), languageValue(entity));
      value.push(entityHeader(entity, 'content-location'));
    }
    return value;
  }
  return singlePartValue(raw, entity, extended);
}

function singlePartValue(raw: Buffer, entity: MimeEntity, extended: boolean): SummaryValue[] {
  const value: SummaryValue[] = [
    entity.type.toUpperCase(),
    entity.subtype.toUpperCase(),
    paramsValue(entity.params),
    entityHeader(entity, 'content-id'),
    entityHeader(entity, 'content-description'),
    encodingOf(entity),
    entity.end - entity.bodyStart,
  ];
  if (entity.type === 'message' && (entity.subtype === 'rfc822' || entity.subtype === 'global')) {
    value.push(...encapsulatedValue(raw, entity, extended));
  } else if (entity.type === 'text') {
    value.push(countLines(raw, entity.bodyStart, entity.end));
  }
  if (extended) {
    value.push(entityHeader(entity, 'content-md5'), dispositionValue(entity), languageValue(entity));
    value.push(entityHeader(entity, 'content-location'));
  }
  return value;
}

const emptyEnvelope: SummaryValue[] = [null, null, null, null, null, null, null, null, null, null];
const emptyBody: SummaryValue[] = ['TEXT', 'PLAIN', null, null, null, '7BIT', 0, 0];

/** envelope, body and lines of a message/rfc822 part (RFC 9051 body-type-msg). */
function encapsulatedValue(raw: Buffer, entity: MimeEntity, extended: boolean): SummaryValue[] {
  const lines = countLines(raw, entity.bodyStart, entity.end);
  // An encoded message/rfc822 was not parsed: the grammar still wants an envelope and a body.
  if (entity.message === null) return [emptyEnvelope, emptyBody, lines];
  return [envelopeValue(entity.message), bodyStructureValue(raw, entity.message, extended), lines];
}
