// Names shared by every protocol: mailbox roles (RFC 8621 §2 / RFC 6154) and message keywords.

/** Special-use roles; IMAP shows them as \Inbox-less SPECIAL-USE flags, JMAP as `role`. */
export const mailboxRoles = ['inbox', 'sent', 'drafts', 'trash', 'junk', 'archive'] as const;
export type MailboxRole = (typeof mailboxRoles)[number];

/** The mailboxes every new account gets, with their es-PE names (IMAP names are UTF-8). */
export const defaultMailboxes: readonly { name: string; role: MailboxRole }[] = [
  { name: 'INBOX', role: 'inbox' },
  { name: 'Enviados', role: 'sent' },
  { name: 'Borradores', role: 'drafts' },
  { name: 'Papelera', role: 'trash' },
  { name: 'Spam', role: 'junk' },
  { name: 'Archivo', role: 'archive' },
];

/** The IMAP hierarchy delimiter used in stored mailbox names. */
export const mailboxDelimiter = '/';

/**
 * System flags as bits, stored as one integer so that listing a mailbox's flags is a single
 * column read. JMAP keywords ($seen…) and IMAP flags (\Seen…) both map to these bits.
 */
export const SystemFlag = {
  seen: 1,
  answered: 2,
  flagged: 4,
  deleted: 8,
  draft: 16,
  forwarded: 32,
  junk: 64,
  notJunk: 128,
} as const;
export type SystemFlagName = keyof typeof SystemFlag;

/** JMAP keyword ↔ flag bit (RFC 8621 §4.1.1). IMAP maps \Seen etc. to the same bits. */
export const keywordBits: Readonly<Record<string, number>> = {
  $seen: SystemFlag.seen,
  $answered: SystemFlag.answered,
  $flagged: SystemFlag.flagged,
  $deleted: SystemFlag.deleted,
  $draft: SystemFlag.draft,
  $forwarded: SystemFlag.forwarded,
  $junk: SystemFlag.junk,
  $notjunk: SystemFlag.notJunk,
};
