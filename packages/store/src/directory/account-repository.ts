// Accounts: mailboxes' owners, with password hash, state, quota and change-log counters.
import { ChasquiError, type Clock } from '@chasqui/core';
import type {
  Account,
  AccountPatch,
  AccountRepository,
  AccountRole,
  AccountState,
  NewAccount,
} from '../interfaces/index.js';
import type { SqlDriver, SqlRow, SqlValue } from '../sql/driver.js';
import { mapUniqueViolation } from '../sql/errors.js';
import { deleteAccountMail, recountAccountQuota } from '../mail/index.js';
import { claimAddress, releaseAddress } from './address-space.js';

interface AccountRow extends SqlRow {
  id: number;
  domain_id: number;
  address: string;
  display_name: string;
  password_hash: string;
  role: string;
  state: string;
  quota_bytes: number | null;
  cos_id: number | null;
  used_bytes: number;
  message_count: number;
  highest_modseq: number;
  created_at: number;
  password_changed_at: number;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    domainId: row.domain_id,
    address: row.address,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    role: row.role as AccountRole,
    state: row.state as AccountState,
    quotaBytes: row.quota_bytes,
    cosId: row.cos_id,
    usedBytes: row.used_bytes,
    messageCount: row.message_count,
    highestModseq: row.highest_modseq,
    createdAt: row.created_at,
    passwordChangedAt: row.password_changed_at,
  };
}

const patchColumns: Record<keyof AccountPatch, string> = {
  displayName: 'display_name',
  passwordHash: 'password_hash',
  role: 'role',
  state: 'state',
  quotaBytes: 'quota_bytes',
  cosId: 'cos_id',
  passwordChangedAt: 'password_changed_at',
};

export class SqlAccountRepository implements AccountRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly clock: Clock,
  ) {}

  async create(account: NewAccount): Promise<Account> {
    const now = this.clock.now();
    const row = await mapUniqueViolation(`address ${account.address}`, () =>
      this.db.transaction(async (tx) => {
        await claimAddress(tx, account.address, 'account', account.domainId);
        return tx.get<AccountRow>(
          `INSERT INTO accounts (domain_id, address, display_name, password_hash, role, quota_bytes,
             created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          [
            account.domainId,
            account.address,
            account.displayName,
            account.passwordHash,
            account.role ?? 'user',
            account.quotaBytes ?? null,
            now,
            now,
          ],
        );
      }),
    );
    if (!row) throw new ChasquiError('INTERNAL', 'account insert returned nothing');
    return toAccount(row);
  }

  async getById(id: number): Promise<Account | null> {
    const row = await this.db.get<AccountRow>('SELECT * FROM accounts WHERE id = ?', [id]);
    return row ? toAccount(row) : null;
  }

  async getByAddress(address: string): Promise<Account | null> {
    const row = await this.db.get<AccountRow>('SELECT * FROM accounts WHERE address = ?', [address]);
    return row ? toAccount(row) : null;
  }

  async list(filter: { domainId?: number } = {}): Promise<Account[]> {
    const rows =
      filter.domainId === undefined
        ? await this.db.all<AccountRow>('SELECT * FROM accounts ORDER BY address')
        : await this.db.all<AccountRow>('SELECT * FROM accounts WHERE domain_id = ? ORDER BY address', [
            filter.domainId,
          ]);
    return rows.map(toAccount);
  }

  async update(id: number, patch: AccountPatch): Promise<Account> {
    const entries = Object.entries(patch);
    if (entries.length > 0) {
      const assignments = entries.map(([key]) => `${patchColumns[key as keyof AccountPatch]} = ?`).join(', ');
      const values = entries.map(([, value]) => value as SqlValue);
      await this.db.run(`UPDATE accounts SET ${assignments} WHERE id = ?`, [...values, id]);
    }
    const account = await this.getById(id);
    if (!account) throw new ChasquiError('NOT_FOUND', `account ${id} not found`);
    return account;
  }

  async delete(id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await tx.get<{ address: string }>('SELECT address FROM accounts WHERE id = ?', [id]);
      if (!row) throw new ChasquiError('NOT_FOUND', `account ${id} not found`);
      await deleteAccountMail(tx, id);
      await tx.run('DELETE FROM accounts WHERE id = ?', [id]);
      await releaseAddress(tx, row.address);
    });
  }

  recountQuota(id: number): Promise<{ usedBytes: number; messageCount: number }> {
    return this.db.transaction((tx) => recountAccountQuota(tx, id));
  }
}
