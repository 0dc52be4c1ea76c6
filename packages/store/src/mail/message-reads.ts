// Set-based message reads (RFC 9051 FETCH, POP3 LIST/RETR, JMAP Email/get): metadata with
// memberships and FETCH summaries of many messages in a few chunked queries, never one per id.
import type { MessageSummaryRow, StoredMessage } from '../interfaces/index.js';
import type { SqlExecutor } from '../sql/driver.js';
import { idChunks, placeholders } from '../sql/id-chunks.js';
import { ownedIdsClause, ownedIdsParams } from './owned-ids.js';
import { toStoredMessage, type MessageRow } from './message-rows.js';

interface MembershipRow {
  [column: string]: unknown;
  message_id: number;
  mailbox_id: number;
  uid: number;
}

/** The account's messages among `ids`, in the order asked; unknown ids are left out. */
export async function readMessages(
  db: SqlExecutor,
  accountId: number,
  ids: readonly number[],
): Promise<StoredMessage[]> {
  const rows = new Map<number, MessageRow>();
  const uids = new Map<number, Map<number, number>>();
  for (const chunk of idChunks(ids)) {
    const list = placeholders(chunk.length);
    const found = await db.all<MessageRow>(
      `SELECT * FROM messages WHERE account_id = ? AND id IN (${list})`,
      [accountId, ...chunk],
    );
    if (found.length === 0) continue;
    for (const row of found) rows.set(row.id, row);
    const memberships = await db.all<MembershipRow>(
      `SELECT message_id, mailbox_id, uid FROM mailbox_messages WHERE message_id IN (${list})`,
      chunk,
    );
    for (const m of memberships) {
      let map = uids.get(m.message_id);
      if (map === undefined) {
        map = new Map<number, number>();
        uids.set(m.message_id, map);
      }
      map.set(m.mailbox_id, m.uid);
    }
  }
  const out: StoredMessage[] = [];
  for (const id of ids) {
    const row = rows.get(id);
    if (row) out.push(toStoredMessage(row, uids.get(id) ?? new Map<number, number>()));
  }
  return out;
}

/** Message id → size of the account's messages among `ids` (in `mailboxId` when given). */
export async function readSizes(
  db: SqlExecutor,
  accountId: number,
  ids: readonly number[],
  mailboxId?: number,
): Promise<Map<number, number>> {
  const sizes = new Map<number, number>();
  for (const chunk of idChunks(ids)) {
    const rows = await db.rows(
      `SELECT m.id, m.size FROM messages m WHERE ${ownedIdsClause(chunk.length, mailboxId)}`,
      ownedIdsParams(chunk, accountId, mailboxId),
    );
    for (const [id, size] of rows) sizes.set(Number(id), Number(size));
  }
  return sizes;
}

interface SummaryRow {
  [column: string]: unknown;
  id: number;
  blob_hash: string;
  summary: string | null;
}

/**
 * The stored summaries of the account's messages among `ids` (null where none was stored
 * yet), limited to those in `mailboxId` when given.
 */
export async function readSummaries(
  db: SqlExecutor,
  accountId: number,
  ids: readonly number[],
  mailboxId?: number,
): Promise<MessageSummaryRow[]> {
  const out: MessageSummaryRow[] = [];
  for (const chunk of idChunks(ids)) {
    const rows = await db.all<SummaryRow>(
      `SELECT m.id, m.blob_hash, s.summary FROM messages m
       LEFT JOIN message_summaries s ON s.blob_hash = m.blob_hash WHERE ${ownedIdsClause(chunk.length, mailboxId)}`,
      ownedIdsParams(chunk, accountId, mailboxId),
    );
    for (const row of rows) out.push({ messageId: row.id, blobId: row.blob_hash, summary: row.summary });
  }
  return out;
}

/** Stores a content's summary unless it has one (the first stays: content never changes). */
export async function storeSummary(tx: SqlExecutor, blobId: string, summary: string): Promise<void> {
  await tx.run(
    'INSERT INTO message_summaries (blob_hash, summary) VALUES (?, ?) ON CONFLICT (blob_hash) DO NOTHING',
    [blobId, summary],
  );
}

/** Stores computed summaries with their content (one transaction for the batch). */
export async function writeSummaries(
  tx: SqlExecutor,
  summaries: readonly { blobId: string; summary: string }[],
): Promise<void> {
  for (const { blobId, summary } of summaries) {
    // Content collected meanwhile (its last message expunged) is skipped.
    await tx.run(
      `INSERT INTO message_summaries (blob_hash, summary) SELECT hash, ? FROM blobs WHERE hash = ?
       ON CONFLICT (blob_hash) DO UPDATE SET summary = excluded.summary`,
      [summary, blobId],
    );
  }
}
