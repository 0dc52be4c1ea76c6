// Webmail preferences: one JSON document per account, written whole with compare-and-swap on
// its version so that concurrent patches from several nodes never lose a write.
import type { PreferencesRepository, StoredPreferences } from '../interfaces/index.js';
import type { SqlDriver } from '../sql/driver.js';

export class SqlPreferencesRepository implements PreferencesRepository {
  constructor(private readonly db: SqlDriver) {}

  async get(accountId: number): Promise<StoredPreferences> {
    const row = await this.db.get<{ data: string; version: number }>(
      'SELECT data, version FROM webmail_preferences WHERE account_id = ?',
      [accountId],
    );
    return row ? { data: JSON.parse(row.data) as unknown, version: row.version } : { data: null, version: 0 };
  }

  async replace(accountId: number, data: unknown, expectedVersion: number): Promise<number | null> {
    const json = JSON.stringify(data);
    if (expectedVersion === 0) {
      // First write: the insert loses (no row) when another node wrote first.
      const row = await this.db.get<{ version: number }>(
        `INSERT INTO webmail_preferences (account_id, data, version) VALUES (?, ?, 1)
         ON CONFLICT (account_id) DO NOTHING RETURNING version`,
        [accountId, json],
      );
      return row?.version ?? null;
    }
    const row = await this.db.get<{ version: number }>(
      `UPDATE webmail_preferences SET data = ?, version = version + 1
       WHERE account_id = ? AND version = ? RETURNING version`,
      [json, accountId, expectedVersion],
    );
    return row?.version ?? null;
  }
}
