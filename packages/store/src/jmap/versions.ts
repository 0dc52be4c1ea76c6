// Per-account JMAP type states ('Identity', 'EmailSubmission'): a counter bumped in the
// transaction of each write, so a state names exactly the writes before it.
import type { SqlExecutor } from '../sql/driver.js';

export type VersionKind = 'Identity' | 'EmailSubmission';

/** Increments the counter; returns the new version. */
export async function bumpVersion(tx: SqlExecutor, accountId: number, kind: VersionKind): Promise<number> {
  const row = await tx.get<{ version: number }>(
    `INSERT INTO jmap_versions (account_id, kind, version) VALUES (?, ?, 1)
     ON CONFLICT (account_id, kind) DO UPDATE SET version = jmap_versions.version + 1 RETURNING version`,
    [accountId, kind],
  );
  if (!row) throw new Error('version upsert returned nothing');
  return row.version;
}

export async function currentVersion(db: SqlExecutor, accountId: number, kind: VersionKind): Promise<number> {
  const row = await db.get<{ version: number }>(
    'SELECT version FROM jmap_versions WHERE account_id = ? AND kind = ?',
    [accountId, kind],
  );
  return row?.version ?? 0;
}

export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function fromJson(value: string | null): unknown {
  return value === null ? null : JSON.parse(value);
}
