// Message operations of the mail service on every backend: listings, changes since a modseq,
// raw bytes, flags with UNCHANGEDSINCE, copy, move, expunge, append, search and notification.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SystemFlag, silentLogger } from '@chasqui/core';
import { MailService, type MailChange } from '@chasqui/mail';
import { mailMessage, seedAccount, testBackends, useBackend } from '@chasqui/testkit';

for (const backend of testBackends) {
  describe(`mail service messages (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;

    async function setup(address: string) {
      const { store, clock } = under.opened;
      const mail = new MailService({ store, clock, logger: silentLogger });
      const { account, inbox } = await seedAccount(store, address);
      const archive = await mail.mailboxes.create(account.id, 'Archivo');
      return { mail, accountId: account.id, inbox, archive };
    }

    it('appends, lists by UID and reads the raw bytes back', { skip }, async () => {
      const { mail, accountId, inbox } = await setup('m1@ms.test');
      const raw = mailMessage({ subject: 'Reunión' });
      const first = await mail.messages.append(accountId, inbox.id, raw, {
        flags: SystemFlag.seen,
        keywords: ['$work'],
      });
      const second = await mail.messages.append(accountId, inbox.id, mailMessage());
      assert.deepEqual([first.uid, second.uid], [1, 2]);
      assert.equal(first.uidValidity, inbox.uidValidity);
      const entries = await mail.messages.list(accountId, inbox.id);
      assert.deepEqual(
        entries.map((e) => [e.uid, e.flags, e.keywords]),
        [
          [1, SystemFlag.seen, ['$work']],
          [2, 0, []],
        ],
      );
      assert.deepEqual(await mail.messages.readRaw(accountId, first.messageId), Buffer.from(raw));
    });

    it(
      'MULTIAPPEND stores in order, threads replies within the batch, all or nothing',
      { skip },
      async () => {
        const { mail, accountId, inbox } = await setup('m-multi@ms.test');
        const { appended } = await mail.messages.appendAll(accountId, inbox.id, [
          { raw: mailMessage({ messageId: '<raiz@ms.test>' }), flags: SystemFlag.seen },
          { raw: mailMessage({ messageId: '<resp@ms.test>', inReplyTo: '<raiz@ms.test>' }) },
          { raw: mailMessage(), keywords: ['$work'] },
        ]);
        assert.deepEqual(
          appended.map((m) => m.uid),
          [1, 2, 3],
        );
        const stored = await mail.messages.get(
          accountId,
          appended.map((m) => m.messageId),
        );
        const threadOf = new Map(stored.map((m) => [m.id, m.threadId]));
        const [root, reply, other] = appended.map((m) => threadOf.get(m.messageId));
        assert.equal(reply, root);
        assert.notEqual(other, root);
        const entries = await mail.messages.list(accountId, inbox.id);
        assert.deepEqual(
          entries.map((e) => [e.uid, e.flags, e.keywords]),
          [
            [1, SystemFlag.seen, []],
            [2, 0, []],
            [3, 0, ['$work']],
          ],
        );

        // Over quota at the third message: none is kept, and the quota is free again.
        const { store, clock } = under.opened;
        const body = 'x'.repeat(1000);
        const full = await seedAccount(store, 'm-full@ms.test', 2500);
        const service = new MailService({ store, clock, logger: silentLogger });
        const three = [1, 2, 3].map(() => ({ raw: mailMessage({ body }) }));
        await assert.rejects(service.messages.appendAll(full.account.id, full.inbox.id, three), {
          code: 'QUOTA_EXCEEDED',
        });
        assert.deepEqual(await service.messages.list(full.account.id, full.inbox.id), []);
        const two = await service.messages.appendAll(full.account.id, full.inbox.id, three.slice(0, 2));
        assert.equal(two.appended.length, 2);
      },
    );

    it('reports changes since a modseq: flags, appends and vanished UIDs', { skip }, async () => {
      const { mail, accountId, inbox, archive } = await setup('m2@ms.test');
      const a = await mail.messages.append(accountId, inbox.id, mailMessage());
      const b = await mail.messages.append(accountId, inbox.id, mailMessage());
      const c = await mail.messages.append(accountId, inbox.id, mailMessage());
      const before = (await mail.mailboxes.getById(accountId, inbox.id)).highestModseq;
      await mail.messages.setFlags(accountId, [a.messageId], { add: { flags: SystemFlag.flagged } });
      await mail.messages.move(accountId, [b.messageId], inbox.id, archive.id);
      await mail.messages.expunge(accountId, inbox.id, [c.uid]);
      const d = await mail.messages.append(accountId, inbox.id, mailMessage());
      const changes = await mail.messages.changesSince(accountId, inbox.id, before);
      assert.deepEqual(
        changes.changed.map((e) => e.uid),
        [a.uid, d.uid],
      );
      assert.deepEqual(changes.vanished, [b.uid, c.uid]);
      assert.equal(changes.isExact, true);
      assert.ok(changes.highestModseq > before);
    });

    it('skips messages changed after UNCHANGEDSINCE', { skip }, async () => {
      const { mail, accountId, inbox } = await setup('m3@ms.test');
      const a = await mail.messages.append(accountId, inbox.id, mailMessage());
      const [entry] = await mail.messages.list(accountId, inbox.id);
      await mail.messages.setFlags(accountId, [a.messageId], { add: { flags: SystemFlag.seen } });
      const result = await mail.messages.setFlags(accountId, [a.messageId], {
        add: { flags: SystemFlag.flagged },
        unchangedSince: entry!.modseq,
      });
      assert.deepEqual(result.skipped, [a.messageId]);
      assert.equal(result.changed.length, 0);
    });

    it('copies with new UIDs in the target and keeps the source', { skip }, async () => {
      const { mail, accountId, inbox, archive } = await setup('m4@ms.test');
      const a = await mail.messages.append(accountId, inbox.id, mailMessage());
      const copied = await mail.messages.copy(accountId, [a.messageId], archive.id);
      assert.deepEqual([...copied.entries()], [[a.messageId, 1]]);
      assert.equal((await mail.messages.list(accountId, inbox.id)).length, 1);
      assert.equal((await mail.messages.list(accountId, archive.id)).length, 1);
    });

    it('finds Spanish words without accents in the mailbox only', { skip }, async () => {
      const { mail, accountId, inbox, archive } = await setup('m5@ms.test');
      const a = await mail.messages.append(
        accountId,
        inbox.id,
        mailMessage({ body: 'La información está lista' }),
      );
      await mail.messages.append(accountId, archive.id, mailMessage({ body: 'Más información aquí' }));
      assert.deepEqual(
        [...(await mail.messages.searchText(accountId, inbox.id, 'INFORMACION'))],
        [a.messageId],
      );
      assert.deepEqual([...(await mail.messages.searchText(accountId, inbox.id, '  '))], []);
    });

    it(
      'notifies listeners of appends, flag changes and expunges in the right mailboxes',
      { skip },
      async () => {
        const { mail, accountId, inbox, archive } = await setup('m6@ms.test');
        const seen: MailChange[] = [];
        const stop = mail.notifier.subscribe(accountId, (change) => seen.push(change));
        const a = await mail.messages.append(accountId, inbox.id, mailMessage());
        await mail.messages.setFlags(accountId, [a.messageId], { add: { flags: SystemFlag.seen } });
        await mail.messages.move(accountId, [a.messageId], inbox.id, archive.id);
        await mail.messages.expunge(accountId, archive.id, [1]);
        stop();
        assert.deepEqual(
          seen.map((change) => change.mailboxIds),
          [[inbox.id], [inbox.id], [inbox.id, archive.id], [archive.id]],
        );
      },
    );
  });
}
