// JMAP EmailSubmission records (RFC 8621 §7). Scheduled sends (sendAt in the future) stay
// 'pending' in the table, so they survive restarts; whichever node claims a due row holds a
// lease on it while sending, like the outbound queue (SKIP LOCKED on PostgreSQL).
import type { Clock } from '@chasqui/core';
import type {
  EmailSubmissionRecord,
  EmailSubmissionRepository,
  JmapTypeChanges,
  NewEmailSubmission,
  UndoStatus,
} from '../interfaces/index.js';
import type { SqlDriver, SqlExecutor, SqlRow } from '../sql/driver.js';
import { bumpVersion, currentVersion, fromJson, toJson } from './versions.js';

interface SubmissionRow extends SqlRow {
  id: number;
  account_id: number;
  identity_id: string;
  message_id: number;
  thread_id: number;
  envelope: string | null;
  send_at: number;
  undo_status: UndoStatus;
  delivery_status: string | null;
  created_at: number;
}

const columns =
  'id, account_id, identity_id, message_id, thread_id, envelope, send_at, undo_status, delivery_status, created_at';

function toRecord(row: SubmissionRow): EmailSubmissionRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    identityId: row.identity_id,
    messageId: row.message_id,
    threadId: row.thread_id,
    envelope: fromJson(row.envelope),
    sendAt: row.send_at,
    undoStatus: row.undo_status,
    deliveryStatus: fromJson(row.delivery_status),
    createdAt: row.created_at,
  };
}

/** Changes a pending row's status; returns false when it was not pending (or is leased). */
async function finish(
  tx: SqlExecutor,
  id: number,
  status: UndoStatus,
  deliveryStatus: string | null,
  condition: { accountId?: number; now?: number },
): Promise<boolean> {
  const filters: string[] = [];
  const params: number[] = [id];
  if (condition.accountId !== undefined) {
    filters.push(' AND account_id = ?');
    params.push(condition.accountId);
  }
  if (condition.now !== undefined) {
    filters.push(' AND lease_until <= ?');
    params.push(condition.now);
  }
  const row = await tx.get<{ account_id: number }>(
    `SELECT account_id FROM email_submissions WHERE id = ? AND undo_status = 'pending' AND is_destroyed = 0${filters.join('')}${tx.dialect === 'postgres' ? ' FOR UPDATE' : ''}`,
    params,
  );
  if (!row) return false;
  const version = await bumpVersion(tx, row.account_id, 'EmailSubmission');
  await tx.run(
    `UPDATE email_submissions SET undo_status = ?, delivery_status = COALESCE(?, delivery_status), modseq = ?,
       lease_until = 0 WHERE id = ?`,
    [status, deliveryStatus, version, id],
  );
  return true;
}

export class SqlEmailSubmissionRepository implements EmailSubmissionRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly clock: Clock,
  ) {}

  version(accountId: number): Promise<number> {
    return currentVersion(this.db, accountId, 'EmailSubmission');
  }

  create(submission: NewEmailSubmission): Promise<EmailSubmissionRecord> {
    return this.db.transaction(async (tx) => {
      const version = await bumpVersion(tx, submission.accountId, 'EmailSubmission');
      const row = await tx.get<SubmissionRow>(
        `INSERT INTO email_submissions (account_id, identity_id, message_id, thread_id, envelope, send_at,
           undo_status, delivery_status, modseq, created_modseq, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${columns}`,
        [
          submission.accountId,
          submission.identityId,
          submission.messageId,
          submission.threadId,
          toJson(submission.envelope),
          submission.sendAt,
          submission.undoStatus,
          toJson(submission.deliveryStatus),
          version,
          version,
          this.clock.now(),
        ],
      );
      if (!row) throw new Error('submission insert returned nothing');
      return toRecord(row);
    });
  }

  async get(accountId: number, id: number): Promise<EmailSubmissionRecord | null> {
    const row = await this.db.get<SubmissionRow>(
      `SELECT ${columns} FROM email_submissions WHERE id = ? AND account_id = ? AND is_destroyed = 0`,
      [id, accountId],
    );
    return row ? toRecord(row) : null;
  }

  async list(accountId: number): Promise<EmailSubmissionRecord[]> {
    const rows = await this.db.all<SubmissionRow>(
      `SELECT ${columns} FROM email_submissions WHERE account_id = ? AND is_destroyed = 0
       ORDER BY send_at DESC, id DESC`,
      [accountId],
    );
    return rows.map(toRecord);
  }

  async listDue(now: number, limit: number): Promise<EmailSubmissionRecord[]> {
    const rows = await this.db.all<SubmissionRow>(
      `SELECT ${columns} FROM email_submissions
       WHERE undo_status = 'pending' AND send_at <= ? AND lease_until <= ? AND is_destroyed = 0
       ORDER BY send_at LIMIT ?`,
      [now, now, limit],
    );
    return rows.map(toRecord);
  }

  claimDue(now: number, leaseUntil: number, limit: number): Promise<EmailSubmissionRecord[]> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.all<SubmissionRow>(
        `SELECT ${columns} FROM email_submissions
         WHERE undo_status = 'pending' AND send_at <= ? AND lease_until <= ? AND is_destroyed = 0
         ORDER BY send_at LIMIT ?${tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''}`,
        [now, now, limit],
      );
      for (const row of rows) {
        await tx.run('UPDATE email_submissions SET lease_until = ? WHERE id = ?', [leaseUntil, row.id]);
      }
      return rows.map(toRecord);
    });
  }

  cancel(accountId: number, id: number, now: number): Promise<boolean> {
    return this.db.transaction((tx) => finish(tx, id, 'canceled', null, { accountId, now }));
  }

  async markFinal(id: number, deliveryStatus: unknown): Promise<void> {
    await this.db.transaction((tx) => finish(tx, id, 'final', toJson(deliveryStatus), {}));
  }

  async markFailed(id: number): Promise<void> {
    await this.db.transaction((tx) => finish(tx, id, 'canceled', null, {}));
  }

  destroy(accountId: number, id: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const live = await tx.get(
        'SELECT 1 AS x FROM email_submissions WHERE id = ? AND account_id = ? AND is_destroyed = 0',
        [id, accountId],
      );
      if (!live) return false;
      const version = await bumpVersion(tx, accountId, 'EmailSubmission');
      // A destroyed pending submission is not sent.
      await tx.run(
        `UPDATE email_submissions SET is_destroyed = 1, modseq = ?,
           undo_status = CASE WHEN undo_status = 'pending' THEN 'canceled' ELSE undo_status END WHERE id = ?`,
        [version, id],
      );
      return true;
    });
  }

  async changes(accountId: number, sinceVersion: number): Promise<JmapTypeChanges> {
    const version = await this.version(accountId);
    const rows = await this.db.all<{ id: number; created_modseq: number; is_destroyed: number }>(
      `SELECT id, created_modseq, is_destroyed FROM email_submissions
       WHERE account_id = ? AND modseq > ? ORDER BY id`,
      [accountId, sinceVersion],
    );
    const result: JmapTypeChanges = { created: [], updated: [], destroyed: [], version };
    for (const row of rows) {
      const isNew = row.created_modseq > sinceVersion;
      if (row.is_destroyed === 1) {
        if (!isNew) result.destroyed.push(row.id);
      } else (isNew ? result.created : result.updated).push(row.id);
    }
    return result;
  }
}
