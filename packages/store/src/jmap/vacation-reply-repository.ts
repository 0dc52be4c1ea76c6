// Who each account's vacation response answered and when: one row per (account, sender).
import type { VacationReplyClaim, VacationReplyRepository } from '../interfaces/index.js';
import type { SqlDriver } from '../sql/driver.js';

export class SqlVacationReplyRepository implements VacationReplyRepository {
  constructor(private readonly db: SqlDriver) {}

  async claim(claim: VacationReplyClaim): Promise<boolean> {
    // The conditional upsert writes (and counts one row) only for a new sender, an old reply or
    // a changed response; a racing second claim finds the first one's row and changes nothing.
    const changed = await this.db.run(
      `INSERT INTO vacation_replies (account_id, sender, response_hash, replied_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, sender) DO UPDATE
         SET response_hash = excluded.response_hash, replied_at = excluded.replied_at
         WHERE vacation_replies.replied_at <= ? OR vacation_replies.response_hash <> excluded.response_hash`,
      [claim.accountId, claim.sender, claim.responseHash, claim.now, claim.repeatSince],
    );
    return changed > 0;
  }

  async release(accountId: number, sender: string, repliedAt: number): Promise<void> {
    await this.db.run('DELETE FROM vacation_replies WHERE account_id = ? AND sender = ? AND replied_at = ?', [
      accountId,
      sender,
      repliedAt,
    ]);
  }

  prune(before: number): Promise<number> {
    return this.db.run('DELETE FROM vacation_replies WHERE replied_at < ?', [before]);
  }
}
