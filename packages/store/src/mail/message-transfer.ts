// IMAP COPY (RFC 9051 §6.4.7, UIDPLUS COPYUID) and MOVE (RFC 6851): copies are new messages
// sharing the blob; a move keeps the message and gives it a new UID in the target.
import { ChasquiError } from '@chasqui/core';
import type { SqlExecutor } from '../sql/driver.js';
import { checkQuota } from './account-quota.js';
import { logChanges } from './change-log.js';
import type { MessageRow } from './message-rows.js';
import { removeMemberships } from './message-removal.js';

async function nextUid(tx: SqlExecutor, mailboxId: number): Promise<number> {
  const row = await tx.get<{ uid: number }>(
    'UPDATE mailboxes SET uid_next = uid_next + 1 WHERE id = ? RETURNING uid_next - 1 AS uid',
    [mailboxId],
  );
  if (!row) throw new ChasquiError('NOT_FOUND', `mailbox ${mailboxId} not found`);
  return row.uid;
}

/** Files a message in a mailbox under a fresh UID, logged in the change log; returns both. */
async function addMembership(
  tx: SqlExecutor,
  input: {
    accountId: number;
    messageId: number;
    mailboxId: number;
    flags: number;
    keywords: string;
    now: number;
  },
): Promise<{ uid: number; modseq: number }> {
  const uid = await nextUid(tx, input.mailboxId);
  const [modseq = 0] = await logChanges(
    tx,
    input.accountId,
    [{ type: 'email', objectId: input.messageId, op: 'created', mailboxId: input.mailboxId, uid }],
    input.now,
  );
  await tx.run(
    'INSERT INTO mailbox_messages (mailbox_id, uid, message_id, flags, keywords, modseq) VALUES (?, ?, ?, ?, ?, ?)',
    [input.mailboxId, uid, input.messageId, input.flags, input.keywords, modseq],
  );
  return { uid, modseq };
}

async function requireMailbox(tx: SqlExecutor, accountId: number, mailboxId: number): Promise<void> {
  const row = await tx.get('SELECT 1 AS x FROM mailboxes WHERE id = ? AND account_id = ?', [
    mailboxId,
    accountId,
  ]);
  if (!row) throw new ChasquiError('NOT_FOUND', `mailbox ${mailboxId} not found`);
}

/** Copies messages into a mailbox; returns old message id → new UID. Checks quota. */
export async function copyMessages(
  tx: SqlExecutor,
  input: { accountId: number; messageIds: readonly number[]; toMailboxId: number; now: number },
): Promise<Map<number, number>> {
  await requireMailbox(tx, input.accountId, input.toMailboxId);
  const result = new Map<number, number>();
  for (const id of new Set(input.messageIds)) {
    const row = await tx.get<MessageRow>('SELECT * FROM messages WHERE id = ? AND account_id = ?', [
      id,
      input.accountId,
    ]);
    if (!row) continue;
    await checkQuota(tx, input.accountId, row.size);
    const copy = await tx.get<{ id: number }>(
      `INSERT INTO messages (account_id, blob_hash, size, received_at, sent_at, subject, from_addr, to_addr,
         message_id_header, in_reply_to, refs, thread_id, preview, has_attachment, flags, keywords, modseq)
       SELECT account_id, blob_hash, size, received_at, sent_at, subject, from_addr, to_addr, message_id_header,
         in_reply_to, refs, thread_id, preview, has_attachment, flags, keywords, 0 FROM messages WHERE id = ?
       RETURNING id`,
      [id],
    );
    if (!copy) throw new ChasquiError('INTERNAL', 'copy insert returned nothing');
    const { uid, modseq } = await addMembership(tx, {
      accountId: input.accountId,
      messageId: copy.id,
      mailboxId: input.toMailboxId,
      flags: row.flags,
      keywords: row.keywords,
      now: input.now,
    });
    await tx.run('UPDATE messages SET modseq = ? WHERE id = ?', [modseq, copy.id]);
    await tx.run('UPDATE blobs SET refcount = refcount + 1 WHERE hash = ?', [row.blob_hash]);
    await tx.run(
      'UPDATE accounts SET used_bytes = used_bytes + ?, message_count = message_count + 1 WHERE id = ?',
      [row.size, input.accountId],
    );
    await copyIndexedText(tx, id, copy.id);
    result.set(id, uid);
  }
  return result;
}

async function copyIndexedText(tx: SqlExecutor, fromId: number, toId: number): Promise<void> {
  if (tx.dialect === 'postgres') {
    await tx.run(
      'INSERT INTO message_text (message_id, account_id, body) SELECT ?, account_id, body FROM message_text WHERE message_id = ?',
      [toId, fromId],
    );
  } else {
    await tx.run('INSERT INTO message_text (rowid, body) SELECT ?, body FROM message_text WHERE rowid = ?', [
      toId,
      fromId,
    ]);
  }
}

/** Moves messages between mailboxes; returns message id → new UID. */
export async function moveMessages(
  tx: SqlExecutor,
  input: {
    accountId: number;
    messageIds: readonly number[];
    fromMailboxId: number;
    toMailboxId: number;
    now: number;
  },
): Promise<Map<number, number>> {
  await requireMailbox(tx, input.accountId, input.toMailboxId);
  const result = new Map<number, number>();
  for (const id of new Set(input.messageIds)) {
    const member = await tx.get<{ uid: number; flags: number; keywords: string }>(
      'SELECT uid, flags, keywords FROM mailbox_messages WHERE mailbox_id = ? AND message_id = ?',
      [input.fromMailboxId, id],
    );
    if (!member) continue;
    const { uid } = await addMembership(tx, {
      accountId: input.accountId,
      messageId: id,
      mailboxId: input.toMailboxId,
      flags: member.flags,
      keywords: member.keywords,
      now: input.now,
    });
    await removeMemberships(
      tx,
      input.accountId,
      [{ mailboxId: input.fromMailboxId, uid: member.uid, messageId: id }],
      input.now,
    );
    await tx.run(
      'UPDATE messages SET modseq = (SELECT MAX(modseq) FROM mailbox_messages WHERE message_id = ?) WHERE id = ?',
      [id, id],
    );
    result.set(id, uid);
  }
  return result;
}

/**
 * Gives messages one more mailbox (JMAP mailboxIds gaining an entry): the same message, a new
 * UID in the target, no new bytes and no quota change. Returns message id → new UID; messages
 * already in the target or in no mailbox of the account are left out.
 */
export async function addMessagesToMailbox(
  tx: SqlExecutor,
  input: { accountId: number; messageIds: readonly number[]; toMailboxId: number; now: number },
): Promise<Map<number, number>> {
  await requireMailbox(tx, input.accountId, input.toMailboxId);
  const result = new Map<number, number>();
  for (const id of new Set(input.messageIds)) {
    const row = await tx.get<{ flags: number; keywords: string; already: number | null }>(
      `SELECT m.flags, m.keywords,
         (SELECT uid FROM mailbox_messages WHERE mailbox_id = ? AND message_id = m.id) AS already
       FROM messages m WHERE m.id = ? AND m.account_id = ?`,
      [input.toMailboxId, id, input.accountId],
    );
    if (!row || row.already !== null) continue;
    const { uid, modseq } = await addMembership(tx, {
      accountId: input.accountId,
      messageId: id,
      mailboxId: input.toMailboxId,
      flags: row.flags,
      keywords: row.keywords,
      now: input.now,
    });
    await tx.run('UPDATE messages SET modseq = ? WHERE id = ?', [modseq, id]);
    result.set(id, uid);
  }
  return result;
}
