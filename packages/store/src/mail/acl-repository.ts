// Mailbox ACLs (RFC 4314) and grantees' own \Seen on shared mailboxes. A grantee's \Seen is
// kept apart from the owner's flags; changing it takes a modseq from the owner's change log so
// that every session on the mailbox (CONDSTORE, QRESYNC, IDLE) learns of it.
import { ChasquiError, type Clock } from '@chasqui/core';
import type {
  AclGrant,
  AclGrantee,
  IncomingGrant,
  MailboxAclRepository,
  SharedSeenEntry,
} from '../interfaces/index.js';
import type { SqlDriver, SqlExecutor, SqlRow } from '../sql/driver.js';
import { isUniqueViolation } from '../sql/errors.js';
import { logChanges } from './change-log.js';

interface GrantRow extends SqlRow {
  mailbox_id: number;
  grantee_id: number | null;
  rights: string;
}

interface IncomingRow extends GrantRow {
  owner_id: number;
  owner_address: string;
}

interface SeenRow extends SqlRow {
  uid: number;
  is_seen: number;
  modseq: number;
}

function toGrant(row: GrantRow): AclGrant {
  return { mailboxId: row.mailbox_id, grantee: row.grantee_id ?? 'anyone', rights: row.rights };
}

function toSeen(row: SeenRow): SharedSeenEntry {
  return { uid: row.uid, isSeen: row.is_seen === 1, modseq: row.modseq };
}

/** `grantee_id = ?` for an account, `grantee_id IS NULL` for anyone. */
function granteeClause(grantee: AclGrantee): { sql: string; params: number[] } {
  return grantee === 'anyone'
    ? { sql: 'grantee_id IS NULL', params: [] }
    : { sql: 'grantee_id = ?', params: [grantee] };
}

