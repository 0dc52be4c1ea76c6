// PostgreSQL broadcast between two stores on one schema (two nodes): notices arrive, other
// schemas hear nothing, oversize payloads are refused, and a listener whose connection the
// server killed reconnects and hears again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ManualClock, silentLogger } from '@chasqui/core';
import { openStore, type Store } from '@chasqui/store';
import { dropSchema, freshSchemaName, postgresUrl, testBackends } from '@chasqui/testkit';

const postgres = testBackends.find((backend) => backend.name === 'postgres');
const skip = postgres === undefined ? 'no PostgreSQL backend' : await postgres.skip();

async function open(schema: string): Promise<Store> {
  return openStore(
    { backend: 'postgres', connectionString: postgresUrl, schema, blobDir: '/nonexistent-blobs' },
    { clock: new ManualClock(), logger: silentLogger },
  );
}

async function heard(received: string[], payload: string, withinMs = 2_000): Promise<void> {
  for (let waited = 0; !received.includes(payload); waited += 10) {
    if (waited > withinMs) throw new Error(`"${payload}" not heard within ${String(withinMs)} ms`);
    await sleep(10);
  }
}

describe('broadcast (postgres)', { skip }, () => {
  const schema = freshSchemaName();
  const other = freshSchemaName();
  let a: Store;
  let b: Store;
  let elsewhere: Store;

  before(async () => {
    a = await open(schema);
    b = await open(schema);
    elsewhere = await open(other);
  });

  after(async () => {
    await Promise.all([a.close(), b.close(), elsewhere.close()]);
    await dropSchema(schema);
    await dropSchema(other);
  });

  it('delivers to every subscriber of the schema, the publisher included, and no other schema', async () => {
    const atA: string[] = [];
    const atB: string[] = [];
    const outside: string[] = [];
    await a.broadcast?.subscribe('test', (p) => atA.push(p));
    await b.broadcast?.subscribe('test', (p) => atB.push(p));
    await elsewhere.broadcast?.subscribe('test', (p) => outside.push(p));
    await a.broadcast?.publish('test', 'hola');
    await heard(atB, 'hola');
    await heard(atA, 'hola');
    await sleep(100);
    assert.deepEqual(outside, []);
  });

  it('refuses payloads PostgreSQL would reject, and bad channel names', async () => {
    await assert.rejects(a.broadcast!.publish('test', 'x'.repeat(8_000)), RangeError);
    await assert.rejects(a.broadcast!.publish('Bad-Name', 'x'), /invalid broadcast channel/);
  });

  it('reconnects a listener whose connection was terminated', async () => {
    const atB: string[] = [];
    await b.broadcast?.subscribe('again', (p) => atB.push(p));
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      const killed = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE \'LISTEN "chasqui\_%\_again"\' AND pid <> pg_backend_pid()',
      );
      assert.ok((killed.rowCount ?? 0) > 0);
    } finally {
      await admin.end();
    }
    // Notices sent while reconnecting may be lost; keep sending until one is heard.
    for (let i = 0; ; i++) {
      await a.broadcast?.publish('again', `n${String(i)}`);
      await sleep(100);
      if (atB.length > 0) break;
      assert.ok(i < 50, 'heard again within five seconds');
    }
  });
});
