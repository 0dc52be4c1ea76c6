// DKIM keys and the outbound queue on every backend.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isChasquiError } from '@chasqui/core';
import { testBackends, useBackend } from '@chasqui/testkit';

for (const backend of testBackends) {
  describe(`delivery store (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;

    it('keeps one active DKIM key per algorithm and refuses a taken selector', { skip }, async () => {
      const { store } = under.opened;
      const key = { domain: 'k.test', algorithm: 'rsa-sha256' as const, privateKey: 'p', publicKey: 'q' };
      await store.dkimKeys.add({ ...key, selector: 's1' });
      await store.dkimKeys.add({ ...key, selector: 's2' });
      await store.dkimKeys.add({ ...key, selector: 'e1', algorithm: 'ed25519-sha256' });
      await store.dkimKeys.activate('k.test', 's1');
      await store.dkimKeys.activate('k.test', 'e1');
      await store.dkimKeys.activate('k.test', 's2');
      const active = await store.dkimKeys.active('k.test');
      assert.deepEqual(active.map((k) => k.selector).sort(), ['e1', 's2']);
      await assert.rejects(store.dkimKeys.add({ ...key, selector: 's1' }), (e) =>
        isChasquiError(e, 'ALREADY_EXISTS'),
      );
    });

    it('leases due entries once, records attempts and keeps the raw bytes', { skip }, async () => {
      const { store, clock } = under.opened;
      const raw = new TextEncoder().encode('Subject: x\r\n\r\nhola\r\n');
      const id = await store.outboundQueue.enqueue({
        mailFrom: 'a@k.test',
        recipients: [{ address: 'b@remote.test', status: 'pending' }],
        raw,
      });
      const now = clock.now();
      const first = await store.outboundQueue.claimDue(now, now + 60_000, 10);
      assert.deepEqual(
        first.map((e) => e.id),
        [id],
      );
      assert.equal((await store.outboundQueue.claimDue(now, now + 60_000, 10)).length, 0);
      assert.deepEqual(Buffer.from((await store.outboundQueue.raw(id)) ?? []), Buffer.from(raw));
      await store.outboundQueue.update(id, {
        recipients: [{ address: 'b@remote.test', status: 'pending', lastError: '421 try later' }],
        attempts: 1,
        nextAttemptAt: now + 5000,
        lastError: '421 try later',
      });
      assert.equal(await store.outboundQueue.nextDueAt(), now + 5000);
      assert.equal((await store.outboundQueue.claimDue(now, now + 60_000, 10)).length, 0);
      assert.ok(await store.outboundQueue.retryNow(id, now));
      const again = await store.outboundQueue.claimDue(now, now + 60_000, 10);
      assert.equal(again[0]?.attempts, 1);
      assert.equal(again[0]?.recipients[0]?.lastError, '421 try later');
      assert.ok(await store.outboundQueue.delete(id));
      assert.equal(await store.outboundQueue.get(id), null);
    });
  });
}
