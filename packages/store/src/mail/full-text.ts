// The full-text index, per dialect: SQLite FTS5 keyed by message id, PostgreSQL tsvector + GIN.
// Both index the caller's already-normalised text (accents folded, stems), so they match alike.
import type { SqlExecutor } from '../sql/driver.js';

/** Indexes a message's normalised text. */
export async function indexText(
  tx: SqlExecutor,
  accountId: number,
  messageId: number,
  text: string,
): Promise<void> {
  if (text.length === 0) return;
  if (tx.dialect === 'sqlite') {
    await tx.run('INSERT INTO message_text (rowid, body) VALUES (?, ?)', [messageId, text]);
  } else {
    await tx.run(
      "INSERT INTO message_text (message_id, account_id, body) VALUES (?, ?, to_tsvector('simple', ?))",
      [messageId, accountId, text],
    );
  }
}

/** Removes a message from the index (PostgreSQL cascades; FTS5 needs it explicitly). */
export async function deleteIndexedText(tx: SqlExecutor, messageId: number): Promise<void> {
  if (tx.dialect === 'sqlite') await tx.run('DELETE FROM message_text WHERE rowid = ?', [messageId]);
}

/** Message ids of the account whose text holds every token of `normalisedQuery`. */
export async function searchIndexedText(
  db: SqlExecutor,
  accountId: number,
  normalisedQuery: string,
  mailboxId?: number,
): Promise<number[]> {
  const tokens = normalisedQuery.split(/\s+/).filter((token) => token.length > 0);
  if (tokens.length === 0) return [];
  const inMailbox =
    mailboxId === undefined
      ? ''
      : ' AND m.id IN (SELECT message_id FROM mailbox_messages WHERE mailbox_id = ?)';
  const extra = mailboxId === undefined ? [] : [mailboxId];
  if (db.dialect === 'sqlite') {
    const match = tokens.map((token) => `"${token.replace(/"/g, '""')}"`).join(' ');
    const rows = await db.all<{ id: number }>(
      `SELECT m.id FROM message_text t JOIN messages m ON m.id = t.rowid
       WHERE message_text MATCH ? AND m.account_id = ?${inMailbox} ORDER BY m.id`,
      [match, accountId, ...extra],
    );
    return rows.map((row) => row.id);
  }
  const rows = await db.all<{ id: number }>(
    `SELECT m.id FROM message_text t JOIN messages m ON m.id = t.message_id
     WHERE t.account_id = ? AND t.body @@ plainto_tsquery('simple', ?)${inMailbox} ORDER BY m.id`,
    [accountId, tokens.join(' '), ...extra],
  );
  return rows.map((row) => row.id);
}
