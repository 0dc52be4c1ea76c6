// Mailbox naming rules shared by IMAP and JMAP (RFC 9051 §5.1): '/' is the hierarchy
// delimiter, INBOX is case-insensitive, and names have no empty levels or control characters.
import { ChasquiError, mailboxDelimiter } from '@chasqui/core';

/** Longest mailbox name, in characters (Dovecot and Cyrus use similar limits). */
export const maxMailboxNameLength = 512;
const maxLevels = 32;

/** True when `name` is INBOX in any case. */
export function isInboxName(name: string): boolean {
  return name.toUpperCase() === 'INBOX';
}

/**
 * The stored form of a name: INBOX (and INBOX/… children) upper-cased, a trailing delimiter
 * dropped (RFC 9051 §6.3.4 CREATE "foo/" creates "foo"). Throws INVALID_ARGUMENT when unusable.
 */
export function normaliseMailboxName(name: string): string {
  let clean = name.normalize('NFC');
  if (clean.endsWith(mailboxDelimiter)) clean = clean.slice(0, -1);
  const levels = clean.split(mailboxDelimiter);
  if (clean.length === 0 || clean.length > maxMailboxNameLength || levels.length > maxLevels) {
    throw new ChasquiError('INVALID_ARGUMENT', 'invalid mailbox name length or depth');
  }
  for (const level of levels) {
    if (level.length === 0) throw new ChasquiError('INVALID_ARGUMENT', 'mailbox names have no empty levels');
    if (/[\u0000-\u001f\u007f%*]/u.test(level)) {
      throw new ChasquiError('INVALID_ARGUMENT', 'mailbox names have no control or wildcard characters');
    }
  }
  if (isInboxName(levels[0] ?? '')) levels[0] = 'INBOX';
  return levels.join(mailboxDelimiter);
}

/** The names above `name`, outermost first: "a/b/c" → ["a", "a/b"]. */
export function parentNames(name: string): string[] {
  const levels = name.split(mailboxDelimiter);
  const parents: string[] = [];
  for (let i = 1; i < levels.length; i++) parents.push(levels.slice(0, i).join(mailboxDelimiter));
  return parents;
}

/** True when `name` is `ancestor` or below it. */
export function isSameOrBelow(name: string, ancestor: string): boolean {
  return name === ancestor || name.startsWith(ancestor + mailboxDelimiter);
}
