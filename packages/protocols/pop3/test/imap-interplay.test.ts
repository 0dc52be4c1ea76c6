// POP3 and IMAP on one MailService: a message expunged or moved by IMAP during a POP3 session
// answers -ERR and nothing crashes; POP3's DELE + QUIT reaches an IMAP IDLE session as EXPUNGE.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { password, RawClient, startPop3, type Pop3Harness } from './harness.js';

function imapClient(port: number): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: true,
    auth: { user: 'ana@example.test', pass: password },
    tls: { rejectUnauthorized: false },
    logger: false,
  });
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      setTimeout(() => {
        reject(new Error(`no ${what} within ${ms} ms`));
      }, ms).unref();
    }),
  ]);
}

describe('POP3 next to IMAP', () => {
  let h: Pop3Harness;
  let accountId: number;
  beforeEach(async () => {
    h = await startPop3({ withImap: true });
    accountId = await h.addUser('ana@example.test');
    for (const n of [1, 2, 3]) await h.deliver(accountId, `Subject: m${n}\r\n\r\ncuerpo ${n}\r\n`);
  });
  afterEach(() => h.stop());

  it('RETR of a message IMAP expunged meanwhile answers -ERR and the session goes on', async () => {
    const pop = await RawClient.greeted(h.ports.pop3);
    assert.match(await pop.logIn(), /^\+OK maildrop has 3 messages/);
    const imap = imapClient(h.ports.imaps);
    await imap.connect();
    await imap.mailboxOpen('INBOX');
    assert.equal(await imap.messageDelete('1', { uid: true }), true);
    await imap.messageMove('2', 'Archivo', { uid: true });
    await imap.logout();

    assert.equal(await pop.command('RETR 1'), '-ERR message 1 was removed by another session');
    assert.equal(await pop.command('TOP 1 0'), '-ERR message 1 was removed by another session');
    assert.equal(await pop.command('LIST 1'), '-ERR message 1 was removed by another session');
    assert.equal(await pop.command('RETR 2'), '-ERR message 2 was removed by another session');
    const third = await pop.multiline('RETR 3');
    assert.match(third.status, /^\+OK/);
    assert.deepEqual(third.lines, ['Subject: m3', '', 'cuerpo 3']);
    // The numbering stays that of the login snapshot.
    const uidl = await pop.multiline('UIDL');
    assert.equal(uidl.lines.length, 3);
    assert.equal(await pop.command('DELE 1'), '+OK message 1 deleted');
    assert.match(await pop.command('QUIT'), /^\+OK .*signing off/);
    const inbox = await h.inboxOf(accountId);
    const left = await h.mail.messages.list(accountId, inbox.id);
    assert.deepEqual(
      left.map((entry) => entry.uid),
      [3],
    );
  });

  it('DELE + QUIT over POP3 reaches an IMAP IDLE session as EXPUNGE', async () => {
    const watcher = imapClient(h.ports.imaps);
    await watcher.connect();
    try {
      await watcher.mailboxOpen('INBOX');
      const expunged = new Promise<number>((resolve) => {
        watcher.on('expunge', (data: { seq?: number }) => {
          resolve(data.seq ?? 0);
        });
      });
      const idling = watcher.idle();
      while (!(watcher as unknown as { idling: boolean }).idling) {
        await new Promise((resolve) => {
          setImmediate(resolve);
        });
      }
      const pop = await RawClient.greeted(h.ports.pop3);
      await pop.logIn();
      assert.equal(await pop.command('DELE 2'), '+OK message 2 deleted');
      assert.match(await pop.command('QUIT'), /\(2 messages left\)/);
      assert.equal(await within(expunged, 2000, 'EXPUNGE'), 2);
      void idling;
    } finally {
      await watcher.logout();
    }
  });
});
