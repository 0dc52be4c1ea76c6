// The store backends every contract test runs against: SQLite in a temp dir and PostgreSQL in
// a fresh schema (dropped afterwards). Under CI=true a missing PostgreSQL is a failure.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import { ManualClock, silentLogger } from '@chasqui/core';
import { openStore, type Store } from '@chasqui/store';
import { makeTempDir } from './temp-dir.js';

export const postgresUrl =
  process.env['CHASQUI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface OpenedBackend {
  readonly store: Store;
  readonly clock: ManualClock;
  readonly dataDir: string;
  cleanup(): Promise<void>;
}

export interface TestBackend {
  readonly name: 'sqlite' | 'postgres';
  /** A reason to skip (PostgreSQL unreachable outside CI), or false. */
  skip(): Promise<string | false>;
  open(): Promise<OpenedBackend>;
}

let postgresReachable: Promise<boolean> | undefined;

/** A loaded CI machine can take seconds to accept a connection: try a few times before giving up. */
async function probePostgres(): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) if (await probePostgresOnce()) return true;
  return false;
}

async function probePostgresOnce(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh schema name for one test's store. */
export function freshSchemaName(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

/** Drops a schema created by a test. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

const sqliteBackend: TestBackend = {
  name: 'sqlite',
  skip: () => Promise.resolve(false),
  async open() {
    const dir = makeTempDir();
    const clock = new ManualClock();
    const store = await openStore({ backend: 'sqlite', dataDir: dir.path }, { clock, logger: silentLogger });
    return {
      store,
      clock,
      dataDir: dir.path,
      cleanup: async () => {
        await store.close();
        dir.remove();
      },
    };
  },
};

const postgresBackend: TestBackend = {
  name: 'postgres',
  async skip() {
    postgresReachable ??= probePostgres();
    if (await postgresReachable) return false;
    if (process.env['CI'] === 'true') throw new Error(`PostgreSQL is required under CI (${postgresUrl})`);
    return `PostgreSQL not reachable at ${postgresUrl}`;
  },
  async open() {
    const dir = makeTempDir();
    const clock = new ManualClock();
    const schema = freshSchemaName();
    const store = await openStore(
      {
        backend: 'postgres',
        connectionString: postgresUrl,
        schema,
        blobDir: join(dir.path, 'blobs'),
        poolSize: 4,
      },
      { clock, logger: silentLogger },
    );
    return {
      store,
      clock,
      dataDir: dir.path,
      cleanup: async () => {
        await store.close();
        await dropSchema(schema);
        dir.remove();
      },
    };
  },
};

/** Both backends, for `for (const backend of testBackends) describe(backend.name, …)`. */
export const testBackends: readonly TestBackend[] = [sqliteBackend, postgresBackend];

/** A backend opened for one `describe`: `opened` is valid inside its tests. */
export interface BackendUnderTest {
  readonly skip: string | false;
  readonly opened: OpenedBackend;
}

/**
 * Registers hooks that open `backend` before the enclosing describe's tests and clean it up
 * after; call it first in the describe so later `before` hooks can use `opened`.
 */
export async function useBackend(backend: TestBackend): Promise<BackendUnderTest> {
  const skip = await backend.skip();
  let opened: OpenedBackend | undefined;
  before(async () => {
    if (!skip) opened = await backend.open();
  });
  after(async () => {
    await opened?.cleanup();
  });
  return {
    skip,
    get opened() {
      if (!opened) throw new Error(`backend ${backend.name} is not open`);
      return opened;
    },
  };
}
