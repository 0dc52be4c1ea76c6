// Delivery status notifications (RFC 3464): the bounce and the delay warning sent to the sender,
// bilingual (es-PE first), with the machine-readable report and the original message or headers.
import { randomBytes } from 'node:crypto';

export type DsnAction = 'failed' | 'delayed' | 'delivered';

export interface DsnRecipient {
  readonly address: string;
  readonly orcpt?: string;
  readonly action: DsnAction;
  /** RFC 3463 status, e.g. `5.1.1`. */
  readonly status: string;
  readonly remoteMta?: string;
  readonly diagnostic?: string;
}

export interface DsnRequest {
  readonly reportingMta: string;
  readonly sender: string;
  readonly recipients: readonly DsnRecipient[];
  readonly original: Uint8Array;
  readonly arrivalDate: number;
  readonly now: number;
  readonly envid?: string | null;
  readonly ret?: string | null;
  readonly retryUntil?: number;
}

/** Originals larger than this come back as headers only. */
const maxReturnedBytes = 256 * 1024;

function rfc5322Date(time: number): string {
  return new Date(time).toUTCString().replace('GMT', '+0000');
}

function headerBlock(original: Uint8Array): Uint8Array {
  const text = Buffer.from(original);
  const end = text.indexOf('\r\n\r\n');
  return end < 0 ? original : original.subarray(0, end + 2);
}

function humanText(request: DsnRequest): string {
  const list = request.recipients.map((r) => `  <${r.address}>: ${r.diagnostic ?? r.status}`).join('\r\n');
  if (request.recipients.every((r) => r.action === 'delayed')) {
    const until = request.retryUntil === undefined ? '' : ` (${rfc5322Date(request.retryUntil)})`;
    return [
      'Su mensaje aún no ha podido entregarse. Seguiremos intentando; no necesita reenviarlo.',
      `Se reintentará hasta${until}.`,
      '',
      'Your message could not be delivered yet. We will keep trying; you do not need to resend it.',
      '',
      list,
    ].join('\r\n');
  }
  return [
    'Su mensaje no pudo entregarse a los siguientes destinatarios:',
    '',
    'Your message could not be delivered to the following recipients:',
    '',
    list,
  ].join('\r\n');
}

function recipientFields(recipient: DsnRecipient, retryUntil: number | undefined): string {
  const lines = [
    ...(recipient.orcpt ? [`Original-Recipient: ${recipient.orcpt}`] : []),
    `Final-Recipient: rfc822; ${recipient.address}`,
    `Action: ${recipient.action}`,
    `Status: ${recipient.status}`,
    ...(recipient.remoteMta ? [`Remote-MTA: dns; ${recipient.remoteMta}`] : []),
    ...(recipient.diagnostic
      ? [`Diagnostic-Code: smtp; ${recipient.diagnostic.replace(/[\r\n]+/g, ' ')}`]
      : []),
    ...(recipient.action === 'delayed' && retryUntil !== undefined
      ? [`Will-Retry-Until: ${rfc5322Date(retryUntil)}`]
      : []),
  ];
  return lines.join('\r\n');
}

/** Builds the DSN message; send it with the null sender `<>` so it never bounces back. */
export function buildDsn(request: DsnRequest): Uint8Array {
  const boundary = `=_chasqui_${randomBytes(12).toString('hex')}`;
  const delayed = request.recipients.every((r) => r.action === 'delayed');
  const subject = delayed
    ? 'Entrega demorada / Delivery delayed'
    : 'Mensaje no entregado / Undelivered Mail Returned to Sender';
  const headersOnly = request.ret === 'HDRS' || request.original.byteLength > maxReturnedBytes;
  const perMessage = [
    `Reporting-MTA: dns; ${request.reportingMta}`,
    ...(request.envid ? [`Original-Envelope-Id: ${request.envid}`] : []),
    `Arrival-Date: ${rfc5322Date(request.arrivalDate)}`,
  ].join('\r\n');
  const report = [perMessage, ...request.recipients.map((r) => recipientFields(r, request.retryUntil))].join(
    '\r\n\r\n',
  );
  const head = [
    `From: Sistema de correo <MAILER-DAEMON@${request.reportingMta}>`,
    `To: <${request.sender}>`,
    `Subject: ${subject}`,
    `Date: ${rfc5322Date(request.now)}`,
    `Message-ID: <${randomBytes(16).toString('hex')}@${request.reportingMta}>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    humanText(request),
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    report,
    '',
    `--${boundary}`,
    `Content-Type: ${headersOnly ? 'text/rfc822-headers' : 'message/rfc822'}`,
    '',
    '',
  ].join('\r\n');
  const tail = `\r\n--${boundary}--\r\n`;
  const original = headersOnly ? headerBlock(request.original) : request.original;
  return Buffer.concat([Buffer.from(head), original, Buffer.from(tail)]);
}
