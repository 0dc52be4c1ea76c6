// Two connections to one SQLite file (two worker processes): a writer waiting for the other's
// write transaction keeps its event loop running, then commits; nothing is lost.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { makeTempDir } from '@chasqui/testkit';
import { openSqliteDriver } from '../src/sqlite/sqlite-driver.js';

describe('SQLite write lock across connections', () => {
  it('waits for the other writer without blocking the event loop', async () => {
    const dir = makeTempDir('chasqui-lock-');
    const first = openSqliteDriver(join(dir.path, 'db'));
    const second = openSqliteDriver(join(dir.path, 'db'));
    try {
      await first.run('CREATE TABLE t (n INTEGER)');
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const holding = first.transaction(async (tx) => {
        await tx.run('INSERT INTO t VALUES (1)');
        await held;
      });
      await delay(10);
      const waiting = second.transaction((tx) => tx.run('INSERT INTO t VALUES (2)'));
      // While the second connection waits for the lock, timers still fire.
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 5);
      await delay(150);
      clearInterval(ticker);
      assert.ok(ticks >= 10, `the event loop kept turning (${String(ticks)} ticks)`);
      release();
      await holding;
      await waiting;
      const rows = await first.all<{ n: number }>('SELECT n FROM t ORDER BY n');
      assert.deepEqual(
        rows.map((row) => row.n),
        [1, 2],
      );
    } finally {
      await first.close();
      await second.close();
      dir.remove();
    }
  });
});
