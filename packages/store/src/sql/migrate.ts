// Applies `migrations/<dialect>/NNN_name.sql` in order, each once and in one transaction.
// Two processes starting together are safe: SQLite's BEGIN IMMEDIATE and PostgreSQL's
// transaction-level advisory lock make the second wait and then see the work done.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SqlDriver } from './driver.js';

const migrationsRoot = fileURLToPath(new URL('../../migrations/', import.meta.url));
const migrationLockKey = 0x43686173; // "Chas"

/** Splits a migration file into statements on lines that end with `;`. */
/**
 * Splits a migration into statements at `;` ending a line, keeping together the bodies that
 * contain semicolons of their own: `$$ … $$` blocks (PostgreSQL) and trigger `BEGIN … END;`.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inDollar = false;
  let inTrigger = false;
  const flush = () => {
    const statement = current
      .join('\n')
      .replace(/^\s*--.*$/gm, '')
      .trim();
    if (statement.length > 0) statements.push(statement);
    current = [];
  };
  for (const line of sql.split('\n')) {
    current.push(line);
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inDollar = !inDollar;
    if (!inDollar && /^\s*CREATE\s+TRIGGER\b/i.test(line)) inTrigger = true;
    if (inDollar || !/;\s*$/.test(line)) continue;
    if (inTrigger && !/^\s*END;\s*$/i.test(line)) continue;
    inTrigger = false;
    flush();
  }
  flush();
  return statements;
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