export class SqlMailboxAclRepository implements MailboxAclRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly clock: Clock,
  ) {}

  async list(mailboxId: number): Promise<AclGrant[]> {
    const rows = await this.db.all<GrantRow>(
      `SELECT mailbox_id, grantee_id, rights FROM mailbox_acl WHERE mailbox_id = ?
       ORDER BY COALESCE(grantee_id, 0) = 0, grantee_id`,
      [mailboxId],
    );
    return rows.map(toGrant);
  }

  async grantsOn(mailboxId: number, accountId: number): Promise<AclGrant[]> {
    const rows = await this.db.all<GrantRow>(
      `SELECT mailbox_id, grantee_id, rights FROM mailbox_acl
       WHERE mailbox_id = ? AND (grantee_id = ? OR grantee_id IS NULL)`,
      [mailboxId, accountId],
    );
    return rows.map(toGrant);
  }

  async incoming(accountId: number): Promise<IncomingGrant[]> {
    const rows = await this.db.all<IncomingRow>(
      `SELECT g.mailbox_id, g.grantee_id, g.rights, m.account_id AS owner_id, a.address AS owner_address
       FROM mailbox_acl g JOIN mailboxes m ON m.id = g.mailbox_id JOIN accounts a ON a.id = m.account_id
       WHERE (g.grantee_id = ? OR g.grantee_id IS NULL) AND m.account_id <> ?
       ORDER BY a.address, m.name`,
      [accountId, accountId],
    );
    return rows.map((row) => ({ ...toGrant(row), ownerId: row.owner_id, ownerAddress: row.owner_address }));
  }

  async set(mailboxId: number, grantee: AclGrantee, rights: string): Promise<void> {
    const where = granteeClause(grantee);
    const write = (tx: SqlExecutor) => this.writeGrant(tx, mailboxId, grantee, rights, where);
    try {
      await this.db.transaction(write);
    } catch (error) {
      // Two first grants raced (PostgreSQL): the second now finds the row and updates it.
      if (!isUniqueViolation(error)) throw error;
      await this.db.transaction(write);
    }
  }

  private async writeGrant(
    tx: SqlExecutor,
    mailboxId: number,
    grantee: AclGrantee,
    rights: string,
    where: { sql: string; params: number[] },
  ): Promise<void> {
    if (rights === '') {
      await tx.run(`DELETE FROM mailbox_acl WHERE mailbox_id = ? AND ${where.sql}`, [
        mailboxId,
        ...where.params,
      ]);
      return;
    }
    const updated = await tx.run(`UPDATE mailbox_acl SET rights = ? WHERE mailbox_id = ? AND ${where.sql}`, [
      rights,
      mailboxId,
      ...where.params,
    ]);
    if (updated > 0) return;
    const exists = await tx.get('SELECT 1 AS x FROM mailboxes WHERE id = ?', [mailboxId]);
    if (!exists) throw new ChasquiError('NOT_FOUND', `mailbox ${mailboxId} not found`);
    await tx.run('INSERT INTO mailbox_acl (mailbox_id, grantee_id, rights) VALUES (?, ?, ?)', [
      mailboxId,
      grantee === 'anyone' ? null : grantee,
      rights,
    ]);
  }

  async listSeen(accountId: number, mailboxId: number): Promise<SharedSeenEntry[]> {
    const rows = await this.db.all<SeenRow>(
      'SELECT uid, is_seen, modseq FROM shared_seen WHERE account_id = ? AND mailbox_id = ? ORDER BY uid',
      [accountId, mailboxId],
    );
    return rows.map(toSeen);
  }

  setSeen(
    accountId: number,
    mailboxId: number,
    uids: readonly number[],
    isSeen: boolean,
  ): Promise<SharedSeenEntry[]> {
    return this.db.transaction(async (tx) => {
      const mailbox = await tx.get<{ account_id: number }>('SELECT account_id FROM mailboxes WHERE id = ?', [
        mailboxId,
      ]);
      if (!mailbox) throw new ChasquiError('NOT_FOUND', `mailbox ${mailboxId} not found`);
      const pending = await this.pendingChanges(tx, accountId, mailboxId, uids, isSeen);
      const changes = pending.map((p) => ({
        type: 'email' as const,
        objectId: p.messageId,
        op: 'updated' as const,
        mailboxId,
        uid: p.uid,
      }));
      const modseqs = await logChanges(tx, mailbox.account_id, changes, this.clock.now());
      const written: SharedSeenEntry[] = [];
      for (const [index, p] of pending.entries()) {
        const modseq = modseqs[index] ?? 0;
        await tx.run(
          `INSERT INTO shared_seen (account_id, mailbox_id, uid, is_seen, modseq) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (account_id, mailbox_id, uid) DO UPDATE SET is_seen = excluded.is_seen, modseq = excluded.modseq`,
          [accountId, mailboxId, p.uid, isSeen ? 1 : 0, modseq],
        );
        written.push({ uid: p.uid, isSeen, modseq });
      }
      return written;
    });
  }

  /** The UIDs present in the mailbox whose state for the account is not `isSeen` yet. */
  private async pendingChanges(
    tx: SqlExecutor,
    accountId: number,
    mailboxId: number,
    uids: readonly number[],
    isSeen: boolean,
  ): Promise<{ uid: number; messageId: number }[]> {
    const pending: { uid: number; messageId: number }[] = [];
    for (const uid of [...new Set(uids)].sort((a, b) => a - b)) {
      const row = await tx.get<{ message_id: number; is_seen: number | null }>(
        `SELECT mm.message_id, s.is_seen FROM mailbox_messages mm
         LEFT JOIN shared_seen s ON s.account_id = ? AND s.mailbox_id = mm.mailbox_id AND s.uid = mm.uid
         WHERE mm.mailbox_id = ? AND mm.uid = ?`,
        [accountId, mailboxId, uid],
      );
      if (!row) continue;
      if ((row.is_seen === 1) === isSeen) continue;
      pending.push({ uid, messageId: row.message_id });
    }
    return pending;
  }
}
