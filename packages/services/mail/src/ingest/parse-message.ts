// Reads what the store and the lists need from a raw message: envelope fields, a preview, the
// text to index. Tolerant: a malformed message still gets stored, with what could be read.
import PostalMime, { type Address, type Email } from 'postal-mime';
import { normaliseForIndex } from '../text/spanish.js';
import { repairWindows1252 } from '../text/windows-1252.js';
import { textOnlyCopy } from './text-only-copy.js';

export interface ParsedMessage {
  readonly subject: string;
  /** Display form: `Ana Pérez <ana@example.test>`. */
  readonly from: string;
  readonly fromAddress: string | null;
  readonly to: string;
  readonly sentAt: number | null;
  readonly messageIdHeader: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly preview: string;
  readonly hasAttachment: boolean;
  /** Normalised text for the full-text index. */
  readonly searchText: string;
}

const previewLength = 256;
const messageIdPattern = /<[^<>\s]+>/g;

function formatAddress(address: Address): string {
  if (address.group) return address.group.map(formatAddress).join(', ');
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

function formatAddresses(list: readonly Address[] | undefined): string {
  return (list ?? []).map(formatAddress).join(', ');
}

function firstMailbox(address: Address | undefined): string | null {
  if (!address) return null;
  if (address.group) return address.group[0]?.address ?? null;
  return address.address || null;
}

/** Message-IDs of a header value, brackets kept (`<a@b>`), at most `max` of them. */
export function messageIds(value: string | undefined, max = 100): string[] {
  return (value?.match(messageIdPattern) ?? []).slice(-max);
}

function htmlToText(html: string): string {
  return html
    .replace(/<(style|script|head)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>');
}

function bodyText(email: Email): string {
  if (email.text) return repairWindows1252(email.text);
  return email.html ? repairWindows1252(htmlToText(email.html)) : '';
}

function makePreview(text: string): string {
  const quoteless = text
    .split('\n')
    .filter((line) => !line.startsWith('>'))
    .join(' ');
  return quoteless.replace(/\s+/g, ' ').trim().slice(0, previewLength);
}

function parseDate(value: string | undefined): number | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isFinite(time) ? time : null;
}

function attachmentNames(email: Email): string {
  return email.attachments.map((attachment) => attachment.filename ?? '').join(' ');
}

export async function parseMessage(raw: Uint8Array): Promise<ParsedMessage> {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let email: Email;
  try {
    email = await PostalMime.parse(textOnlyCopy(bytes), {
      attachmentEncoding: 'arraybuffer',
      maxNestingDepth: 50,
    });
  } catch {
    email = { headers: [], headerLines: [], attachments: [] };
  }
  const subject = repairWindows1252(email.subject ?? '');
  const from = email.from ? repairWindows1252(formatAddress(email.from)) : '';
  const to = formatAddresses(email.to);
  const text = bodyText(email);
  const indexed = [subject, from, to, formatAddresses(email.cc), attachmentNames(email), text].join('\n');
  return {
    subject,
    from,
    fromAddress: firstMailbox(email.from),
    to,
    sentAt: parseDate(email.date),
    messageIdHeader: messageIds(email.messageId)[0] ?? null,
    inReplyTo: messageIds(email.inReplyTo)[0] ?? null,
    references: messageIds(email.references),
    preview: makePreview(text),
    hasAttachment: email.attachments.some((attachment) => attachment.disposition !== 'inline'),
    searchText: normaliseForIndex(indexed),
  };
}
