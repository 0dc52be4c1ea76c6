// imapflow against the extensions it drives by itself: COMPRESS=DEFLATE (on by default in
// imapflow, off with disableCompression), QUOTA (getQuota), STATUS=SIZE and OBJECTID
// (mailboxId, emailId, threadId).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { password, startImap, type ImapHarness } from '../harness.js';

/** A message large enough that compression matters: repetitive Spanish text. */
const bigMessage = [
  'From: bob@example.test',
  'To: ana@example.test',
  'Subject: Informe grande',
  'Message-ID: <big@x>',
  '',
  ...Array.from(
    { length: 4000 },
    (_, i) => `Línea ${i}: la información del proyecto está lista para revisión.`,
  ),
  '',
].join('\r\n');

function isCompressed(client: ImapFlow): boolean {
  return Boolean((client as unknown as { _deflate?: unknown })._deflate);
}

describe('imapflow with COMPRESS, QUOTA, STATUS=SIZE and OBJECTID', () => {
  let h: ImapHarness;
  let accountId: number;
  const clients: ImapFlow[] = [];

  beforeEach(async () => {
    h = await startImap({ allowPlaintextAuth: false });
    accountId = await h.addUser('ana@example.test');
    await h.deliver(accountId, bigMessage);
    await h.deliver(
      accountId,
      'From: carla@example.test\nSubject: Re: Informe grande\nMessage-ID: <r@x>\nIn-Reply-To: <big@x>\n\nVisto\n',
    );
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.logout().catch(() => undefined);
    await h.stop();
  });

  async function open(disableCompression = false): Promise<ImapFlow> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: h.ports.imaps,
      secure: true,
      auth: { user: 'ana@example.test', pass: password },
      tls: { rejectUnauthorized: false },
      logger: false,
      disableCompression,
    });
    await client.connect();
    clients.push(client);
    return client;
  }

  it('compresses a whole session: large fetch, append, and IDLE updates', async () => {
    const client = await open();
    const writer = await open(true);
    assert.equal(isCompressed(client), true);
    assert.equal(isCompressed(writer), false);
    await client.mailboxOpen('INBOX');
    const message = await client.fetchOne('1', { source: true });
    assert.ok(message);
    assert.equal(message.source?.toString('utf8'), bigMessage);
    const appended = await client.append('INBOX', bigMessage.replace('<big@x>', '<big2@x>'));
    assert.ok(appended && appended.uid === 3);
    // An update pushed during IDLE is flushed through the compressor at once.
    const flags = new Promise<Set<string>>((resolve) => {
      client.on('flags', (event: { flags: Set<string> }) => {
        resolve(event.flags);
      });
    });
    void client.idle();
    while (!(client as unknown as { idling: boolean }).idling) {
      await new Promise((resolve) => {
        setImmediate(resolve);
      });
    }
    await writer.mailboxOpen('INBOX');
    await writer.messageFlagsAdd('2', ['\\Flagged']);
    const timeout = new Promise<never>((_, reject) => {
      setTimeout(() => {
        reject(new Error('no FETCH within 1 s'));
      }, 1000).unref();
    });
    assert.ok((await Promise.race([flags, timeout])).has('\\Flagged'));
  });

  it('reports the storage quota of the account through getQuota', async () => {
    await h.directory.updateAccount('ana@example.test', { quotaBytes: 10 * 1024 * 1024 });
    const client = await open();
    const quota = await client.getQuota('INBOX');
    assert.ok(quota);
    // The root is "" (imapflow leaves an empty root name out).
    assert.ok(!quota.quotaRoot);
    const account = await h.store.accounts.getById(accountId);
    assert.equal(quota.storage?.limit, 10 * 1024 * 1024);
    assert.equal(quota.storage?.usage, Math.ceil((account?.usedBytes ?? 0) / 1024) * 1024);
  });

  it('reads mailbox size and ids, and message and thread ids', async () => {
    const client = await open();
    const status = await client.status('INBOX', { messages: true, size: true });
    const inbox = await h.mail.mailboxes.require(accountId, 'INBOX');
    const counts = await h.store.mailboxes.counts(inbox.id);
    assert.ok(status);
    assert.equal(status.size, counts.sizeBytes);
    const opened = await client.mailboxOpen('INBOX');
    assert.equal(opened.mailboxId, `F${inbox.id}`);
    const messages = [];
    for await (const message of client.fetch('1:*', { uid: true, emailId: true, threadId: true })) {
      messages.push(message);
    }
    assert.deepEqual(
      messages.map((m) => m.emailId),
      ['M1', 'M2'],
    );
    // The reply joined the original's thread.
    assert.equal(messages[0]?.threadId, messages[1]?.threadId);
    assert.match(messages[0]?.threadId ?? '', /^T\d+$/);
  });
});
