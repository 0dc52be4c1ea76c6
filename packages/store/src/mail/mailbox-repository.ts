// Mailboxes (RFC 9051 §5.1, RFC 8621 §2): hierarchical names with '/', UIDVALIDITY/UIDNEXT,
// special-use roles and subscriptions. UIDVALIDITY is the never-reused mailbox id.
import { ChasquiError, mailboxDelimiter, SystemFlag, type Clock, type MailboxRole } from '@chasqui/core';
import type { Mailbox, MailboxCounts, MailboxRepository } from '../interfaces/index.js';
import type { SqlDriver, SqlRow } from '../sql/driver.js';
import { mapUniqueViolation } from '../sql/errors.js';
import { logChanges } from './change-log.js';
import { removeMemberships } from './message-removal.js';

interface MailboxRow extends SqlRow {
  id: number;
  account_id: number;
  name: string;
  role: string | null;
  uid_validity: number;
  uid_next: number;
  is_subscribed: number;
  highest_modseq: number;
  created_at: number;
}

function toMailbox(row: MailboxRow): Mailbox {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    role: row.role as MailboxRole | null,
    uidValidity: row.uid_validity,
    uidNext: row.uid_next,
    isSubscribed: row.is_subscribed === 1,
    highestModseq: row.highest_modseq,
    createdAt: row.created_at,
  };
}

export class SqlMailboxRepository implements MailboxRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly clock: Clock,
  ) {}

  async create(
    accountId: number,
    mailbox: { name: string; role?: MailboxRole | null; isSubscribed?: boolean },
  ): Promise<Mailbox> {
    const row = await mapUniqueViolation(`mailbox ${mailbox.name}`, () =>
      this.db.transaction(async (tx) => {
        const now = this.clock.now();
        const inserted = await tx.get<{ id: number }>(
          `INSERT INTO mailboxes (account_id, name, role, uid_validity, is_subscribed, created_at)
           VALUES (?, ?, ?, 0, ?, ?) RETURNING id`,
          [accountId, mailbox.name, mailbox.role ?? null, mailbox.isSubscribed === false ? 0 : 1, now],
        );
        if (!inserted) throw new ChasquiError('INTERNAL', 'mailbox insert returned nothing');
        await tx.run('UPDATE mailboxes SET uid_validity = id WHERE id = ?', [inserted.id]);
        await logChanges(tx, accountId, [{ type: 'mailbox', objectId: inserted.id, op: 'created' }], now);
        return tx.get<MailboxRow>('SELECT * FROM mailboxes WHERE id = ?', [inserted.id]);
      }),
    );
    if (!row) throw new ChasquiError('INTERNAL', 'mailbox vanished after insert');
    return toMailbox(row);
  }

  async getById(id: number): Promise<Mailbox | null> {
    const row = await this.db.get<MailboxRow>('SELECT * FROM mailboxes WHERE id = ?', [id]);
    return row ? toMailbox(row) : null;
  }

  async getByName(accountId: number, name: string): Promise<Mailbox | null> {
    const row = await this.db.get<MailboxRow>('SELECT * FROM mailboxes WHERE account_id = ? AND name = ?', [
      accountId,
      name,
    ]);
    return row ? toMailbox(row) : null;
  }

  async getByRole(accountId: number, role: MailboxRole): Promise<Mailbox | null> {
    const row = await this.db.get<MailboxRow>(
      'SELECT * FROM mailboxes WHERE account_id = ? AND role = ? ORDER BY id LIMIT 1',
      [accountId, role],
    );
    return row ? toMailbox(row) : null;
  }

  async list(accountId: number): Promise<Mailbox[]> {
    const rows = await this.db.all<MailboxRow>('SELECT * FROM mailboxes WHERE account_id = ? ORDER BY name', [
      accountId,
    ]);
    return rows.map(toMailbox);
  }

  async rename(id: number, newName: string): Promise<void> {
    await mapUniqueViolation(`mailbox ${newName}`, () =>
      this.db.transaction(async (tx) => {
        const row = await tx.get<MailboxRow>('SELECT * FROM mailboxes WHERE id = ?', [id]);
        if (!row) throw new ChasquiError('NOT_FOUND', `mailbox ${id} not found`);
        const prefix = row.name + mailboxDelimiter;
        const family = await tx.all<MailboxRow>(
          'SELECT * FROM mailboxes WHERE account_id = ? AND (id = ? OR substr(name, 1, ?) = ?)',
          [row.account_id, id, prefix.length, prefix],
        );
        for (const member of family) {
          const renamed = member.id === id ? newName : newName + member.name.slice(row.name.length);
          await tx.run('UPDATE mailboxes SET name = ? WHERE id = ?', [renamed, member.id]);
        }
        const changes = family.map((m) => ({
          type: 'mailbox' as const,
          objectId: m.id,
          op: 'updated' as const,
        }));
        await logChanges(tx, row.account_id, changes, this.clock.now());
      }),
    );
  }

  setSubscribed(id: number, isSubscribed: boolean): Promise<void> {
    return this.updateColumn(id, 'is_subscribed', isSubscribed ? 1 : 0);
  }

  setRole(id: number, role: MailboxRole | null): Promise<void> {
    return this.updateColumn(id, 'role', role);
  }

  private async updateColumn(id: number, column: string, value: string | number | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await tx.get<{ account_id: number }>(
        `UPDATE mailboxes SET ${column} = ? WHERE id = ? RETURNING account_id`,
        [value, id],
      );
      if (!row) throw new ChasquiError('NOT_FOUND', `mailbox ${id} not found`);
      await logChanges(
        tx,
        row.account_id,
        [{ type: 'mailbox', objectId: id, op: 'updated' }],
        this.clock.now(),
      );
    });
  }

  async delete(id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await tx.get<{ account_id: number }>('SELECT account_id FROM mailboxes WHERE id = ?', [id]);
      if (!row) throw new ChasquiError('NOT_FOUND', `mailbox ${id} not found`);
      const now = this.clock.now();
      const members = await tx.all<{ uid: number; message_id: number }>(
        'SELECT uid, message_id FROM mailbox_messages WHERE mailbox_id = ?',
        [id],
      );
      const memberships = members.map((m) => ({ mailboxId: id, uid: m.uid, messageId: m.message_id }));
      await removeMemberships(tx, row.account_id, memberships, now);
      await tx.run('DELETE FROM mailboxes WHERE id = ?', [id]);
      await logChanges(tx, row.account_id, [{ type: 'mailbox', objectId: id, op: 'destroyed' }], now);
    });
  }

  async highestModseq(id: number): Promise<number | null> {
    const row = await this.db.get<{ highest_modseq: number }>(
      'SELECT highest_modseq FROM mailboxes WHERE id = ?',
      [id],
    );
    return row?.highest_modseq ?? null;
  }

  async counts(id: number): Promise<MailboxCounts> {
    const row = await this.db.get<{ total: number; unseen: number | null; size: number | null }>(
      `SELECT COUNT(*) AS total, SUM(CASE WHEN (mm.flags & ?) = 0 THEN 1 ELSE 0 END) AS unseen,
              SUM(m.size) AS size
       FROM mailbox_messages mm JOIN messages m ON m.id = mm.message_id WHERE mm.mailbox_id = ?`,
      [SystemFlag.seen, id],
    );
    return { total: row?.total ?? 0, unseen: row?.unseen ?? 0, sizeBytes: row?.size ?? 0 };
  }
}
