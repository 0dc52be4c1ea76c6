// DKIM keys per domain and selector; one active key per algorithm signs the domain's mail.
import type { Clock } from '@chasqui/core';
import type { DkimAlgorithm, DkimKey, DkimKeyRepository } from '../interfaces/index.js';
import type { SqlDriver, SqlRow } from '../sql/driver.js';
import { mapUniqueViolation } from '../sql/errors.js';

interface KeyRow extends SqlRow {
  id: number;
  domain: string;
  selector: string;
  algorithm: string;
  private_key: string;
  public_key: string;
  is_active: number;
  created_at: number;
}

function toKey(row: KeyRow): DkimKey {
  return {
    id: row.id,
    domain: row.domain,
    selector: row.selector,
    algorithm: row.algorithm as DkimAlgorithm,
    privateKey: row.private_key,
    publicKey: row.public_key,
    isActive: row.is_active === 1,
    createdAt: row.created_at,
  };
}

export class SqlDkimKeyRepository implements DkimKeyRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly clock: Clock,
  ) {}

  async add(key: Omit<DkimKey, 'id' | 'isActive' | 'createdAt'>): Promise<DkimKey> {
    const row = await mapUniqueViolation(`DKIM selector ${key.selector} of ${key.domain}`, () =>
      this.db.get<KeyRow>(
        `INSERT INTO dkim_keys (domain, selector, algorithm, private_key, public_key, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
        [key.domain, key.selector, key.algorithm, key.privateKey, key.publicKey, this.clock.now()],
      ),
    );
    if (!row) throw new Error('DKIM key insert returned nothing');
    return toKey(row);
  }

  async list(domain?: string): Promise<DkimKey[]> {
    const rows =
      domain === undefined
        ? await this.db.all<KeyRow>('SELECT * FROM dkim_keys ORDER BY domain, created_at, id')
        : await this.db.all<KeyRow>('SELECT * FROM dkim_keys WHERE domain = ? ORDER BY created_at, id', [
            domain,
          ]);
    return rows.map(toKey);
  }

  async active(domain: string): Promise<DkimKey[]> {
    const rows = await this.db.all<KeyRow>(
      'SELECT * FROM dkim_keys WHERE domain = ? AND is_active = 1 ORDER BY algorithm',
      [domain],
    );
    return rows.map(toKey);
  }

  activate(domain: string, selector: string): Promise<void> {
    return this.db.transaction(async (tx) => {
      const key = await tx.get<KeyRow>('SELECT * FROM dkim_keys WHERE domain = ? AND selector = ?', [
        domain,
        selector,
      ]);
      if (!key) throw new Error(`no DKIM selector ${selector} for ${domain}`);
      await tx.run('UPDATE dkim_keys SET is_active = 0 WHERE domain = ? AND algorithm = ?', [
        domain,
        key.algorithm,
      ]);
      await tx.run('UPDATE dkim_keys SET is_active = 1 WHERE id = ?', [key.id]);
    });
  }

  async delete(domain: string, selector: string): Promise<void> {
    await this.db.run('DELETE FROM dkim_keys WHERE domain = ? AND selector = ?', [domain, selector]);
  }
}
