// MailService provisioning on every backend.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@chasqui/core';
import { MailService } from '@chasqui/mail';
import { testBackends, type OpenedBackend } from '@chasqui/testkit';

for (const backend of testBackends) {
  describe(`mail service (${backend.name})`, async () => {
    const skip = await backend.skip();
    let opened: OpenedBackend;
    before(async () => {
      if (!skip) opened = await backend.open();
    });
    after(async () => {
      if (!skip) await opened.cleanup();
    });

    it('creates the default mailboxes once, even when callers race', { skip }, async () => {
      const { store, clock } = opened;
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
  });
}
