// MailService provisioning on every backend.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@chasqui/core';
import { MailService, normaliseQuery } from '@chasqui/mail';
import { mailMessage, seedAccount, testBackends, useBackend } from '@chasqui/testkit';

for (const backend of testBackends) {
  describe(`mail service (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;

    it('creates the default mailboxes once, even when callers race', { skip }, async () => {
      const { store, clock } = under.opened;
      const domain = await store.domains.create('m.test');
      const account = await store.accounts.create({
        domainId: domain.id,
        address: 'a@m.test',
        displayName: '',
        passwordHash: 'x',
      });
      const mail = new MailService({ store, clock, logger: silentLogger });
      await Promise.all([mail.ensureDefaultMailboxes(account.id), mail.ensureDefaultMailboxes(account.id)]);
      const mailboxes = await mail.ensureDefaultMailboxes(account.id);
      assert.deepEqual(mailboxes.map((m) => [m.name, m.role]).sort(), [
        ['Archivo', 'archive'],
        ['Borradores', 'drafts'],
        ['Enviados', 'sent'],
        ['INBOX', 'inbox'],
        ['Papelera', 'trash'],
        ['Spam', 'junk'],
      ]);
    });

    it('ingests into INBOX, threads replies and finds Spanish words without accents', { skip }, async () => {
      const { store, clock } = under.opened;
      const { account } = await seedAccount(store, 'ingest@m2.test');
      const mail = new MailService({ store, clock, logger: silentLogger });
      const first = await mail.ingest({
        accountId: account.id,
        raw: mailMessage({ subject: 'Información del presupuesto', messageId: '<p1@m2.test>' }),
      });
      const reply = await mail.ingest({
        accountId: account.id,
        raw: mailMessage({
          subject: 'Re: Información',
          messageId: '<p2@m2.test>',
          inReplyTo: '<p1@m2.test>',
        }),
      });
      const other = await mail.ingest({ accountId: account.id, raw: mailMessage({ subject: 'Otro tema' }) });
      assert.equal(reply.threadId, first.threadId);
      assert.notEqual(other.threadId, first.threadId);
      const inbox = await store.mailboxes.getByRole(account.id, 'inbox');
      assert.equal(first.mailboxId, inbox?.id);
      const found = await store.messages.searchText(account.id, normaliseQuery('INFORMACION'));
      assert.deepEqual(found, [first.messageId, reply.messageId]);
    });
  });
}
