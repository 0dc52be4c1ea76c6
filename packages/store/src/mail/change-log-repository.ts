// Reading the change log (ARCHITECTURE.md §2): exact changes since a modseq, the horizon below
// which they are no longer exact, and trimming old entries.
import type { ChangeEntry, ChangeLogRepository, ChangeObjectType, ChangeOp } from '../interfaces/index.js';
import type { SqlDriver, SqlRow, SqlValue } from '../sql/driver.js';

interface ChangeRow extends SqlRow {
  modseq: number;
  type: string;
  object_id: number;
  op: string;
  mailbox_id: number | null;
  uid: number | null;
  at: number;
}

export class SqlChangeLogRepository implements ChangeLogRepository {
  constructor(private readonly db: SqlDriver) {}

  async since(
    accountId: number,
    sinceModseq: number,
    options: { limit?: number; type?: ChangeObjectType; mailboxId?: number } = {},
  ): Promise<ChangeEntry[]> {
    const clauses = ['account_id = ?', 'modseq > ?'];
    const params: SqlValue[] = [accountId, sinceModseq];
    if (options.type !== undefined) {
      clauses.push('type = ?');
      params.push(options.type);
    }
    if (options.mailboxId !== undefined) {
      clauses.push('mailbox_id = ?');
      params.push(options.mailboxId);
    }
    const limit = options.limit === undefined ? '' : ' LIMIT ?';
    if (options.limit !== undefined) params.push(options.limit);
    const rows = await this.db.all<ChangeRow>(
      `SELECT modseq, type, object_id, op, mailbox_id, uid, at FROM changes WHERE ${clauses.join(' AND ')}
       ORDER BY modseq${limit}`,
      params,
    );
    return rows.map((row) => ({
      modseq: row.modseq,
      type: row.type as ChangeObjectType,
      objectId: row.object_id,
      op: row.op as ChangeOp,
      mailboxId: row.mailbox_id,
      uid: row.uid,
      at: row.at,
    }));
  }

  async highestModseq(accountId: number): Promise<number> {
    const row = await this.db.get<{ highest_modseq: number }>(
      'SELECT highest_modseq FROM accounts WHERE id = ?',
      [accountId],
    );
    return row?.highest_modseq ?? 0;
  }

  async horizon(accountId: number): Promise<number> {
    const row = await this.db.get<{ change_horizon: number }>(
      'SELECT change_horizon FROM accounts WHERE id = ?',
      [accountId],
    );
    return row?.change_horizon ?? 0;
  }

  trim(beforeTime: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.run(
        `UPDATE accounts SET change_horizon = (SELECT MAX(modseq) FROM changes c WHERE c.account_id = accounts.id AND c.at < ?)
         WHERE id IN (SELECT DISTINCT account_id FROM changes WHERE at < ?)`,
        [beforeTime, beforeTime],
      );
      return tx.run('DELETE FROM changes WHERE at < ?', [beforeTime]);
    });
  }
}
