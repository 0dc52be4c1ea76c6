// PostgreSQL backend of the SQL seam on a `pg` pool. SQL is written with `?` placeholders;
// they are numbered here. A `?` inside a string literal is not supported: pass it as a parameter.
import pg from 'pg';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from '../sql/driver.js';
import { PostgresBroadcast } from './postgres-broadcast.js';

const int8Oid = 20;
const numericOid = 1700;
const bigintTypes = new pg.TypeOverrides();
// Counters and epoch milliseconds stay far below 2^53.
bigintTypes.setTypeParser(int8Oid, (value: string) => Number(value));
bigintTypes.setTypeParser(numericOid, (value: string) => Number(value));

const numberedCache = new Map<string, string>();

/** Rewrites `?` placeholders to `$1…$n` (cached per SQL text). */
export function numberPlaceholders(sql: string): string {
  let numbered = numberedCache.get(sql);
  if (numbered === undefined) {
    let index = 0;
    numbered = sql.replace(/\?/g, () => `$${++index}`);
    numberedCache.set(sql, numbered);
  }
  return numbered;
}

function toParams(params: readonly SqlValue[]): unknown[] {
  return params.map((value) =>
    value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value,
  );
}

function fromRow(row: SqlRow): SqlRow {
  for (const [key, value] of Object.entries(row)) {
    if (Buffer.isBuffer(value)) row[key] = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  return row;
}

class PostgresExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;

  constructor(private readonly client: pg.Pool | pg.PoolClient) {}

  async all<T extends SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const result = await this.client.query<SqlRow>(numberPlaceholders(sql), toParams(params));
    return result.rows.map((row) => fromRow(row) as T);
  }

  async get<T extends SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T | null> {
    const rows = await this.all<T>(sql, params);
    return rows[0] ?? null;
  }

  async rows(sql: string, params: readonly SqlValue[] = []): Promise<unknown[][]> {
    const result = await this.client.query<unknown[]>({
      text: numberPlaceholders(sql),
      values: toParams(params),
      rowMode: 'array',
    });
    return result.rows;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const result = await this.client.query(numberPlaceholders(sql), toParams(params));
    return result.rowCount ?? 0;
  }
}

class PostgresDriver extends PostgresExecutor implements SqlDriver {
  constructor(
    private readonly pool: pg.Pool,
    private readonly broadcast: PostgresBroadcast,
  ) {
    super(pool);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(new PostgresExecutor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.broadcast.close();
    await this.pool.end();
  }
}

export interface PostgresDriverOptions {
  readonly connectionString: string;
  readonly schema: string;
  readonly poolSize?: number;
}

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** Connects a pool whose every connection works inside `schema` (created if missing). */
export async function openPostgresDriver(
  options: PostgresDriverOptions,
): Promise<{ driver: SqlDriver; broadcast: PostgresBroadcast }> {
  if (!schemaPattern.test(options.schema))
    throw new Error(`invalid PostgreSQL schema name: ${options.schema}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    types: bigintTypes,
    options: `-c search_path=${options.schema}`,
  });
  pool.on('error', () => undefined); // an idle client's error surfaces on its next query
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  const broadcast = new PostgresBroadcast(pool, options.connectionString, options.schema);
  return { driver: new PostgresDriver(pool, broadcast), broadcast };
}
