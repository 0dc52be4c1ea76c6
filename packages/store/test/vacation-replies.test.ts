// Vacation reply tracking on every backend (RFC 5230 §4.2): once per sender per period, again at
// once for a changed response, one winner between racing claims, release and pruning.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { VacationReplyClaim } from '@chasqui/store';
import { seedAccount, testBackends, useBackend } from '@chasqui/testkit';

const day = 86_400_000;
const june = Date.UTC(2026, 5, 1);

/** A claim for a 7-day period. */
function claimOf(accountId: number, sender: string, now = june, responseHash = 'h1'): VacationReplyClaim {
  return { accountId, sender, responseHash, now, repeatSince: now - 7 * day };
}

for (const backend of testBackends) {
  describe(`vacation replies (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;

    it('answers a sender once per period and again when the response changes', { skip }, async () => {
      const { store } = under.opened;
      const { account } = await seedAccount(store, 'ausente@v.test');
      const claim = (now: number, hash?: string) =>
        store.vacationReplies.claim(claimOf(account.id, 'luis@far.test', now, hash));
      assert.equal(await claim(june), true);
      assert.equal(await claim(june + day), false);
      assert.equal(await claim(june + 7 * day - 1), false);
      assert.equal(await claim(june + 7 * day), true, 'a full period later');
      assert.equal(await claim(june + 7 * day + 1, 'h2'), true, 'a new text is sent at once');
      assert.equal(await claim(june + 7 * day + 2, 'h2'), false);
      const other = await store.vacationReplies.claim(claimOf(account.id, 'rosa@far.test'));
      assert.equal(other, true, 'senders are tracked apart');
    });

    it('lets only one of two racing claims win', { skip }, async () => {
      const { store } = under.opened;
      const { account } = await seedAccount(store, 'carrera@v.test');
      const request = claimOf(account.id, 'x@far.test');
      const results = await Promise.all([
        store.vacationReplies.claim(request),
        store.vacationReplies.claim(request),
      ]);
      assert.deepEqual(results.sort(), [false, true]);
    });

    it('forgets a released claim and prunes old rows', { skip }, async () => {
      const { store } = under.opened;
      const { account } = await seedAccount(store, 'olvido@v.test');
      const request = claimOf(account.id, 'y@far.test');
      assert.equal(await store.vacationReplies.claim(request), true);
      await store.vacationReplies.release(account.id, 'y@far.test', june);
      assert.equal(await store.vacationReplies.claim(request), true, 'released: answered next time');
      assert.ok((await store.vacationReplies.prune(june + 1)) >= 1);
      assert.equal(await store.vacationReplies.claim(request), true, 'pruned: answered again');
    });
  });
}
