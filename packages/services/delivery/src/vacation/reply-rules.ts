// When a vacation response must stay silent: RFC 3834 §2 (who may be answered), RFC 5230 §4.5
// (implicit delivery, the user's own mail) and the de-facto list and bulk markers Pigeonhole and
// Exchange honour. Pure: header fields in, a reason (or null) out.
import { headerValue, namedAddresses, type HeaderField } from '@chasqui/mail';
import type { VacationResponseRecord } from '@chasqui/store';

/** Why no reply is sent; logged, and asserted by the tests. */
export type SilenceReason =
  | 'null-sender'
  | 'system-sender'
  | 'own-message'
  | 'auto-submitted'
  | 'bulk-precedence'
  | 'mailing-list'
  | 'suppressed-by-sender'
  | 'spam'
  | 'forged-sender'
  | 'not-addressed';

/**
 * Local parts of senders that are robots or lists (RFC 3834 §2, Pigeonhole's list plus the
 * no-reply family and the usual bounce mailboxes of list and VERP software).
 */
const systemLocalParts = [
  /^mailer-daemon$/,
  /^postmaster$/,
  /^listserv$/,
  /^majordomo$/,
  /^owner-/,
  /-owner$/,
  /-request$/,
  /-bounces?$/,
  /^bounces?[-+=]/,
  /^(?:no-?reply|do-?not-?reply)(?:[-+.].*)?$/,
];

/** RFC 2369 and RFC 2919 list fields, ezmlm's Mailing-List, and bulk senders' Feedback-ID. */
const listFields = [
  'list-id',
  'list-help',
  'list-subscribe',
  'list-unsubscribe',
  'list-post',
  'list-owner',
  'list-archive',
  'mailing-list',
  'x-mailing-list',
  'feedback-id',
];

/** RFC 5230 §4.5: the user must be named in one of these for the reply to go out. */
const addressedFields = ['to', 'cc', 'bcc', 'resent-to', 'resent-cc', 'resent-bcc'];

/** RFC 8621 §8: on when enabled and `now` lies in [fromDate, toDate); each bound optional. */
export function isVacationActive(record: VacationResponseRecord, now: number): boolean {
  if (!record.isEnabled) return false;
  if (record.fromDate !== null && now < record.fromDate) return false;
  return record.toDate === null || now < record.toDate;
}

export function isSystemSender(address: string): boolean {
  const at = address.lastIndexOf('@');
  const localPart = (at < 0 ? address : address.slice(0, at)).toLowerCase();
  return systemLocalParts.some((pattern) => pattern.test(localPart));
}

/** The value's first token, lower-case, without comments or parameters. */
function keyword(value: string): string {
  return (
    value
      .replace(/\([^)]*\)/g, ' ')
      .split(/[;\s]/)
      .find((part) => part !== '')
      ?.toLowerCase() ?? ''
  );
}

/** Header markers of machine-sent, bulk or list mail; null when none is present. */
export function headerSilence(fields: readonly HeaderField[]): SilenceReason | null {
  const autoSubmitted = headerValue(fields, 'auto-submitted');
  if (autoSubmitted !== null && keyword(autoSubmitted) !== 'no') return 'auto-submitted';
  // Old autoresponders mark their replies this way instead of Auto-Submitted.
  if (headerValue(fields, 'x-autoreply') !== null || headerValue(fields, 'x-autorespond') !== null)
    return 'auto-submitted';
  const precedence = keyword(headerValue(fields, 'precedence') ?? '');
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') return 'bulk-precedence';
  if (fields.some((field) => listFields.includes(field.name.toLowerCase()))) return 'mailing-list';
  // MS-OXCMAIL §2.2.3.2.20: the sender asked for no out-of-office replies.
  const suppress = (headerValue(fields, 'x-auto-response-suppress') ?? '').toLowerCase().split(/[\s,]+/);
  if (suppress.includes('oof') || suppress.includes('all')) return 'suppressed-by-sender';
  return null;
}

/** The addresses (lower-case) named in To, Cc, Bcc and their Resent- forms. */
export function addressedTo(fields: readonly HeaderField[]): Set<string> {
  return new Set(namedAddresses(fields, addressedFields).keys());
}

/**
 * RFC 3834 §2: no replies to senders that are likely forged (backscatter). DMARC failing, or
 * SPF failing with no DKIM pass to vouch for a forwarder, in our Authentication-Results.
 */
export function isLikelyForged(authResults: string | null): boolean {
  if (authResults === null) return false;
  const results = authResults.toLowerCase();
  if (/\bdmarc=fail\b/.test(results)) return true;
  return /\bspf=fail\b/.test(results) && !/\bdkim=pass\b/.test(results);
}

export interface MessageFacts {
  /** MAIL FROM of the original; '' for the null sender. */
  readonly sender: string;
  readonly fields: readonly HeaderField[];
  /** Quarantined by a classifier or by DMARC. */
  readonly isSpam: boolean;
  /** Our Authentication-Results for mail from the Internet; null otherwise. */
  readonly authResults: string | null;
}

/** Reasons that hold whoever the recipient is: checked before any lookup. */
export function messageSilence(facts: MessageFacts): SilenceReason | null {
  if (facts.sender === '') return 'null-sender';
  if (isSystemSender(facts.sender)) return 'system-sender';
  if (facts.isSpam) return 'spam';
  if (isLikelyForged(facts.authResults)) return 'forged-sender';
  return headerSilence(facts.fields);
}

/**
 * RFC 5230 §4.5 for one recipient: its own mail gets no reply, and neither does mail that does
 * not name it (Bcc, lists, forwards). Returns the address that was named, or the reason.
 */
export function namedAddress(
  sender: string,
  fields: readonly HeaderField[],
  ownAddresses: ReadonlySet<string>,
  preferred: string,
): { readonly address: string } | { readonly silence: SilenceReason } {
  if (ownAddresses.has(sender.toLowerCase())) return { silence: 'own-message' };
  const named = addressedTo(fields);
  const wanted = preferred.toLowerCase();
  if (ownAddresses.has(wanted) && named.has(wanted)) return { address: wanted };
  const address = [...ownAddresses].find((own) => named.has(own));
  return address === undefined ? { silence: 'not-addressed' } : { address };
}
