// The persistent outbound queue: rows survive restarts; a lease gives one worker each row.
import type { Clock } from '@chasqui/core';
import type {
  NewQueueEntry,
  OutboundQueueRepository,
  QueueEntry,
  QueueUpdate,
  QueuedRecipient,
} from '../interfaces/index.js';
import type { SqlDriver, SqlRow } from '../sql/driver.js';

interface QueueRow extends SqlRow {
  id: number;
  created_at: number;
  mail_from: string;
  envid: string | null;
  ret: string | null;
  recipients: string;
  size: number;
  attempts: number;
  next_attempt_at: number;
  warned_at: number | null;
  last_error: string | null;
  log_id: number | null;
}

const columns =
  'id, created_at, mail_from, envid, ret, recipients, size, attempts, next_attempt_at, warned_at, last_error, log_id';

function toEntry(row: QueueRow): QueueEntry {
  return {
    id: row.id,
    createdAt: row.created_at,
    mailFrom: row.mail_from,
    envid: row.envid,
    ret: row.ret,
    recipients: JSON.parse(row.recipients) as QueuedRecipient[],
    size: row.size,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    warnedAt: row.warned_at,
    lastError: row.last_error,
    logId: row.log_id,
  };
}

export class SqlOutboundQueueRepository implements OutboundQueueRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly clock: Clock,
  ) {}

  async enqueue(entry: NewQueueEntry): Promise<number> {
    const now = this.clock.now();
    const row = await this.db.get<{ id: number }>(
      `INSERT INTO outbound_queue (created_at, mail_from, envid, ret, recipients, raw, size, next_attempt_at, log_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        now,
        entry.mailFrom,
        entry.envid ?? null,
        entry.ret ?? null,
        JSON.stringify(entry.recipients),
        entry.raw,
        entry.raw.byteLength,
        now,
        entry.logId ?? null,
      ],
    );
    if (!row) throw new Error('queue insert returned nothing');
    return row.id;
  }

  claimDue(now: number, leaseUntil: number, limit: number): Promise<QueueEntry[]> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.all<QueueRow>(
        `SELECT ${columns} FROM outbound_queue WHERE next_attempt_at <= ? AND lease_until <= ?
         ORDER BY next_attempt_at LIMIT ?${tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''}`,
        [now, now, limit],
      );
      for (const row of rows) {
        await tx.run('UPDATE outbound_queue SET lease_until = ? WHERE id = ?', [leaseUntil, row.id]);
      }
      return rows.map(toEntry);
    });
  }

  async raw(id: number): Promise<Uint8Array | null> {
    const row = await this.db.get<{ raw: Uint8Array }>('SELECT raw FROM outbound_queue WHERE id = ?', [id]);
    return row?.raw ?? null;
  }

  async get(id: number): Promise<QueueEntry | null> {
    const row = await this.db.get<QueueRow>(`SELECT ${columns} FROM outbound_queue WHERE id = ?`, [id]);
    return row ? toEntry(row) : null;
  }

  async list(limit = 1000): Promise<QueueEntry[]> {
    const rows = await this.db.all<QueueRow>(`SELECT ${columns} FROM outbound_queue ORDER BY id LIMIT ?`, [
      limit,
    ]);
    return rows.map(toEntry);
  }

  async update(id: number, update: QueueUpdate): Promise<void> {
    await this.db.run(
      `UPDATE outbound_queue SET recipients = ?, attempts = ?, next_attempt_at = ?, warned_at = COALESCE(?, warned_at),
         last_error = ?, lease_until = 0 WHERE id = ?`,
      [
        JSON.stringify(update.recipients),
        update.attempts,
        update.nextAttemptAt,
        update.warnedAt ?? null,
        update.lastError,
        id,
      ],
    );
  }

  async attachLog(ids: readonly number[], logId: number): Promise<void> {
    for (const id of ids) await this.db.run('UPDATE outbound_queue SET log_id = ? WHERE id = ?', [logId, id]);
  }

  async retryNow(id: number, now: number): Promise<boolean> {
    const changed = await this.db.run(
      'UPDATE outbound_queue SET next_attempt_at = ?, lease_until = 0 WHERE id = ?',
      [now, id],
    );
    return changed > 0;
  }

  async delete(id: number): Promise<boolean> {
    return (await this.db.run('DELETE FROM outbound_queue WHERE id = ?', [id])) > 0;
  }

  async nextDueAt(): Promise<number | null> {
    const row = await this.db.get<{ at: number | null }>(
      'SELECT MIN(next_attempt_at) AS at FROM outbound_queue',
    );
    return row?.at ?? null;
  }
}
