// Mailbox rules of the mail service on every backend: names, parents, INBOX, children, status.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SystemFlag, isChasquiError, silentLogger } from '@chasqui/core';
import { MailService, type MailChange } from '@chasqui/mail';
import { mailMessage, seedAccount, testBackends, useBackend } from '@chasqui/testkit';

for (const backend of testBackends) {
  describe(`mail service mailboxes (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;

    function service() {
      const { store, clock } = under.opened;
      return new MailService({ store, clock, logger: silentLogger });
    }

    it('creates a mailbox with its missing parents and finds INBOX in any case', { skip }, async () => {
      const mail = service();
      const { account } = await seedAccount(under.opened.store, 'mb1@mb.test');
      await mail.mailboxes.create(account.id, 'Proyectos/2026/Enero/');
      const names = (await mail.mailboxes.list(account.id)).map((m) => m.name);
      assert.deepEqual(names.sort(), ['INBOX', 'Proyectos', 'Proyectos/2026', 'Proyectos/2026/Enero']);
      assert.equal((await mail.mailboxes.get(account.id, 'inbox'))?.name, 'INBOX');
      await assert.rejects(mail.mailboxes.create(account.id, 'Proyectos'), (e) =>
        isChasquiError(e, 'ALREADY_EXISTS'),
      );
      await assert.rejects(mail.mailboxes.create(account.id, 'a//b'), (e) =>
        isChasquiError(e, 'INVALID_ARGUMENT'),
      );
      await assert.rejects(mail.mailboxes.create(account.id, 'Inbox'), (e) =>
        isChasquiError(e, 'ALREADY_EXISTS'),
      );
    });

    it('refuses to delete INBOX or a mailbox with children', { skip }, async () => {
      const mail = service();
      const { account } = await seedAccount(under.opened.store, 'mb2@mb.test');
      await mail.mailboxes.create(account.id, 'A/B');
      await assert.rejects(mail.mailboxes.delete(account.id, 'INBOX'), (e) => isChasquiError(e, 'FORBIDDEN'));
      await assert.rejects(mail.mailboxes.delete(account.id, 'A'), (e) => isChasquiError(e, 'CONFLICT'));
      await mail.mailboxes.delete(account.id, 'A/B');
      await mail.mailboxes.delete(account.id, 'A');
      assert.deepEqual(
        (await mail.mailboxes.list(account.id)).map((m) => m.name),
        ['INBOX'],
      );
    });

    it('renames with children, and renaming INBOX moves its messages and keeps INBOX', { skip }, async () => {
      const mail = service();
      const { account, inbox } = await seedAccount(under.opened.store, 'mb3@mb.test');
      await mail.mailboxes.create(account.id, 'Viejo/Hijo');
      await mail.mailboxes.rename(account.id, 'Viejo', 'Nuevo');
      const names = (await mail.mailboxes.list(account.id)).map((m) => m.name).sort();
      assert.deepEqual(names, ['INBOX', 'Nuevo', 'Nuevo/Hijo']);
      await assert.rejects(
        mail.mailboxes.rename(account.id, 'Nuevo', 'Nuevo/Hijo/X'),
        (e) => isChasquiError(e, 'ALREADY_EXISTS') || isChasquiError(e, 'INVALID_ARGUMENT'),
      );
      await mail.ingest({ accountId: account.id, mailboxId: inbox.id, raw: mailMessage() });
      await mail.mailboxes.rename(account.id, 'INBOX', 'Antiguo');
      assert.equal((await mail.mailboxes.status(account.id, inbox.id)).messages, 0);
      const moved = await mail.mailboxes.require(account.id, 'Antiguo');
      assert.equal((await mail.mailboxes.status(account.id, moved.id)).messages, 1);
    });

    it('counts messages, unseen, deleted and size for STATUS', { skip }, async () => {
      const mail = service();
      const { account, inbox } = await seedAccount(under.opened.store, 'mb4@mb.test');
      const raw = mailMessage({ body: 'x' });
      await mail.ingest({ accountId: account.id, mailboxId: inbox.id, raw });
      await mail.ingest({
        accountId: account.id,
        mailboxId: inbox.id,
        raw: mailMessage(),
        flags: SystemFlag.seen | SystemFlag.deleted,
      });
      const status = await mail.mailboxes.status(account.id, inbox.id);
      assert.equal(status.messages, 2);
      assert.equal(status.unseen, 1);
      assert.equal(status.deleted, 1);
      assert.ok(status.sizeBytes > raw.length);
      assert.ok(status.highestModseq > 0);
      assert.equal(status.uidNext, 3);
    });

    it('subscribes and notifies listeners of mailbox changes', { skip }, async () => {
      const mail = service();
      const { account } = await seedAccount(under.opened.store, 'mb5@mb.test');
      const seen: MailChange[] = [];
      const stop = mail.notifier.subscribe(account.id, (change) => seen.push(change));
      await mail.mailboxes.create(account.id, 'Listas');
      await mail.mailboxes.setSubscribed(account.id, 'Listas', false);
      stop();
      await mail.mailboxes.delete(account.id, 'Listas');
      assert.equal(seen.length, 2);
      assert.ok(seen.every((change) => change.mailboxesChanged));
      await assert.rejects(mail.mailboxes.setSubscribed(account.id, 'Nada', true), (e) =>
        isChasquiError(e, 'NOT_FOUND'),
      );
    });

    it("does not hand out another account's mailbox", { skip }, async () => {
      const mail = service();
      const { inbox } = await seedAccount(under.opened.store, 'mb6@mb.test');
      const { account: other } = await seedAccount(under.opened.store, 'mb7@mb.test');
      await assert.rejects(mail.mailboxes.getById(other.id, inbox.id), (e) => isChasquiError(e, 'NOT_FOUND'));
      await assert.rejects(mail.messages.list(other.id, inbox.id), (e) => isChasquiError(e, 'NOT_FOUND'));
    });
  });
}
