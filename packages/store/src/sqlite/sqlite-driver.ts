// SQLite backend of the SQL seam: better-sqlite3 in WAL mode, synchronous=FULL so that a
// committed transaction survives power loss (acknowledged = durable).
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from '../sql/driver.js';
import { AsyncMutex } from '../sql/mutex.js';

type Statement = Database.Statement;

/** better-sqlite3 binds Buffers but not plain Uint8Arrays: wrap them without copying. */
function bindable(params: readonly SqlValue[]): unknown[] {
  return params.map((value) =>
    value instanceof Uint8Array && !Buffer.isBuffer(value)
      ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
      : value,
  );
}

class SqliteExecutor implements SqlExecutor {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();
  private readonly rawStatements = new Map<string, Statement>();

  constructor(readonly db: Database.Database) {}

  prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all<T extends SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return Promise.resolve(this.allNow<T>(sql, params));
  }

  get<T extends SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T | null> {
    return Promise.resolve(this.getNow(sql, params) as T | null);
  }

  rows(sql: string, params: readonly SqlValue[] = []): Promise<unknown[][]> {
    return Promise.resolve(this.rowsNow(sql, params));
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return Promise.resolve(this.runNow(sql, params));
  }

  allNow<T extends SqlRow>(sql: string, params: readonly SqlValue[] = []): T[] {
    return this.prepare(sql).all(...bindable(params)) as T[];
  }

  getNow(sql: string, params: readonly SqlValue[] = []): SqlRow | null {
    return (this.prepare(sql).get(...bindable(params)) as SqlRow | undefined) ?? null;
  }

  rowsNow(sql: string, params: readonly SqlValue[] = []): unknown[][] {
    let statement = this.rawStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql).raw(true);
      this.rawStatements.set(sql, statement);
    }
    return statement.all(...bindable(params)) as unknown[][];
  }

  runNow(sql: string, params: readonly SqlValue[] = []): number {
    const statement = this.prepare(sql);
    if (!statement.reader) return statement.run(...bindable(params)).changes;
    statement.all(...bindable(params));
    return 0;
  }
}

/** How long a writer waits for another process's write transaction before giving up. */
const writeLockTimeoutMs = 10_000;

class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly mutex = new AsyncMutex();
  private readonly executor: SqliteExecutor;

  constructor(db: Database.Database) {
    this.executor = new SqliteExecutor(db);
  }

  // Single statements run at once unless a transaction holds the connection (it awaits inside).
  all<T extends SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.mutex.runSync(() => this.executor.allNow<T>(sql, params));
  }

  get<T extends SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T | null> {
    return this.mutex.runSync(() => this.executor.getNow(sql, params) as T | null);
  }

  rows(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    return this.mutex.runSync(() => this.executor.rowsNow(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.mutex.runSync(() => this.executor.runNow(sql, params));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      await this.beginImmediate();
      try {
        const result = await work(this.executor);
        this.executor.prepare('COMMIT').run();
        return result;
      } catch (error) {
        if (this.executor.db.inTransaction) this.executor.prepare('ROLLBACK').run();
        throw error;
      }
    });
  }

  /**
   * Takes the write lock without blocking the event loop: SQLite's own busy wait sleeps in this
   * thread, which would freeze every connection of a worker while another process (a second
   * worker, the CLI) commits. Instead, try without waiting and retry after a short pause. The
   * pause stays at 1–2 ms: a group commit holds the lock for about that long, and a longer back-off
   * made the waiting worker's SMTP clients wait with it (p99 DATA→250 at 10 connections, two
   * workers: 47–57 ms with up to 20 ms, 31–32 ms with 1 ms); a failed attempt costs microseconds.
   */
  private async beginImmediate(): Promise<void> {
    const deadline = Date.now() + writeLockTimeoutMs;
    for (let pause = 1; ; pause = 2) {
      // Prepared (cached) rather than db.pragma(), which compiles the statement on every call.
      this.executor.prepare('PRAGMA busy_timeout = 0').run();
      try {
        this.executor.prepare('BEGIN IMMEDIATE').run();
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      } finally {
        this.executor.prepare(`PRAGMA busy_timeout = ${String(writeLockTimeoutMs)}`).run();
      }
      await delay(pause);
    }
  }

  close(): Promise<void> {
    return this.mutex.run(() => {
      this.executor.db.close();
      return Promise.resolve();
    });
  }
}

/** Opens (creating if needed) the SQLite database at `path`. */
export function openSqliteDriver(path: string): SqlDriver {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Other processes (the CLI while the server runs) wait for the write lock instead of failing.
  db.pragma(`busy_timeout = ${String(writeLockTimeoutMs)}`);
  db.pragma('cache_size = -65536');
  return new SqliteDriver(db);
}
