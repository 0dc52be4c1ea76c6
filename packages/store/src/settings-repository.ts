// Settings: one row per name; getOrCreate is race-free across nodes (insert-or-ignore, re-read).
import type { SettingsRepository } from './interfaces/index.js';
import type { SqlDriver } from './sql/driver.js';

export class SqlSettingsRepository implements SettingsRepository {
  constructor(private readonly db: SqlDriver) {}

  async get(name: string): Promise<string | null> {
    const row = await this.db.get<{ value: string }>('SELECT value FROM settings WHERE name = ?', [name]);
    return row?.value ?? null;
  }

  async getOrCreate(name: string, create: () => string): Promise<string> {
    const existing = await this.get(name);
    if (existing !== null) return existing;
    await this.db.run('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [
      name,
      create(),
    ]);
    return (await this.get(name)) ?? '';
  }

  async set(name: string, value: string): Promise<void> {
    await this.db.run(
      'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      [name, value],
    );
  }
}
