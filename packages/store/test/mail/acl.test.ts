// Contract tests for mailbox ACLs and grantees' own \Seen (RFC 4314), on every backend.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SystemFlag } from '@chasqui/core';
import { newMessage, seedAccount, testBackends, useBackend } from '@chasqui/testkit';

for (const backend of testBackends) {
  describe(`mailbox ACL store (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;

    async function share(owner: string, grantee: string) {
      const { store } = under.opened;
      const ana = await seedAccount(store, owner);
      const luis = await seedAccount(store, grantee);
      const box = await store.mailboxes.create(ana.account.id, { name: 'Proyectos' });
      return { store, ana, luis, box };
    }

    it('sets, replaces, lists and removes grants for accounts and anyone', { skip }, async () => {
      const { store, ana, luis, box } = await share('a1@acl.test', 'l1@acl.test');
      await store.mailboxAcl.set(box.id, 'anyone', 'l');
      await store.mailboxAcl.set(box.id, luis.account.id, 'lrs');
      await store.mailboxAcl.set(box.id, luis.account.id, 'lrswite');
      assert.deepEqual(await store.mailboxAcl.list(box.id), [
        { mailboxId: box.id, grantee: luis.account.id, rights: 'lrswite' },
        { mailboxId: box.id, grantee: 'anyone', rights: 'l' },
      ]);
      assert.equal((await store.mailboxAcl.grantsOn(box.id, luis.account.id)).length, 2);
      assert.deepEqual(await store.mailboxAcl.grantsOn(box.id, ana.account.id), [
        { mailboxId: box.id, grantee: 'anyone', rights: 'l' },
      ]);
      await store.mailboxAcl.set(box.id, luis.account.id, '');
      assert.deepEqual(await store.mailboxAcl.list(box.id), [
        { mailboxId: box.id, grantee: 'anyone', rights: 'l' },
      ]);
      await assert.rejects(store.mailboxAcl.set(999_999, 'anyone', 'l'));
    });

    it('lists incoming grants with their owner, never the account’s own mailboxes', { skip }, async () => {
      const { store, ana, luis, box } = await share('a2@acl.test', 'l2@acl.test');
      await store.mailboxAcl.set(box.id, luis.account.id, 'lr');
      await store.mailboxAcl.set(ana.inbox.id, 'anyone', 'l');
      // "anyone" grants of other tests' accounts apply too: look at this owner's only.
      const incoming = (await store.mailboxAcl.incoming(luis.account.id)).filter(
        (g) => g.ownerId === ana.account.id,
      );
      assert.deepEqual(
        incoming.map((g) => [g.mailboxId, g.grantee, g.rights, g.ownerId, g.ownerAddress]),
        [
          [ana.inbox.id, 'anyone', 'l', ana.account.id, 'a2@acl.test'],
          [box.id, luis.account.id, 'lr', ana.account.id, 'a2@acl.test'],
        ],
      );
      const own = await store.mailboxAcl.incoming(ana.account.id);
      assert.ok(own.every((g) => g.ownerId !== ana.account.id));
    });

    it('drops grants with the mailbox and with the grantee account', { skip }, async () => {
      const { store, luis, box } = await share('a3@acl.test', 'l3@acl.test');
      await store.mailboxAcl.set(box.id, luis.account.id, 'lr');
      await store.accounts.delete(luis.account.id);
      assert.deepEqual(await store.mailboxAcl.list(box.id), []);
      await store.mailboxAcl.set(box.id, 'anyone', 'lr');
      await store.mailboxes.delete(box.id);
      assert.deepEqual(await store.mailboxAcl.list(box.id), []);
    });

    it('keeps a grantee’s \\Seen apart from the owner’s flags, with modseqs', { skip }, async () => {
      const { store, ana, luis, box } = await share('a4@acl.test', 'l4@acl.test');
      const m1 = await store.messages.append(newMessage(ana.account.id, [box.id]));
      const m2 = await store.messages.append(newMessage(ana.account.id, [box.id]));
      const before = (await store.mailboxes.getById(box.id))!.highestModseq;
      const set = await store.mailboxAcl.setSeen(luis.account.id, box.id, [1, 2, 77], true);
      assert.deepEqual(
        set.map((s) => [s.uid, s.isSeen]),
        [
          [1, true],
          [2, true],
        ],
      );
      assert.ok(set.every((s) => s.modseq > before));
      const after = await store.mailboxes.getById(box.id);
      assert.equal(after?.highestModseq, set[1]?.modseq);
      // The owner's flags and entry modseqs did not move.
      const entries = await store.messages.listMailbox(box.id);
      assert.deepEqual(
        entries.map((e) => [e.flags & SystemFlag.seen, e.modseq]),
        [
          [0, m1.modseq],
          [0, m2.modseq],
        ],
      );
      // Setting it again changes nothing; clearing keeps the row with a newer modseq.
      assert.deepEqual(await store.mailboxAcl.setSeen(luis.account.id, box.id, [1], true), []);
      const cleared = await store.mailboxAcl.setSeen(luis.account.id, box.id, [1], false);
      assert.equal(cleared.length, 1);
      const seen = await store.mailboxAcl.listSeen(luis.account.id, box.id);
      assert.deepEqual(
        seen.map((s) => [s.uid, s.isSeen]),
        [
          [1, false],
          [2, true],
        ],
      );
      assert.ok((seen[0]?.modseq ?? 0) > (seen[1]?.modseq ?? 0));
      const log = await store.changes.since(ana.account.id, before, { mailboxId: box.id });
      assert.deepEqual(
        log.map((c) => [c.type, c.op, c.uid]),
        [
          ['email', 'updated', 1],
          ['email', 'updated', 2],
          ['email', 'updated', 1],
        ],
      );
      assert.deepEqual(await store.mailboxAcl.listSeen(ana.account.id, box.id), []);
    });

    it('forgets a grantee’s \\Seen when the message leaves the mailbox', { skip }, async () => {
      const { store, ana, luis, box } = await share('a5@acl.test', 'l5@acl.test');
      const archive = await store.mailboxes.create(ana.account.id, { name: 'Archivo' });
      await store.messages.append(newMessage(ana.account.id, [box.id]));
      const m2 = await store.messages.append(newMessage(ana.account.id, [box.id]));
      await store.messages.append(newMessage(ana.account.id, [box.id]));
      await store.mailboxAcl.setSeen(luis.account.id, box.id, [1, 2, 3], true);
      await store.messages.expunge(box.id, [1]);
      await store.messages.move(ana.account.id, [m2.messageId], box.id, archive.id);
      assert.deepEqual(
        (await store.mailboxAcl.listSeen(luis.account.id, box.id)).map((s) => s.uid),
        [3],
      );
      await store.mailboxes.delete(box.id);
      assert.deepEqual(await store.mailboxAcl.listSeen(luis.account.id, box.id), []);
      await assert.rejects(store.mailboxAcl.setSeen(luis.account.id, box.id, [3], true));
    });
  });
}
