// Leases: one row per name. Taking one is a single upsert whose update only applies when the
// row expired or is the caller's own, so two nodes racing for it cannot both win.
import type { Clock } from '@chasqui/core';
import type { LeaseRepository } from './interfaces/index.js';
import type { SqlDriver } from './sql/driver.js';

export class SqlLeaseRepository implements LeaseRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly clock: Clock,
  ) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const changed = await this.db.run(
      `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.expires_at <= ? OR leases.holder = excluded.holder`,
      [name, holder, now + ttlMs, now],
    );
    return changed > 0;
  }

  async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const changed = await this.db.run('UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?', [
      this.clock.now() + ttlMs,
      name,
      holder,
    ]);
    return changed > 0;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.run('DELETE FROM leases WHERE name = ? AND holder = ?', [name, holder]);
  }
}
