// The recipients each account has written to, with a use count and the last use: the
// "contact" source of address autocomplete. The mail service folds names into search_text.
import type { RecipientHistoryRepository, RecipientRecord, RecipientUse } from '../interfaces/index.js';
import type { SqlDriver, SqlRow } from '../sql/driver.js';

interface RecipientRow extends SqlRow {
  address: string;
  name: string | null;
  uses: number;
  last_used: number;
}

/** `text` as a LIKE operand matched literally (with ESCAPE '\'). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class SqlRecipientHistoryRepository implements RecipientHistoryRepository {
  constructor(private readonly db: SqlDriver) {}

  async record(
    accountId: number,
    recipients: readonly RecipientUse[],
    at: number,
    keep: number,
  ): Promise<void> {
    if (recipients.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const recipient of recipients) {
        await tx.run(
          `INSERT INTO recipient_history (account_id, address, name, search_text, uses, last_used)
           VALUES (?, ?, ?, ?, 1, ?)
           ON CONFLICT (account_id, address) DO UPDATE SET
             uses = recipient_history.uses + 1,
             last_used = excluded.last_used,
             name = COALESCE(excluded.name, recipient_history.name),
             search_text = CASE WHEN excluded.name IS NULL THEN recipient_history.search_text
                                ELSE excluded.search_text END`,
          [accountId, recipient.address, recipient.name, recipient.searchText, at],
        );
      }
      // Bounded per account: the least recently used go first (ties at the cut go together).
      const cut = await tx.get<{ last_used: number }>(
        `SELECT last_used FROM recipient_history WHERE account_id = ?
         ORDER BY last_used DESC LIMIT 1 OFFSET ?`,
        [accountId, keep],
      );
      if (cut) {
        await tx.run('DELETE FROM recipient_history WHERE account_id = ? AND last_used <= ?', [
          accountId,
          cut.last_used,
        ]);
      }
    });
  }

  async search(accountId: number, text: string, limit: number): Promise<RecipientRecord[]> {
    const literal = likeLiteral(text);
    const prefix = `${literal}%`;
    const namePrefix = ` ${literal}%`;
    const wordPrefix = `% ${literal}%`;
    const rows = await this.db.all<RecipientRow>(
      `SELECT address, name, uses, last_used FROM recipient_history
       WHERE account_id = ? AND (address LIKE ? ESCAPE '\\' OR search_text LIKE ? ESCAPE '\\')
       ORDER BY CASE WHEN address LIKE ? ESCAPE '\\' OR search_text LIKE ? ESCAPE '\\' THEN 0 ELSE 1 END,
         uses DESC, last_used DESC, address
       LIMIT ?`,
      [accountId, prefix, wordPrefix, prefix, namePrefix, limit],
    );
    return rows.map((row) => ({
      address: row.address,
      name: row.name,
      uses: row.uses,
      lastUsed: row.last_used,
    }));
  }
}
