// Contract tests for mailboxes, messages, blobs, quota and the change log, on every backend.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isChasquiError, SystemFlag } from '@chasqui/core';
import { testBackends, useBackend, newMessage, rawMessage, seedAccount } from '@chasqui/testkit';

for (const backend of testBackends) {
  describe(`mail store (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;

    it('appends with UIDs, modseqs and a readable blob', { skip }, async () => {
      const { store } = under.opened;
      const { account, inbox } = await seedAccount(store, 'uids@m.test');
      const first = await store.messages.append(newMessage(account.id, [inbox.id]));
      const second = await store.messages.append(
        newMessage(account.id, [inbox.id], { flags: SystemFlag.seen }),
      );
      assert.deepEqual([first.uids.get(inbox.id), second.uids.get(inbox.id)], [1, 2]);
      assert.ok(second.modseq > first.modseq);
      assert.equal(first.threadId, first.messageId);
      const entries = await store.messages.listMailbox(inbox.id);
      assert.deepEqual(
        entries.map((e) => [e.uid, e.flags]),
        [
          [1, 0],
          [2, SystemFlag.seen],
        ],
      );
      const stored = await store.messages.getById(account.id, first.messageId);
      assert.equal(
        new TextDecoder().decode((await store.blobs.get(stored?.blobId ?? ''))!).includes('Subject: Hola'),
        true,
      );
      const box = await store.mailboxes.getById(inbox.id);
      assert.equal(box?.uidNext, 3);
      assert.equal(box?.highestModseq, second.modseq);
      assert.deepEqual(await store.mailboxes.counts(inbox.id), {
        total: 2,
        unseen: 1,
        sizeBytes: (stored?.size ?? 0) + (await store.messages.getById(account.id, second.messageId))!.size,
      });
    });

    it('appends a batch in order, a file-sized blob among them, one refusal apart', { skip }, async () => {
      const { store } = under.opened;
      const { account, inbox } = await seedAccount(store, 'batch@m.test');
      const large = new TextEncoder().encode(`Subject: grande\r\n\r\n${'x'.repeat(300 * 1024)}\r\n`);
      const raws = [rawMessage('uno'), large, rawMessage('tres')];
      const results = await store.messages.appendAll([
        ...raws.map((raw) => newMessage(account.id, [inbox.id], { raw })),
        newMessage(account.id, [inbox.id + 1_000_000]),
      ]);
      const [missing] = results.slice(3);
      assert.ok(isChasquiError(missing), 'the message for a missing mailbox is refused alone');
      const stored = results.slice(0, 3).map((result) => {
        assert.ok(!(result instanceof Error));
        return result;
      });
      assert.deepEqual(
        stored.map((result) => result.uids.get(inbox.id)),
        [1, 2, 3],
      );
      const blobs = await store.blobs.getForMessages(
        account.id,
        stored.map((result) => result.messageId),
      );
      stored.forEach((result, index) => {
        assert.deepEqual(Buffer.from(blobs.get(result.messageId) ?? []), Buffer.from(raws[index] ?? []));
      });
    });

    it('never reuses UIDs after expunge, and logs tombstones', { skip }, async () => {
      const { store } = under.opened;
      const { account, inbox } = await seedAccount(store, 'expunge@m.test');
      const a = await store.messages.append(newMessage(account.id, [inbox.id]));
      const b = await store.messages.append(newMessage(account.id, [inbox.id]));
      const before = await store.changes.highestModseq(account.id);
      assert.deepEqual(await store.messages.expunge(inbox.id, [2, 99]), [2]);
      const c = await store.messages.append(newMessage(account.id, [inbox.id]));
      assert.equal(c.uids.get(inbox.id), 3);
      const since = await store.changes.since(account.id, before);
      assert.deepEqual(
        since.map((ch) => [ch.type, ch.op, ch.uid]),
        [
          ['email', 'destroyed', 2],
          ['email', 'created', 3],
        ],
      );
      assert.equal(await store.messages.getById(account.id, b.messageId), null);
      assert.ok(await store.messages.getById(account.id, a.messageId));
      const usage = await store.accounts.recountQuota(account.id);
      assert.equal(usage.messageCount, 2);
    });

    it('sets flags and keywords with CONDSTORE unchangedSince', { skip }, async () => {
      const { store } = under.opened;
      const { account, inbox } = await seedAccount(store, 'flags@m.test');
      const m = await store.messages.append(newMessage(account.id, [inbox.id]));
      const r1 = await store.messages.setFlags(account.id, [m.messageId], {
        add: { flags: SystemFlag.seen | SystemFlag.flagged, keywords: ['$label1', 'proyecto'] },
      });
      assert.equal(r1.changed.length, 1);
      assert.equal(r1.changed[0]?.flags, SystemFlag.seen | SystemFlag.flagged);
      assert.deepEqual(r1.changed[0]?.keywords, ['$label1', 'proyecto']);
      const r2 = await store.messages.setFlags(account.id, [m.messageId], {
        remove: { flags: SystemFlag.seen },
        unchangedSince: m.modseq,
      });
      assert.deepEqual(r2.skipped, [m.messageId]);
      const r3 = await store.messages.setFlags(account.id, [m.messageId], {
        set: { flags: SystemFlag.answered, keywords: [] },
      });
      const [entry] = await store.messages.listMailbox(inbox.id);
      assert.deepEqual(
        [entry?.flags, entry?.keywords, entry?.modseq],
        [SystemFlag.answered, [], r3.changed[0]?.modseq],
      );
      assert.deepEqual(
        (await store.messages.listChangedSince(inbox.id, r1.changed[0]?.modseq ?? 0)).map((e) => e.uid),
        [1],
      );
      const noop = await store.messages.setFlags(account.id, [m.messageId], {
        add: { flags: SystemFlag.answered },
      });
      assert.equal(noop.changed.length, 0);
    });

    it('copies (shared blob, quota) and moves (tombstone + new UID)', { skip }, async () => {
      const { store } = under.opened;
      const { account, inbox } = await seedAccount(store, 'move@m.test');
      const archive = await store.mailboxes.create(account.id, { name: 'Archivo', role: 'archive' });
      const m = await store.messages.append(
        newMessage(account.id, [inbox.id], { searchText: 'ornitorrinco' }),
      );
      const copied = await store.messages.copy(account.id, [m.messageId], archive.id);
      assert.deepEqual([...copied], [[m.messageId, 1]]);
      let usage = await store.accounts.getById(account.id);
      assert.equal(usage?.messageCount, 2);
      assert.equal((await store.messages.searchText(account.id, 'ornitorrinco')).length, 2);
      const moved = await store.messages.move(account.id, [m.messageId], inbox.id, archive.id);
      assert.deepEqual([...moved], [[m.messageId, 2]]);
      assert.equal((await store.messages.listMailbox(inbox.id)).length, 0);
      assert.deepEqual(
        (await store.messages.listMailbox(archive.id)).map((e) => e.uid),
        [1, 2],
      );
      const stored = await store.messages.getById(account.id, m.messageId);
      assert.deepEqual([...(stored?.uids ?? [])], [[archive.id, 2]]);
      usage = await store.accounts.getById(account.id);
      assert.equal(usage?.messageCount, 2);
    });

    it('deduplicates blobs across accounts and collects them when unreferenced', { skip }, async () => {
      const { store } = under.opened;
      const raw = rawMessage('Circular', 'mismo contenido para todos');
      const seeded = [];
      for (const address of ['d1@m.test', 'd2@m.test', 'd3@m.test'])
        seeded.push(await seedAccount(store, address));
      const results = await Promise.all(
        seeded.map((s) => store.messages.append(newMessage(s.account.id, [s.inbox.id], { raw }))),
      );
      const blobId = results[0]!.blobId;
      assert.ok(results.every((r) => r.blobId === blobId));
      assert.equal(await store.blobs.has(blobId), true);
      for (const [i, s] of seeded.entries())
        await store.messages.expunge(s.inbox.id, [results[i]!.uids.get(s.inbox.id)!]);
      const report = await store.recover({ graceMs: 0 });
      assert.ok(report.unreferencedBlobsRemoved >= 1);
      assert.deepEqual(report.missingBlobFiles, []);
      assert.equal(await store.blobs.has(blobId), false);
      assert.equal(await store.blobs.get(blobId), null);
    });

    it('keeps quota exact under 200 concurrent appends and refuses past the limit', { skip }, async () => {
      const { store } = under.opened;
      const sample = newMessage(0, []).raw.byteLength;
      const { account, inbox } = await seedAccount(store, 'quota@m.test', sample * 150);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 200 }, () => store.messages.append(newMessage(account.id, [inbox.id]))),
      );
      const refused = outcomes.filter((o) => o.status === 'rejected');
      assert.ok(refused.every((o) => isChasquiError(o.reason, 'QUOTA_EXCEEDED')));
      const stored = await store.accounts.getById(account.id);
      assert.ok((stored?.usedBytes ?? 0) <= sample * 150 + 200);
      const recount = await store.accounts.recountQuota(account.id);
      assert.deepEqual([stored?.usedBytes, stored?.messageCount], [recount.usedBytes, recount.messageCount]);
      assert.equal(recount.messageCount, 200 - refused.length);
      const uids = (await store.messages.listMailbox(inbox.id)).map((e) => e.uid);
      assert.equal(new Set(uids).size, uids.length);
    });

    it('renames a mailbox with its children, deletes one with its messages', { skip }, async () => {
      const { store } = under.opened;
      const { account } = await seedAccount(store, 'tree@m.test');
      const parent = await store.mailboxes.create(account.id, { name: 'Proyectos' });
      const child = await store.mailboxes.create(account.id, { name: 'Proyectos/2026' });
      await assert.rejects(store.mailboxes.create(account.id, { name: 'Proyectos' }), (e) =>
        isChasquiError(e, 'ALREADY_EXISTS'),
      );
      await store.mailboxes.rename(parent.id, 'Obras');
      assert.equal((await store.mailboxes.getById(child.id))?.name, 'Obras/2026');
      await store.messages.append(newMessage(account.id, [child.id]));
      await store.mailboxes.delete(child.id);
      assert.equal(await store.mailboxes.getById(child.id), null);
      assert.equal((await store.accounts.getById(account.id))?.messageCount, 0);
      await store.mailboxes.setSubscribed(parent.id, false);
      await store.mailboxes.setRole(parent.id, 'archive');
      assert.equal((await store.mailboxes.getByRole(account.id, 'archive'))?.isSubscribed, false);
      const again = await store.mailboxes.create(account.id, { name: 'Obras/2026' });
      assert.notEqual(again.uidValidity, child.uidValidity);
    });

    it(
      'reads changes since a modseq exactly, by type and mailbox, and trims with a horizon',
      { skip },
      async () => {
        const { store, clock } = under.opened;
        const { account, inbox } = await seedAccount(store, 'changes@m.test');
        const start = await store.changes.highestModseq(account.id);
        const appended = [];
        for (let i = 0; i < 5; i++)
          appended.push(await store.messages.append(newMessage(account.id, [inbox.id])));
        const all = await store.changes.since(account.id, start);
        assert.deepEqual(
          all.map((c) => c.modseq),
          appended.map((a) => a.modseq),
        );
        const modseqs = all.map((c) => c.modseq);
        assert.ok(modseqs.every((m, i) => i === 0 || m > (modseqs[i - 1] ?? 0)));
        assert.equal((await store.changes.since(account.id, appended[2]!.modseq)).length, 2);
        assert.equal((await store.changes.since(account.id, start, { limit: 2 })).length, 2);
        assert.equal((await store.changes.since(account.id, 0, { type: 'mailbox' })).length, 1);
        clock.advance(10_000);
        await store.messages.append(newMessage(account.id, [inbox.id]));
        assert.ok((await store.changes.trim(clock.now() - 5_000)) >= 6);
        assert.equal(await store.changes.horizon(account.id), appended[4]!.modseq);
      },
    );

    it('finds messages by Message-ID header and by accent-folded text', { skip }, async () => {
      const { store } = under.opened;
      const { account, inbox } = await seedAccount(store, 'search@m.test');
      const m = await store.messages.append(
        newMessage(account.id, [inbox.id], {
          messageIdHeader: '<a@x.test>',
          searchText: 'informacion presupuesto 2026',
        }),
      );
      assert.deepEqual(await store.messages.findByMessageIdHeaders(account.id, ['<a@x.test>', '<none@x>']), [
        { id: m.messageId, threadId: m.threadId },
      ]);
      assert.deepEqual(await store.messages.searchText(account.id, 'informacion 2026'), [m.messageId]);
      assert.deepEqual(await store.messages.searchText(account.id, 'informacion', inbox.id), [m.messageId]);
      assert.deepEqual(await store.messages.searchText(account.id, 'otra'), []);
      await store.messages.destroy(account.id, [m.messageId]);
      assert.deepEqual(await store.messages.searchText(account.id, 'informacion'), []);
    });
  });
}
