// The in-memory mailbox listing stays exact through every kind of change (both backends).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SystemFlag } from '@chasqui/core';
import { newMessage, rawMessage, seedAccount, testBackends, useBackend } from '@chasqui/testkit';

for (const backend of testBackends) {
  describe(`mailbox listing cache (${backend.name})`, async () => {
    const under = await useBackend(backend);

    it(
      'matches a fresh read after flags, expunge, move, copy and appends',
      { skip: under.skip },
      async () => {
        const { store } = under.opened;
        const { account, inbox } = await seedAccount(store, 'cache@example.test');
        const archive = await store.mailboxes.create(account.id, { name: 'Archivo', role: 'archive' });
        const appended = await Promise.all(
          Array.from({ length: 2050 }, () =>
            store.messages.append(newMessage(account.id, [inbox.id], { raw: rawMessage() })),
          ),
        );
        await store.messages.setFlags(account.id, [appended[5]?.messageId ?? 0], {
          add: { keywords: ['$label1', 'proyecto,urgente'] },
        });
        const first = await store.messages.listMailbox(inbox.id);
        assert.deepEqual([...(first[5]?.keywords ?? [])].sort(), ['$label1', 'proyecto,urgente']);
        assert.equal(first.length, 2050);
        const ids = appended.map((a) => a.messageId);
        await store.messages.setFlags(account.id, ids.slice(0, 10), { add: { flags: SystemFlag.seen } });
        await store.messages.expunge(inbox.id, [first[20]?.uid ?? 0, first[21]?.uid ?? 0]);
        await store.messages.move(account.id, [ids[30] ?? 0], inbox.id, archive.id);
        await store.messages.copy(account.id, [ids[31] ?? 0], inbox.id);
        await store.messages.append(newMessage(account.id, [inbox.id], { raw: rawMessage() }));
        const cached = await store.messages.listMailbox(inbox.id);
        const fresh = await store.messages.listChangedSince(inbox.id, 0);
        assert.deepEqual(cached, fresh);
        assert.equal(cached.length, 2050 - 2 - 1 + 1 + 1);
        assert.equal(cached.filter((e) => e.flags & SystemFlag.seen).length, 10);
        // The listing comes with the HIGHESTMODSEQ it reflects, and is shared while nothing changes.
        const listing = await store.messages.readListing(inbox.id);
        assert.equal(listing.highestModseq, await store.mailboxes.highestModseq(inbox.id));
        assert.equal(listing.highestModseq, (await store.mailboxes.getById(inbox.id))?.highestModseq);
        assert.ok(listing.entries.every((entry) => entry.modseq <= listing.highestModseq));
        assert.equal((await store.messages.readListing(inbox.id)).entries, listing.entries);
        assert.equal(await store.mailboxes.highestModseq(archive.id + 1000), null);
      },
    );
  });
}
