// The vacation reply itself (RFC 3834 §3, RFC 5230 §4.7-4.8): From the address the mail was sent
// to, To the envelope sender, Auto-Submitted: auto-replied, threaded to the original; text/plain
// with a text/html alternative when the user wrote one (nodemailer's MailComposer, as JMAP does).
import { createHash, randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { VacationResponseRecord } from '@chasqui/store';
import { domainOf } from '../headers.js';

/**
 * The directory keeps no language per account, so replies use the Spanish of the deployment
 * (es-PE) for the subject prefix and a bilingual default text.
 */
export const defaultSubjectPrefix = 'Respuesta automática: ';
export const defaultReplyText = [
  'Estoy fuera de la oficina y leeré su mensaje a mi regreso.',
  '',
  'I am away and will read your message when I return.',
].join('\n');

export interface ReplyRequest {
  readonly response: VacationResponseRecord;
  /** The account's address the original named (primary or alias). */
  readonly fromAddress: string;
  readonly fromName: string;
  /** The original's envelope sender. */
  readonly to: string;
  readonly originalSubject: string;
  readonly originalMessageId: string | null;
  readonly originalReferences: readonly string[];
  readonly now: number;
}

/** Identifies what the reply says: tracking restarts when the user changes it (Pigeonhole). */
export function responseHash(response: VacationResponseRecord): string {
  const content = JSON.stringify([response.subject, response.textBody, response.htmlBody]);
  return createHash('sha256').update(content).digest('hex').slice(0, 32);
}

/** Readable plain text of the user's HTML (RFC 8621 §8: the server derives textBody). */
export function plainTextOf(html: string): string {
  const entities: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return html
    .replace(/<(style|script|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|h[1-6]|blockquote)\s*>/gi, '\n\n')
    .replace(/<\/(div|li|tr)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return entities[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** SMTP carries CRLF lines only (RFC 5321 §2.3.8); users' texts may hold bare LF or CR. */
function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

/** One line: a line break in a subject would start a header of its own. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+\s*/g, ' ').trim();
}

function replySubject(request: ReplyRequest): string {
  const configured = oneLine(request.response.subject ?? '');
  if (configured !== '') return configured;
  const original = oneLine(request.originalSubject);
  return original === '' ? defaultSubjectPrefix.trim().replace(/:$/, '') : defaultSubjectPrefix + original;
}

function replyText(response: VacationResponseRecord): string {
  if (response.textBody !== null && response.textBody.trim() !== '') return response.textBody;
  if (response.htmlBody !== null && response.htmlBody.trim() !== '') return plainTextOf(response.htmlBody);
  return defaultReplyText;
}

/** The reply as raw RFC 5322 bytes, ready for the null-sender internal submission. */
export async function composeVacationReply(request: ReplyRequest): Promise<Buffer> {
  const { response, originalMessageId } = request;
  const references = [...request.originalReferences, ...(originalMessageId ? [originalMessageId] : [])];
  const html = response.htmlBody?.trim() ? response.htmlBody : undefined;
  const composer = new MailComposer({
    from: { name: request.fromName, address: request.fromAddress },
    to: request.to,
    subject: replySubject(request),
    text: crlf(replyText(response)),
    ...(html === undefined ? {} : { html: crlf(html) }),
    date: new Date(request.now),
    messageId: `<${randomUUID()}@${domainOf(request.fromAddress)}>`,
    ...(originalMessageId ? { inReplyTo: originalMessageId } : {}),
    ...(references.length > 0 ? { references } : {}),
    headers: {
      'Auto-Submitted': 'auto-replied',
      // Exchange and Outlook: do not answer this answer with an out-of-office of their own.
      'X-Auto-Response-Suppress': 'All',
    },
  });
  return composer.compile().build();
}
