// One small SQL seam under both backends, so that each repository is written once.
// SQL is written with `?` placeholders; the PostgreSQL driver numbers them ($1, $2…).

export type SqlValue = string | number | bigint | Uint8Array | null;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /** Rows of a query. Integer columns come back as JS numbers on both backends. */
  all<T extends SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row or null. */
  get<T extends SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T | null>;
  /** Rows as arrays of column values, for large listings (no per-row object). */
  rows(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  /** Runs a statement; returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDriver extends SqlExecutor {
  /**
   * Runs `work` in one transaction (SQLite: BEGIN IMMEDIATE, so writers queue instead of
   * failing with SQLITE_BUSY halfway). Commits when it resolves, rolls back when it throws.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
