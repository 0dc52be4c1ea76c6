// Row shapes of messages and memberships, and their mapping to the store's types.
import type { MailboxEntry, StoredMessage } from '../interfaces/index.js';
import type { SqlRow } from '../sql/driver.js';

export interface MessageRow extends SqlRow {
  id: number;
  account_id: number;
  blob_hash: string;
  size: number;
  received_at: number;
  sent_at: number | null;
  subject: string;
  from_addr: string;
  to_addr: string;
  message_id_header: string | null;
  in_reply_to: string | null;
  refs: string;
  thread_id: number;
  preview: string;
  has_attachment: number;
  flags: number;
  keywords: string;
  modseq: number;
}

export interface EntryRow extends SqlRow {
  uid: number;
  message_id: number;
  flags: number;
  keywords: string;
  modseq: number;
}

/** Keywords are stored as one space-separated string: cheap to read in bulk. */
export function encodeKeywords(keywords: readonly string[]): string {
  return [...new Set(keywords)].sort().join(' ');
}

const noKeywords: readonly string[] = Object.freeze([]);

export function decodeKeywords(stored: string): readonly string[] {
  return stored.length === 0 ? noKeywords : stored.split(' ');
}

export function toEntry(row: EntryRow): MailboxEntry {
  return {
    uid: row.uid,
    messageId: row.message_id,
    flags: row.flags,
    keywords: decodeKeywords(row.keywords),
    modseq: row.modseq,
  };
}

export function toStoredMessage(row: MessageRow, uids: ReadonlyMap<number, number>): StoredMessage {
  return {
    id: row.id,
    accountId: row.account_id,
    blobId: row.blob_hash,
    size: row.size,
    receivedAt: row.received_at,
    sentAt: row.sent_at,
    subject: row.subject,
    from: row.from_addr,
    to: row.to_addr,
    messageIdHeader: row.message_id_header,
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.refs) as string[],
    threadId: row.thread_id,
    preview: row.preview,
    hasAttachment: row.has_attachment === 1,
    flags: row.flags,
    keywords: decodeKeywords(row.keywords),
    modseq: row.modseq,
    uids,
  };
}
