// Spam-training feedback from real clients on both backends: JMAP Email/set keywords and an
// imapflow STORE +FLAGS ($Junk) / ($NotJunk) (any case) land in the same feed, and the raw
// message stays readable after the user destroys it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { silentLogger } from '@chasqui/core';
import { createImapListener } from '@chasqui/imap';
import { TlsManager, type Listener } from '@chasqui/net';
import { mailMessage, testBackends, useBackend } from '@chasqui/testkit';
import { callOne, password, startBackendJmap, type BackendJmap } from '../../test/backend-harness.js';

for (const backend of testBackends) {
  describe(`spam training from JMAP and IMAP (${backend.name})`, async () => {
    const under = await useBackend(backend);
    let jmap: BackendJmap;
    let imap: Listener;
    const options = { skip: under.skip };

    before(async () => {
      if (under.skip) return;
      jmap = await startBackendJmap(under.opened);
      const tls = await TlsManager.selfSigned(
        join(under.opened.dataDir, 'tls'),
        'imap.example.test',
        silentLogger,
      );
      imap = createImapListener(
        {
          name: 'imap',
          tls: 'starttls',
          host: '127.0.0.1',
          port: 0,
          hostname: 'imap.example.test',
          maxClients: 10,
          maxMessageBytes: 1024 * 1024,
          allowPlaintextAuth: true,
        },
        { directory: jmap.directory, mail: jmap.mail, tls, logger: silentLogger },
      );
      await imap.start();
    });
    after(async () => {
      await imap?.stop();
      await jmap?.close();
    });

    const deliver = async (subject: string) => {
      const result = await jmap.mail.ingest({ accountId: jmap.anaId, raw: mailMessage({ subject }) });
      return { id: result.messageId, blobId: result.blobId };
    };
    const feed = async () => jmap.mail.feedback.listSince(0, { limit: 100 });

    it('Email/set keywords/$junk and $notjunk record spam and ham', options, async () => {
      const spam = await deliver('Gane un premio');
      const ham = await deliver('Reunión del lunes');
      const [, set] = await callOne(jmap, 'Email/set', {
        accountId: jmap.accountId,
        update: {
          [`M${spam.id}`]: { 'keywords/$junk': true },
          [`M${ham.id}`]: { 'keywords/$notjunk': true },
        },
      });
      assert.equal(Object.keys(set['updated'] as object).length, 2);
      const verdicts = new Map((await feed()).map((item) => [item.blobId, item.verdict]));
      assert.equal(verdicts.get(spam.blobId), 'spam');
      assert.equal(verdicts.get(ham.blobId), 'ham');
      // Marking it read re-sends the whole keyword set: no new verdict, no new time.
      const before = (await feed()).find((item) => item.blobId === spam.blobId)?.at;
      jmap.backend.clock.advance(1000);
      await callOne(jmap, 'Email/set', {
        accountId: jmap.accountId,
        update: { [`M${spam.id}`]: { 'keywords/$seen': true } },
      });
      assert.equal((await feed()).find((item) => item.blobId === spam.blobId)?.at, before);
    });

    it('imapflow STORE +FLAGS ($Junk) and ($notjunk) feed the same training', options, async () => {
      const spam = await deliver('Oferta imapflow');
      const ham = await deliver('Acta imapflow');
      const client = new ImapFlow({
        host: '127.0.0.1',
        port: imap.boundPort() ?? 0,
        secure: false,
        auth: { user: 'ana@example.test', pass: password },
        tls: { rejectUnauthorized: false },
        logger: false,
      });
      await client.connect();
      try {
        const lock = await client.getMailboxLock('INBOX');
        try {
          const uids = (await client.search({ subject: 'imapflow' }, { uid: true })) || [];
          const bySubject = new Map<string, number>();
          for await (const message of client.fetch(uids, { envelope: true }, { uid: true })) {
            bySubject.set(message.envelope?.subject ?? '', message.uid);
          }
          await client.messageFlagsAdd(String(bySubject.get('Oferta imapflow')), ['$Junk'], { uid: true });
          await client.messageFlagsAdd(String(bySubject.get('Acta imapflow')), ['$notjunk'], { uid: true });
          // The user deletes the spam at once: the trainer must still read it.
          await client.messageDelete(String(bySubject.get('Oferta imapflow')), { uid: true });
        } finally {
          lock.release();
        }
      } finally {
        await client.logout();
      }
      await jmap.backend.store.recover({ graceMs: 0 });
      const items = await feed();
      const spamItem = items.find((item) => item.blobId === spam.blobId);
      assert.equal(spamItem?.verdict, 'spam');
      assert.match(spamItem?.raw.toString() ?? '', /Subject: Oferta imapflow/);
      assert.equal(items.find((item) => item.blobId === ham.blobId)?.verdict, 'ham');
    });
  });
}
