// Applies `migrations/<dialect>/NNN_name.sql` in order, each once and in one transaction.
// Two processes starting together are safe: SQLite's BEGIN IMMEDIATE and PostgreSQL's
// transaction-level advisory lock make the second wait and then see the work done.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SqlDriver } from './driver.js';

const migrationsRoot = fileURLToPath(new URL('../../migrations/', import.meta.url));
const migrationLockKey = 0x43686173; // "Chas"

/** Splits a migration file into statements on lines that end with `;`. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter((statement) => statement.length > 0);
}

/** Runs pending migrations; returns the names applied now. */
export async function migrate(driver: SqlDriver): Promise<string[]> {
  const folder = `${migrationsRoot}${driver.dialect}/`;
  const files = readdirSync(folder)
    .filter((name) => /^\d{3}_[\w-]+\.sql$/.test(name))
    .sort();
  await driver.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)',
  );
  const applied: string[] = [];
  for (const file of files) {
    const wasApplied = await driver.transaction(async (tx) => {
      if (tx.dialect === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(?)', [migrationLockKey]);
      if (await tx.get('SELECT name FROM schema_migrations WHERE name = ?', [file])) return false;
      for (const statement of splitStatements(readFileSync(folder + file, 'utf8'))) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)', [file, Date.now()]);
      return true;
    });
    if (wasApplied) applied.push(file);
  }
  return applied;
}
