// JMAP store objects on every backend: identities, vacation response, email submissions
// (leases, cancel, changes), the set-based email listing and addToMailbox.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isChasquiError } from '@chasqui/core';
import { newMessage, seedAccount, testBackends, useBackend } from '@chasqui/testkit';

for (const backend of testBackends) {
  describe(`jmap store (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;

    it(
      'creates the default identity once, then aliases; updates, destroys and reports changes',
      { skip },
      async () => {
        const { store } = under.opened;
        const { account } = await seedAccount(store, 'ident@j.test');
        const identities = store.jmapIdentities;
        assert.equal(await identities.createDefault(account.id, 'Ident@j.test', 'Ana'), true);
        assert.equal(await identities.createDefault(account.id, 'ident@j.test', 'Ana'), false);
        const [own] = await identities.list(account.id);
        assert.equal(own?.address, 'ident@j.test');
        const v1 = await identities.version(account.id);
        const alias = await identities.create(account.id, 'ventas@j.test', {
          name: 'Ventas',
          replyTo: [{ name: null, email: 'r@j.test' }],
        });
        await assert.rejects(identities.create(account.id, 'ventas@j.test', {}), (e) =>
          isChasquiError(e, 'ALREADY_EXISTS'),
        );
        assert.ok(await identities.update(account.id, own!.id, { textSignature: '-- Ana' }));
        const changes = await identities.changes(account.id, v1);
        assert.deepEqual(changes.created, [alias.id]);
        assert.deepEqual(changes.updated, [own!.id]);
        const v2 = changes.version;
        assert.ok(await identities.destroy(account.id, alias.id));
        assert.equal(await identities.destroy(account.id, alias.id), false);
        const after = await identities.changes(account.id, v2);
        assert.deepEqual(after.destroyed, [alias.id]);
        const list = await identities.list(account.id);
        assert.deepEqual(
          list.map((i) => [i.address, i.textSignature]),
          [['ident@j.test', '-- Ana']],
        );
        // The address is free again after its identity was destroyed; the id is new.
        const again = await identities.create(account.id, 'ventas@j.test', {});
        assert.notEqual(again.id, alias.id);
        assert.deepEqual((await identities.list(account.id)).at(-1)?.replyTo, null);
        assert.deepEqual(alias.replyTo, [{ name: null, email: 'r@j.test' }]);
      },
    );

    it('keeps one vacation response per account with a version', { skip }, async () => {
      const { store } = under.opened;
      const { account } = await seedAccount(store, 'vac@j.test');
      assert.equal((await store.vacationResponses.get(account.id)).version, 0);
      const first = await store.vacationResponses.update(account.id, {
        isEnabled: true,
        subject: 'Fuera',
        fromDate: 1_700_000_000_000,
      });
      assert.equal(first.version, 1);
      const second = await store.vacationResponses.update(account.id, { textBody: 'Vuelvo el lunes' });
      assert.deepEqual(second, {
        isEnabled: true,
        fromDate: 1_700_000_000_000,
        toDate: null,
        subject: 'Fuera',
        textBody: 'Vuelvo el lunes',
        htmlBody: null,
        version: 2,
      });
      assert.deepEqual(await store.vacationResponses.get(account.id), second);
    });

    it('leases due submissions once, cancels only pending ones and reports changes', { skip }, async () => {
      const { store, clock } = under.opened;
      const { account, inbox } = await seedAccount(store, 'sub@j.test');
      const message = await store.messages.append(newMessage(account.id, [inbox.id]));
      const now = clock.now();
      const base = {
        accountId: account.id,
        identityId: 'I1',
        messageId: message.messageId,
        threadId: message.threadId,
        envelope: null,
        deliveryStatus: null,
        undoStatus: 'pending' as const,
      };
      const v0 = await store.emailSubmissions.version(account.id);
      const due = await store.emailSubmissions.create({ ...base, sendAt: now + 1000 });
      const later = await store.emailSubmissions.create({
        ...base,
        sendAt: now + 60_000,
        envelope: { mailFrom: { email: 'sub@j.test' }, rcptTo: [{ email: 'x@y.test' }] },
      });
      assert.deepEqual(await store.emailSubmissions.claimDue(now, now + 30_000, 10), []);
      assert.deepEqual(
        (await store.emailSubmissions.listDue(now + 1000, 10)).map((s) => s.id),
        [due.id],
      );
      const claimed = await store.emailSubmissions.claimDue(now + 1000, now + 30_000, 10);
      assert.deepEqual(
        claimed.map((s) => s.id),
        [due.id],
      );
      assert.deepEqual(await store.emailSubmissions.claimDue(now + 1000, now + 30_000, 10), []);
      // Leased: it is being sent, so it can no longer be cancelled.
      assert.equal(await store.emailSubmissions.cancel(account.id, due.id, now + 1000), false);
      await store.emailSubmissions.markFinal(due.id, { 'x@y.test': { delivered: 'queued' } });
      const v1 = await store.emailSubmissions.version(account.id);
      assert.ok(await store.emailSubmissions.cancel(account.id, later.id, now + 1000));
      assert.equal(await store.emailSubmissions.cancel(account.id, later.id, now + 1000), false);
      assert.deepEqual((await store.emailSubmissions.claimDue(now + 120_000, now + 200_000, 10)).length, 0);
      const final = await store.emailSubmissions.get(account.id, due.id);
      assert.equal(final?.undoStatus, 'final');
      assert.deepEqual(final?.deliveryStatus, { 'x@y.test': { delivered: 'queued' } });
      const canceled = await store.emailSubmissions.get(account.id, later.id);
      assert.equal(canceled?.undoStatus, 'canceled');
      assert.deepEqual(canceled?.envelope, later.envelope);
      assert.deepEqual(
        (await store.emailSubmissions.changes(account.id, v0)).created.sort(),
        [due.id, later.id].sort(),
      );
      assert.deepEqual((await store.emailSubmissions.changes(account.id, v1)).updated, [later.id]);
      assert.ok(await store.emailSubmissions.destroy(account.id, due.id));
      const v2 = await store.emailSubmissions.version(account.id);
      assert.deepEqual((await store.emailSubmissions.changes(account.id, v1)).destroyed, [due.id]);
      assert.deepEqual((await store.emailSubmissions.changes(account.id, v2)).destroyed, []);
      assert.deepEqual(
        (await store.emailSubmissions.list(account.id)).map((s) => s.id),
        [later.id],
      );
    });

    it(
      'lists an account with memberships in two queries and adds a message to a second mailbox',
      { skip },
      async () => {
        const { store } = under.opened;
        const { account, inbox } = await seedAccount(store, 'list@j.test');
        const other = await store.mailboxes.create(account.id, { name: 'Proyectos' });
        const a = await store.messages.append(newMessage(account.id, [inbox.id], { receivedAt: 2000 }));
        const b = await store.messages.append(
          newMessage(account.id, [inbox.id, other.id], { receivedAt: 1000 }),
        );
        const before = await store.changes.highestModseq(account.id);
        const added = await store.messages.addToMailbox(account.id, [a.messageId, b.messageId], other.id);
        assert.deepEqual([...added.keys()], [a.messageId]);
        const usage = await store.accounts.getById(account.id);
        const listed = await store.jmapEmails.listAccount(account.id);
        assert.deepEqual(
          listed.map((m) => [m.id, [...m.uids.keys()].sort((x, y) => x - y)]),
          [
            [b.messageId, [inbox.id, other.id].sort((x, y) => x - y)],
            [a.messageId, [inbox.id, other.id].sort((x, y) => x - y)],
          ],
        );
        const changes = await store.changes.since(account.id, before);
        assert.deepEqual(
          changes.map((c) => [c.type, c.op, c.objectId, c.mailboxId]),
          [['email', 'created', a.messageId, other.id]],
        );
        assert.equal((await store.messages.listMailbox(other.id)).length, 2);
        assert.equal((await store.accounts.getById(account.id))?.usedBytes, usage?.usedBytes);
        // Leaving one mailbox keeps the message alive in the other.
        await store.messages.expunge(inbox.id, [a.uids.get(inbox.id)!]);
        assert.deepEqual(
          [...((await store.messages.getById(account.id, a.messageId))?.uids.keys() ?? [])],
          [other.id],
        );
        await assert.rejects(store.messages.addToMailbox(account.id, [a.messageId], 999_999), (e) =>
          isChasquiError(e, 'NOT_FOUND'),
        );
      },
    );
  });
}
