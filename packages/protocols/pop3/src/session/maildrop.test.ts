// The maildrop snapshot on every store backend (STYLE.md §10): numbering, sizes without
// reading bodies, deletion marks, UPDATE, and messages that leave INBOX during the session.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { silentLogger } from '@chasqui/core';
import { MailService, type Mailbox } from '@chasqui/mail';
import { seedAccount, testBackends, useBackend } from '@chasqui/testkit';
import { Maildrop } from './maildrop.js';
import { MessageSizeCache } from './size-cache.js';

const messages = [
  'Subject: a\r\n\r\nuno\r\n',
  'Subject: b\r\n\r\ndos dos\r\n',
  'Subject: c\r\n\r\ntres tres tres\r\n',
];

for (const backend of testBackends) {
  describe(`Maildrop (${backend.name})`, async () => {
    const db = await useBackend(backend);
    let mail: MailService;
    let counter = 0;

    before(() => {
      if (db.skip) return;
      mail = new MailService({ store: db.opened.store, clock: db.opened.clock, logger: silentLogger });
    });

    /** A fresh account with the three messages in INBOX. */
    async function seeded(): Promise<{ accountId: number; inbox: Mailbox }> {
      counter++;
      const { account, inbox } = await seedAccount(db.opened.store, `u${counter}@example.test`);
      for (const raw of messages) await mail.ingest({ accountId: account.id, raw: Buffer.from(raw) });
      return { accountId: account.id, inbox };
    }

    it(
      'numbers INBOX at login, sums sizes without reading bodies, and gives stable unique ids',
      { skip: db.skip },
      async () => {
        const { accountId, inbox } = await seeded();
        const maildrop = await Maildrop.open(mail, accountId, inbox);
        await mail.ingest({ accountId, raw: Buffer.from('Subject: late\r\n\r\nlate\r\n') });
        const total = messages.reduce((sum, raw) => sum + raw.length, 0);
        assert.deepEqual(await maildrop.stat(), { count: 3, size: total });
        assert.deepEqual(
          await maildrop.scanListing(),
          messages.map((raw, i) => [i + 1, raw.length]),
        );
        assert.equal(maildrop.message(4), null, 'a delivery after login is not in the maildrop');
        const second = maildrop.message(2)!;
        assert.equal(maildrop.uniqueId(second), `${inbox.uidValidity}.2`);
        assert.equal((await maildrop.read(second))?.toString(), messages[1]);
        maildrop.close();
      },
    );

    it(
      'DELE marks, RSET unmarks, and QUIT expunges only the marked messages',
      { skip: db.skip },
      async () => {
        const { accountId, inbox } = await seeded();
        const maildrop = await Maildrop.open(mail, accountId, inbox);
        const first = maildrop.message(1)!;
        maildrop.markDeleted(first);
        assert.equal(maildrop.message(1), null);
        assert.equal(maildrop.isDeleted(1), true);
        assert.deepEqual(await maildrop.stat(), {
          count: 2,
          size: messages[1]!.length + messages[2]!.length,
        });
        maildrop.reset();
        assert.equal(maildrop.liveCount, 3);
        maildrop.markDeleted(maildrop.message(3)!);
        assert.equal(await maildrop.commit(), 1);
        const left = await mail.messages.list(accountId, inbox.id);
        assert.deepEqual(
          left.map((entry) => entry.uid),
          [1, 2],
        );
        maildrop.close();
      },
    );

    it(
      'a message expunged or moved away by another session is gone, and nothing throws',
      { skip: db.skip },
      async () => {
        const { accountId, inbox } = await seeded();
        const maildrop = await Maildrop.open(mail, accountId, inbox);
        await mail.messages.expunge(accountId, inbox.id, [1]);
        const archive = await mail.mailboxes.create(accountId, 'Archivo');
        await mail.messages.move(accountId, [maildrop.message(2)!.messageId], inbox.id, archive.id);
        assert.equal(await maildrop.read(maildrop.message(1)!), null);
        assert.equal(await maildrop.read(maildrop.message(2)!), null);
        assert.equal(await maildrop.sizeOf(maildrop.message(1)!), null);
        assert.equal((await maildrop.read(maildrop.message(3)!))?.toString(), messages[2]);
        assert.deepEqual(await maildrop.scanListing(), [
          [1, 0],
          [2, 0],
          [3, messages[2]!.length],
        ]);
        maildrop.markDeleted(maildrop.message(1)!);
        maildrop.markDeleted(maildrop.message(3)!);
        assert.deepEqual(await maildrop.stat(), { count: 1, size: 0 });
        assert.equal(await maildrop.commit(), 1, 'only message 3 was still there to expunge');
        maildrop.close();
      },
    );

    it(
      'a later session lists sizes from the shared cache without asking the store',
      { skip: db.skip },
      async () => {
        const { accountId, inbox } = await seeded();
        const cache = new MessageSizeCache();
        const first = await Maildrop.open(mail, accountId, inbox, cache);
        const listing = await first.scanListing();
        first.close();
        let lookups = 0;
        const get = mail.messages.get.bind(mail.messages);
        mail.messages.get = (id, ids) => {
          lookups++;
          return get(id, ids);
        };
        try {
          const second = await Maildrop.open(mail, accountId, inbox, cache);
          assert.deepEqual(await second.scanListing(), listing);
          assert.equal(lookups, 0);
          second.close();
        } finally {
          mail.messages.get = get;
        }
      },
    );
  });
}
