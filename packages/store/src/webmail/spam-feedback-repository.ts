// Spam/ham verdicts given by users, one row per account and message content. Each row holds
// a reference on its blob (kept by the table's triggers, see migration 011), so the trainer
// can read the raw message even after the user has deleted every copy.
import type {
  SpamFeedbackCursor,
  SpamFeedbackRecord,
  SpamFeedbackRepository,
  SpamVerdict,
} from '../interfaces/index.js';
import type { SqlDriver, SqlRow } from '../sql/driver.js';

interface FeedbackRow extends SqlRow {
  account_id: number;
  blob_hash: string;
  verdict: SpamVerdict;
  at: number;
}

export class SqlSpamFeedbackRepository implements SpamFeedbackRepository {
  constructor(private readonly db: SqlDriver) {}

  record(accountId: number, blobIds: readonly string[], verdict: SpamVerdict, at: number): Promise<number> {
    if (blobIds.length === 0) return Promise.resolve(0);
    return this.db.transaction(async (tx) => {
      let written = 0;
      for (const blobId of new Set(blobIds)) {
        // Only a blob still referenced can gain a reference: one already released may be
        // collected at any moment.
        written += await tx.run(
          `INSERT INTO spam_feedback (account_id, blob_hash, verdict, at)
           SELECT ?, hash, ?, ? FROM blobs WHERE hash = ? AND refcount > 0
           ON CONFLICT (account_id, blob_hash) DO UPDATE SET verdict = excluded.verdict, at = excluded.at
           WHERE spam_feedback.verdict <> excluded.verdict`,
          [accountId, verdict, at, blobId],
        );
      }
      return written;
    });
  }

  async list(after: SpamFeedbackCursor, limit: number): Promise<SpamFeedbackRecord[]> {
    const rows = await this.db.all<FeedbackRow>(
      `SELECT account_id, blob_hash, verdict, at FROM spam_feedback
       WHERE (at, account_id, blob_hash) > (?, ?, ?)
       ORDER BY at, account_id, blob_hash LIMIT ?`,
      [after.at, after.accountId, after.blobId, limit],
    );
    return rows.map((row) => ({
      accountId: row.account_id,
      blobId: row.blob_hash,
      verdict: row.verdict,
      at: row.at,
    }));
  }

  purgeBefore(time: number): Promise<number> {
    return this.db.run('DELETE FROM spam_feedback WHERE at < ?', [time]);
  }
}
