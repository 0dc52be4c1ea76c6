// Inserting one message's rows inside an append transaction: the message, its UID in each
// mailbox, its change-log entries, quota and full-text index, in as few statements as possible.
import { ChasquiError } from '@chasqui/core';
import type { AppendResult, NewMessage } from '../interfaces/index.js';
import type { SqlExecutor } from '../sql/driver.js';
import { indexText } from './full-text.js';
import { encodeKeywords } from './message-rows.js';

export interface MessageInsert {
  readonly message: NewMessage;
  readonly mailboxIds: readonly number[];
  readonly blobHash: string;
  readonly now: number;
}

/** Writes the rows of one message; the blob reference is already taken. */
export async function insertMessageRows(tx: SqlExecutor, input: MessageInsert): Promise<AppendResult> {
  const { message, mailboxIds } = input;
  const size = message.raw.byteLength;
  // One modseq per mailbox membership; quota counters move in the same statement.
  const counters = await tx.get<{ highest_modseq: number }>(
    `UPDATE accounts SET highest_modseq = highest_modseq + ?, used_bytes = used_bytes + ?,
       message_count = message_count + 1 WHERE id = ? RETURNING highest_modseq`,
    [mailboxIds.length, size, message.accountId],
  );
  if (!counters) throw new ChasquiError('NOT_FOUND', `account ${message.accountId} not found`);
  const modseq = counters.highest_modseq;
  const keywords = encodeKeywords(message.keywords);
  const row = await tx.get<{ id: number }>(
    `INSERT INTO messages (account_id, blob_hash, size, received_at, sent_at, subject, from_addr, to_addr,
       message_id_header, in_reply_to, refs, thread_id, preview, has_attachment, flags, keywords, modseq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [
      message.accountId,
      input.blobHash,
      size,
      message.receivedAt,
      message.sentAt,
      message.subject,
      message.from,
      message.to,
      message.messageIdHeader,
      message.inReplyTo,
      JSON.stringify(message.references),
      message.threadId ?? 0,
      message.preview,
      message.hasAttachment ? 1 : 0,
      message.flags,
      keywords,
      modseq,
    ],
  );
  if (!row) throw new ChasquiError('INTERNAL', 'message insert returned nothing');
  const threadId = message.threadId ?? row.id;
  if (message.threadId === null)
    await tx.run('UPDATE messages SET thread_id = ? WHERE id = ?', [threadId, row.id]);
  const uids = await placeInMailboxes(tx, {
    ...input,
    messageId: row.id,
    firstModseq: modseq - mailboxIds.length + 1,
    keywords,
  });
  await indexText(tx, message.accountId, row.id, message.searchText);
  return { messageId: row.id, threadId, blobId: input.blobHash, modseq, uids };
}

/** Gives the message a UID, a change-log entry and a membership row in each mailbox. */
async function placeInMailboxes(
  tx: SqlExecutor,
  input: MessageInsert & { messageId: number; firstModseq: number; keywords: string },
): Promise<Map<number, number>> {
  const uids = new Map<number, number>();
  const modseq = input.firstModseq + input.mailboxIds.length - 1;
  for (const [index, mailboxId] of input.mailboxIds.entries()) {
    const changeModseq = input.firstModseq + index;
    const next = await tx.get<{ uid: number }>(
      'UPDATE mailboxes SET uid_next = uid_next + 1, highest_modseq = ? WHERE id = ? RETURNING uid_next - 1 AS uid',
      [changeModseq, mailboxId],
    );
    if (!next) throw new ChasquiError('NOT_FOUND', `mailbox ${mailboxId} not found`);
    uids.set(mailboxId, next.uid);
    await tx.run(
      `INSERT INTO changes (account_id, modseq, type, object_id, op, mailbox_id, uid, at)
       VALUES (?, ?, 'email', ?, 'created', ?, ?, ?)`,
      [input.message.accountId, changeModseq, input.messageId, mailboxId, next.uid, input.now],
    );
    await tx.run(
      'INSERT INTO mailbox_messages (mailbox_id, uid, message_id, flags, keywords, modseq) VALUES (?, ?, ?, ?, ?, ?)',
      [mailboxId, next.uid, input.messageId, input.message.flags, input.keywords, modseq],
    );
  }
  return uids;
}
