// RFC 8621 §4.1 the Email object: metadata from the stored message, header and body properties
// from the raw message's MIME tree (parsed only when a requested property needs it).
import { keywordBits } from '@chasqui/core';
import {
  emailObjectId,
  mailboxObjectId,
  messageHeaderFields,
  parseMimeTree,
  threadObjectId,
  type StoredMessage,
} from '@chasqui/mail';
import {
  defaultBodyProperties,
  buildBodyStructure,
  flattenBody,
  partJson,
  partText,
  type BodyPart,
} from './body-parts.js';
import { headerPropertyValue, parseHeaderProperty, type HeaderProperty } from './header-forms.js';

export const defaultEmailProperties = [
  'id',
  'blobId',
  'threadId',
  'mailboxIds',
  'keywords',
  'size',
  'receivedAt',
  'messageId',
  'inReplyTo',
  'references',
  'sender',
  'from',
  'to',
  'cc',
  'bcc',
  'replyTo',
  'subject',
  'sentAt',
  'hasAttachment',
  'preview',
  'bodyValues',
  'textBody',
  'htmlBody',
  'attachments',
];

const metadataProperties = new Set([
  'id',
  'blobId',
  'threadId',
  'mailboxIds',
  'keywords',
  'size',
  'receivedAt',
  'hasAttachment',
  'preview',
]);

const convenienceHeaders: Record<string, HeaderProperty> = {
  messageId: { name: 'Message-ID', form: 'MessageIds', all: false },
  inReplyTo: { name: 'In-Reply-To', form: 'MessageIds', all: false },
  references: { name: 'References', form: 'MessageIds', all: false },
  sender: { name: 'Sender', form: 'Addresses', all: false },
  from: { name: 'From', form: 'Addresses', all: false },
  to: { name: 'To', form: 'Addresses', all: false },
  cc: { name: 'Cc', form: 'Addresses', all: false },
  bcc: { name: 'Bcc', form: 'Addresses', all: false },
  replyTo: { name: 'Reply-To', form: 'Addresses', all: false },
  subject: { name: 'Subject', form: 'Text', all: false },
  sentAt: { name: 'Date', form: 'Date', all: false },
};

export interface BodyOptions {
  readonly bodyProperties: readonly string[];
  readonly fetchTextBodyValues: boolean;
  readonly fetchHTMLBodyValues: boolean;
  readonly fetchAllBodyValues: boolean;
  readonly maxBodyValueBytes: number;
}

export const defaultBodyOptions: BodyOptions = {
  bodyProperties: defaultBodyProperties,
  fetchTextBodyValues: false,
  fetchHTMLBodyValues: false,
  fetchAllBodyValues: false,
  maxBodyValueBytes: 0,
};

/** True when a property needs the raw message. */
export function needsRaw(property: string): boolean {
  return !metadataProperties.has(property);
}

/** JMAP keywords of a stored message (system flag bits and free keywords). */
export function keywordsOf(message: StoredMessage): Record<string, true> {
  const keywords: Record<string, true> = {};
  for (const [keyword, bit] of Object.entries(keywordBits))
    if ((message.flags & bit) !== 0) keywords[keyword] = true;
  for (const keyword of message.keywords) keywords[keyword] = true;
  return keywords;
}

function metadata(message: StoredMessage, property: string): unknown {
  switch (property) {
    case 'id':
      return emailObjectId(message.id);
    case 'blobId':
      return message.blobId;
    case 'threadId':
      return threadObjectId(message.threadId);
    case 'mailboxIds':
      return Object.fromEntries([...message.uids.keys()].map((id) => [mailboxObjectId(id), true]));
    case 'keywords':
      return keywordsOf(message);
    case 'size':
      return message.size;
    case 'receivedAt':
      return new Date(message.receivedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
    case 'hasAttachment':
      return message.hasAttachment;
    default:
      return message.preview;
  }
}

function truncate(text: string, max: number): { value: string; isTruncated: boolean } {
  if (max <= 0 || Buffer.byteLength(text) <= max) return { value: text, isTruncated: false };
  let value = Buffer.from(text).subarray(0, max).toString('utf8');
  if (value.endsWith('\uFFFD')) value = value.slice(0, -1);
  return { value, isTruncated: true };
}

function bodyValues(raw: Buffer, parts: readonly BodyPart[], max: number): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const part of parts) {
    if (part.partId === null || !part.type.startsWith('text/') || part.partId in values) continue;
    values[part.partId] = { ...truncate(partText(raw, part), max), isEncodingProblem: false };
  }
  return values;
}

/** Builds one Email object with the requested properties. */
export function emailObject(
  message: StoredMessage,
  raw: Buffer | null,
  properties: readonly string[],
  options: BodyOptions,
): Record<string, unknown> {
  const email: Record<string, unknown> = { id: emailObjectId(message.id) };
  const tree = raw ? parseMimeTree(raw) : null;
  const fields = raw ? messageHeaderFields(raw) : [];
  let structure: BodyPart | null = null;
  const body = (): BodyPart =>
    (structure ??= buildBodyStructure(
      raw ?? Buffer.alloc(0),
      tree ?? parseMimeTree(Buffer.alloc(0)),
      message.blobId,
    ));
  for (const property of properties) {
    if (metadataProperties.has(property)) email[property] = metadata(message, property);
    else if (property in convenienceHeaders) {
      const header = convenienceHeaders[property];
      if (header) email[property] = headerPropertyValue(fields, header);
    } else if (property.startsWith('header:')) {
      const header = parseHeaderProperty(property);
      if (header) email[property] = headerPropertyValue(fields, header);
    } else if (property === 'headers')
      email[property] = fields.map((field) => ({ name: field.name, value: ` ${field.value}` }));
    else if (property === 'bodyStructure') email[property] = partJson(body(), options.bodyProperties);
    else if (property === 'textBody' || property === 'htmlBody' || property === 'attachments') {
      email[property] = flattenBody(body())[property].map((part) => partJson(part, options.bodyProperties));
    } else if (property === 'bodyValues') email[property] = selectBodyValues(raw, body(), options);
  }
  return email;
}

function selectBodyValues(raw: Buffer | null, root: BodyPart, options: BodyOptions): Record<string, unknown> {
  if (!raw) return {};
  const flat = flattenBody(root);
  const parts: BodyPart[] = [];
  if (options.fetchTextBodyValues || options.fetchAllBodyValues) parts.push(...flat.textBody);
  if (options.fetchHTMLBodyValues || options.fetchAllBodyValues) parts.push(...flat.htmlBody);
  return bodyValues(raw, parts, options.maxBodyValueBytes);
}

/** True when the property name is one Email/get knows. */
export function isEmailProperty(property: string): boolean {
  return (
    metadataProperties.has(property) ||
    property in convenienceHeaders ||
    ['headers', 'bodyStructure', 'textBody', 'htmlBody', 'attachments', 'bodyValues'].includes(property) ||
    parseHeaderProperty(property) !== null
  );
}
