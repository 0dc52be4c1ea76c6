// MailService provisioning on every backend.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@chasqui/core';
import { MailService } from '@chasqui/mail';
import { testBackends, useBackend } from '@chasqui/testkit';

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
  });
}
