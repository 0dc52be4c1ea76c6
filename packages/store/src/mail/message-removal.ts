// Taking messages out of mailboxes, and destroying the ones left in none: the one place
// that gives back quota and blob references, shared by expunge, move, delete and destroy.
import type { SqlExecutor } from '../sql/driver.js';
import { logChanges, type ChangeToLog } from './change-log.js';
import { deleteIndexedText } from './full-text.js';

export interface Membership {
  readonly mailboxId: number;
  readonly uid: number;
  readonly messageId: number;
}

/** Removes memberships (logging tombstones), then destroys messages left in no mailbox. */
export async function removeMemberships(
  tx: SqlExecutor,
  accountId: number,
  memberships: readonly Membership[],
  at: number,
): Promise<void> {
  if (memberships.length === 0) return;
  for (const m of memberships) {
    await tx.run('DELETE FROM mailbox_messages WHERE mailbox_id = ? AND uid = ?', [m.mailboxId, m.uid]);
  }
  const tombstones: ChangeToLog[] = memberships.map((m) => ({
    type: 'email',
    objectId: m.messageId,
    op: 'destroyed',
    mailboxId: m.mailboxId,
    uid: m.uid,
  }));
  await logChanges(tx, accountId, tombstones, at);
  const candidates = [...new Set(memberships.map((m) => m.messageId))];
  const orphans: number[] = [];
  for (const messageId of candidates) {
    const still = await tx.get('SELECT 1 AS x FROM mailbox_messages WHERE message_id = ? LIMIT 1', [
      messageId,
    ]);
    if (!still) orphans.push(messageId);
  }
  await destroyMessageRows(tx, accountId, orphans);
}

/** Deletes message rows: quota down, blob references released, text unindexed. */
export async function destroyMessageRows(
  tx: SqlExecutor,
  accountId: number,
  messageIds: readonly number[],
): Promise<void> {
  for (const messageId of messageIds) {
    const row = await tx.get<{ size: number; blob_hash: string }>(
      'DELETE FROM messages WHERE id = ? AND account_id = ? RETURNING size, blob_hash',
      [messageId, accountId],
    );
    if (!row) continue;
    await tx.run(
      'UPDATE accounts SET used_bytes = used_bytes - ?, message_count = message_count - 1 WHERE id = ?',
      [row.size, accountId],
    );
    await tx.run('UPDATE blobs SET refcount = refcount - 1 WHERE hash = ?', [row.blob_hash]);
    await deleteIndexedText(tx, messageId);
  }
}
