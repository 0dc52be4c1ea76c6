// Set-based reads on every backend: getMany, FETCH summaries and blobs for many ids at once,
// across the chunking of IN lists, with other accounts' messages and unknown ids left out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newMessage, rawMessage, seedAccount, testBackends, useBackend } from '@chasqui/testkit';

/** More than one IN-list chunk (512) and a padded tail. */
const manyMessages = 530;

for (const backend of testBackends) {
  describe(`set-based message reads (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;

    it(
      'getMany reads hundreds of messages in the order asked, each with its memberships',
      { skip },
      async () => {
        const { store } = under.opened;
        const { account, inbox } = await seedAccount(store, 'many@reads.test');
        const other = await store.mailboxes.create(account.id, { name: 'Otra' });
        const ids: number[] = [];
        for (let i = 0; i < manyMessages; i++) {
          const raw = rawMessage(`Asunto ${i}`);
          const boxes = i % 100 === 0 ? [inbox.id, other.id] : [inbox.id];
          ids.push(
            (await store.messages.append(newMessage(account.id, boxes, { raw, subject: `Asunto ${i}` })))
              .messageId,
          );
        }
        const stranger = await seedAccount(store, 'stranger@reads.test');
        const foreign = await store.messages.append(newMessage(stranger.account.id, [stranger.inbox.id]));
        const asked = [...ids].reverse();
        asked.splice(7, 0, 999_999_999, foreign.messageId);
        const found = await store.messages.getMany(account.id, asked);
        assert.deepEqual(
          found.map((m) => m.id),
          [...ids].reverse(),
          'order kept; unknown and foreign ids left out',
        );
        const first = found.at(-1);
        assert.equal(first?.subject, 'Asunto 0');
        assert.deepEqual([...(first?.uids ?? new Map())].sort(), [
          [inbox.id, 1],
          [other.id, 1],
        ]);
        assert.deepEqual([...(found[0]?.uids ?? new Map())], [[inbox.id, manyMessages]]);
        assert.deepEqual(await store.messages.getMany(account.id, []), []);
        const sizes = await store.messages.getSizes(account.id, asked);
        assert.equal(sizes.size, manyMessages, "sizes of the account's messages only");
        assert.equal(sizes.get(ids[0] ?? 0), first?.size);
        const inOther = await store.messages.getSizes(account.id, ids, other.id);
        assert.deepEqual(
          [...inOther.keys()],
          ids.filter((_, i) => i % 100 === 0),
        );
      },
    );

    it(
      'stores a summary with new content, keeps the first, and fills in missing ones',
      { skip },
      async () => {
        const { store } = under.opened;
        const { account, inbox } = await seedAccount(store, 'summary@reads.test');
        const other = await store.mailboxes.create(account.id, { name: 'Otra' });
        const raw = rawMessage('Con resumen');
        const a = await store.messages.append(
          newMessage(account.id, [inbox.id], { raw, summary: '[1,"a"]' }),
        );
        // The same content again: the stored summary is kept (it is per content).
        const b = await store.messages.append(
          newMessage(account.id, [other.id], { raw, summary: '[1,"b"]' }),
        );
        const bare = await store.messages.append(
          newMessage(account.id, [inbox.id], { raw: rawMessage('Sin') }),
        );
        const rows = await store.messages.getSummaries(account.id, [
          a.messageId,
          b.messageId,
          bare.messageId,
        ]);
        assert.deepEqual(
          rows.map((r) => [r.messageId, r.summary]).sort((x, y) => Number(x[0]) - Number(y[0])),
          [
            [a.messageId, '[1,"a"]'],
            [b.messageId, '[1,"a"]'],
            [bare.messageId, null],
          ],
        );
        const onlyInOther = await store.messages.getSummaries(
          account.id,
          [a.messageId, b.messageId],
          other.id,
        );
        assert.deepEqual(
          onlyInOther.map((r) => r.messageId),
          [b.messageId],
        );
        const bareBlob = rows.find((r) => r.messageId === bare.messageId)?.blobId ?? '';
        await store.messages.saveSummaries([{ blobId: bareBlob, summary: '[1,"c"]' }]);
        const [filled] = await store.messages.getSummaries(account.id, [bare.messageId]);
        assert.equal(filled?.summary, '[1,"c"]');
        const stranger = await seedAccount(store, 'stranger2@reads.test');
        assert.deepEqual(await store.messages.getSummaries(stranger.account.id, [a.messageId]), []);
      },
    );

    it(
      'blobs.getMany and getForMessages return inline and file blobs together, others left out',
      { skip },
      async () => {
        const { store } = under.opened;
        const { account, inbox } = await seedAccount(store, 'blobs@reads.test');
        const small = rawMessage('Pequeño');
        // Above the inline limit (256 KiB): stored as a file.
        const large = rawMessage('Grande', 'x'.repeat(300 * 1024));
        const s = await store.messages.append(newMessage(account.id, [inbox.id], { raw: small }));
        const l = await store.messages.append(newMessage(account.id, [inbox.id], { raw: large }));
        const blobs = await store.blobs.getMany([s.blobId, l.blobId, 'f'.repeat(64), s.blobId]);
        assert.equal(blobs.size, 2);
        assert.deepEqual(Buffer.from(blobs.get(s.blobId) ?? []), Buffer.from(small));
        assert.deepEqual(Buffer.from(blobs.get(l.blobId) ?? []), Buffer.from(large));
        const byMessage = await store.blobs.getForMessages(account.id, [l.messageId, s.messageId, 424_242]);
        assert.deepEqual([...byMessage.keys()].sort(), [s.messageId, l.messageId].sort());
        assert.deepEqual(Buffer.from(byMessage.get(l.messageId) ?? []), Buffer.from(large));
        const other = await store.mailboxes.create(account.id, { name: 'Otra' });
        assert.equal((await store.blobs.getForMessages(account.id, [s.messageId], other.id)).size, 0);
        assert.equal((await store.blobs.getForMessages(account.id, [s.messageId], inbox.id)).size, 1);
        const stranger = await seedAccount(store, 'stranger3@reads.test');
        assert.equal((await store.blobs.getForMessages(stranger.account.id, [s.messageId])).size, 0);
        assert.equal(await store.blobs.has(l.blobId), true);
        assert.equal(await store.blobs.has(s.blobId), true);
        assert.equal(await store.blobs.has('f'.repeat(64)), false);
      },
    );
  });
}
