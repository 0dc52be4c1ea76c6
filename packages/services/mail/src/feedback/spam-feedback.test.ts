// The spam-training feed on both backends, through MailService's flag path: $junk / $notjunk
// recorded once per account and content (latest verdict wins), replaces only count when they
// add the keyword, the raw message outlives its deletion and blob recovery, and the feed pages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SystemFlag, silentLogger } from '@chasqui/core';
import { mailMessage, seedAccount, testBackends, useBackend } from '@chasqui/testkit';
import { MailService } from '../mail-service.js';

for (const backend of testBackends) {
  describe(`spam feedback (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const options = { skip: under.skip };

    async function world(address: string) {
      const { store, clock } = under.opened;
      const mail = new MailService({ store, clock, logger: silentLogger });
      const { account, inbox } = await seedAccount(store, address);
      const deliver = async (subject: string, body?: string) => {
        const raw = mailMessage(body === undefined ? { subject } : { subject, body });
        const result = await mail.ingest({ accountId: account.id, mailboxId: inbox.id, raw });
        return { id: result.messageId, uid: result.uids.get(inbox.id) ?? 0, blobId: result.blobId };
      };
      const feed = async () =>
        (await mail.feedback.listSince(0, { limit: 1000 })).filter((item) => item.accountId === account.id);
      return { store, clock, mail, account, inbox, deliver, feed };
    }

    it('records $junk as spam and $notjunk as ham, the latest verdict winning', options, async () => {
      const w = await world('verdicts@fb.test');
      const message = await w.deliver('Oferta increíble');
      await w.mail.messages.setFlags(w.account.id, [message.id], { add: { flags: SystemFlag.junk } });
      let feed = await w.feed();
      assert.deepEqual(
        feed.map((item) => [item.blobId, item.verdict]),
        [[message.blobId, 'spam']],
      );
      assert.match(feed[0]?.raw.toString() ?? '', /Subject: Oferta/);
      w.clock.advance(5000);
      await w.mail.messages.setFlags(w.account.id, [message.id], {
        add: { flags: SystemFlag.notJunk },
        remove: { flags: SystemFlag.junk },
      });
      feed = await w.feed();
      assert.equal(feed.length, 1);
      assert.equal(feed[0]?.verdict, 'ham');
      assert.equal(feed[0]?.at, w.clock.now());
    });

    it('counts a replace of all flags only when it adds the keyword', options, async () => {
      const w = await world('replace@fb.test');
      const message = await w.deliver('Ya marcado');
      await w.store.messages.setFlags(w.account.id, [message.id], { add: { flags: SystemFlag.junk } });
      // Reading a message the filter marked: the client re-sends $junk with $seen.
      await w.mail.messages.setFlags(w.account.id, [message.id], {
        set: { flags: SystemFlag.junk | SystemFlag.seen, keywords: [] },
      });
      assert.deepEqual(await w.feed(), []);
      const other = await w.deliver('Nuevo');
      await w.mail.messages.setFlags(w.account.id, [other.id], {
        set: { flags: SystemFlag.notJunk, keywords: [] },
      });
      assert.deepEqual(
        (await w.feed()).map((item) => item.verdict),
        ['ham'],
      );
      const both = await w.deliver('Ambos');
      await w.mail.messages.setFlags(w.account.id, [both.id], {
        add: { flags: SystemFlag.junk | SystemFlag.notJunk },
      });
      assert.equal((await w.feed()).length, 1, 'both keywords at once say nothing');
    });

    it('keeps the raw message after the user expunges it and blobs are recovered', options, async () => {
      const w = await world('kept@fb.test');
      // One small message (kept inline in its row) and one large (kept in a blob file).
      const small = await w.deliver('Para borrar');
      const large = await w.deliver('Grande para borrar', 'x'.repeat(300 * 1024));
      await w.mail.messages.setFlags(w.account.id, [small.id, large.id], { add: { flags: SystemFlag.junk } });
      await w.mail.messages.expunge(w.account.id, w.inbox.id, [small.uid, large.uid]);
      const report = await w.store.recover({ graceMs: 0 });
      assert.deepEqual(report.missingBlobFiles, []);
      const items = new Map((await w.feed()).map((item) => [item.blobId, item.raw.toString()]));
      assert.match(items.get(small.blobId) ?? '', /Subject: Para borrar/);
      assert.match(items.get(large.blobId) ?? '', /Subject: Grande para borrar/);
      assert.ok((items.get(large.blobId)?.length ?? 0) > 300 * 1024);
    });

    it('releases the message when the feedback is purged or the account deleted', options, async () => {
      const w = await world('released@fb.test');
      const message = await w.deliver('Efímero');
      await w.mail.messages.setFlags(w.account.id, [message.id], { add: { flags: SystemFlag.junk } });
      await w.store.accounts.delete(w.account.id);
      await w.store.recover({ graceMs: 0 });
      assert.equal(await w.store.blobs.has(message.blobId), false);
      assert.equal(await w.store.blobs.get(message.blobId), null);
      const again = await world('purged@fb.test');
      const kept = await again.deliver('Purgado');
      await again.mail.messages.setFlags(again.account.id, [kept.id], { add: { flags: SystemFlag.junk } });
      await again.mail.messages.expunge(again.account.id, again.inbox.id, [kept.uid]);
      again.clock.advance(1000);
      assert.ok((await again.mail.feedback.purgeBefore(again.clock.now())) >= 1);
      await again.store.recover({ graceMs: 0 });
      assert.equal(await again.store.blobs.has(kept.blobId), false);
    });

    it('pages the feed in (time, account, content) order with the cursor', options, async () => {
      const w = await world('pages@fb.test');
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await w.deliver(`Página ${i}`)).id);
      const since = w.clock.now();
      await w.mail.messages.setFlags(w.account.id, ids, { add: { flags: SystemFlag.junk } });
      const seen: string[] = [];
      let page = await w.mail.feedback.listSince(since, { limit: 2 });
      for (let last = page.at(-1); last !== undefined; last = page.at(-1)) {
        seen.push(...page.filter((item) => item.accountId === w.account.id).map((item) => item.blobId));
        page = await w.mail.feedback.listSince(since, { limit: 2, after: last.cursor });
      }
      assert.equal(new Set(seen).size, 5);
    });
  });
}
