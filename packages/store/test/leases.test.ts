// Leases on every backend: one holder at a time, renewal, release, and takeover after expiry.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends, useBackend } from '@chasqui/testkit';

for (const backend of testBackends) {
  describe(`leases (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;

    it('is held by one holder until released', { skip }, async () => {
      const { leases } = under.opened.store;
      assert.equal(await leases.acquire('pop3:1', 'a', 60_000), true);
      assert.equal(await leases.acquire('pop3:1', 'b', 60_000), false);
      assert.equal(await leases.acquire('pop3:1', 'a', 60_000), true, 'the holder may take it again');
      assert.equal(await leases.renew('pop3:1', 'b', 60_000), false);
      assert.equal(await leases.renew('pop3:1', 'a', 60_000), true);
      await leases.release('pop3:1', 'b');
      assert.equal(await leases.acquire('pop3:1', 'b', 60_000), false, "another's release is ignored");
      await leases.release('pop3:1', 'a');
      assert.equal(await leases.acquire('pop3:1', 'b', 60_000), true);
    });

    it('passes to another holder once expired, and the old holder cannot renew it', { skip }, async () => {
      const { store, clock } = under.opened;
      const { leases } = store;
      assert.equal(await leases.acquire('job', 'a', 30_000), true);
      assert.equal(await leases.acquire('job', 'b', 60_000), false);
      clock.advance(30_000);
      assert.equal(await leases.acquire('job', 'b', 60_000), true);
      assert.equal(await leases.renew('job', 'a', 60_000), false);
    });

    it('lets exactly one of many racing holders win', { skip }, async () => {
      const { leases } = under.opened.store;
      const wins = await Promise.all(
        Array.from({ length: 8 }, (_, i) => leases.acquire('race', `h${String(i)}`, 60_000)),
      );
      assert.equal(wins.filter(Boolean).length, 1);
    });
  });
}
