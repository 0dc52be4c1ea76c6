// imapflow as a real client over TLS (implicit and STARTTLS) against a real SQLite store:
// login, LIST with special-use, SELECT, FETCH envelope/bodystructure/source, STORE, SEARCH,
// APPEND, MOVE, EXPUNGE and IDLE notification of another session's append.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { password, startImap, type ImapHarness } from '../harness.js';

const alternative = [
  'From: =?ISO-8859-1?Q?Jos=E9_P=E9rez?= <jose@example.test>',
  'To: Ana <ana@example.test>, equipo: bob@example.test, carla@example.test;',
  'Subject: =?UTF-8?B?SW5mb3JtYWNpw7NuIGRlbCBwcm95ZWN0bw==?=',
  'Date: Mon, 2 Feb 2026 10:00:00 -0500',
  'Message-ID: <alt1@example.test>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'La informaci=C3=B3n del proyecto est=C3=A1 lista.',
  '--b1',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>La información del proyecto está lista.</p>',
  '--b1--',
  '',
].join('\r\n');

function options(port: number, secure: boolean): ImapFlowOptions {
  return {
    host: '127.0.0.1',
    port,
    secure,
    auth: { user: 'ana@example.test', pass: password },
    tls: { rejectUnauthorized: false },
    logger: false,
  };
}

describe('IMAP with imapflow', () => {
  let h: ImapHarness;
  let accountId: number;
  before(async () => {
    h = await startImap({ allowPlaintextAuth: false });
    accountId = await h.addUser('ana@example.test');
    await h.deliver(accountId, alternative);
    await h.deliver(
      accountId,
      'From: bob@example.test\nSubject: Segundo\nMessage-ID: <s2@x>\n\nOtro texto\n',
    );
  });
  after(() => h.stop());

  async function connected(secure = true): Promise<ImapFlow> {
    const client = new ImapFlow(options(secure ? h.ports.imaps : h.ports.imap, secure));
    await client.connect();
    return client;
  }

  it('logs in over STARTTLS and lists mailboxes with special-use flags', async () => {
    const client = await connected(false);
    try {
      // The harness refuses plaintext login, so getting here proves STARTTLS happened.
      const list = await client.list();
      const byName = new Map(list.map((entry) => [entry.path, entry]));
      assert.deepEqual([...byName.keys()].sort(), [
        'Archivo',
        'Borradores',
        'Enviados',
        'INBOX',
        'Papelera',
        'Spam',
      ]);
      assert.equal(byName.get('Enviados')?.specialUse, '\\Sent');
      assert.equal(byName.get('Papelera')?.specialUse, '\\Trash');
      assert.equal(byName.get('INBOX')?.specialUse, '\\Inbox');
    } finally {
      await client.logout();
    }
  });

  it('fetches envelope, bodystructure and source', async () => {
    const client = await connected();
    try {
      const mailbox = await client.mailboxOpen('INBOX');
      assert.equal(mailbox.exists, 2);
      const message = await client.fetchOne('1', {
        envelope: true,
        bodyStructure: true,
        source: true,
        uid: true,
      });
      assert.ok(message);
      assert.equal(message.envelope?.subject, 'Información del proyecto');
      assert.equal(message.envelope?.from?.[0]?.name, 'José Pérez');
      assert.equal(message.envelope?.from?.[0]?.address, 'jose@example.test');
      // The group "equipo:" comes as a start marker (no address) before its members.
      assert.deepEqual(
        message.envelope?.to?.map((a) => a.address ?? ''),
        ['ana@example.test', '', 'bob@example.test', 'carla@example.test'],
      );
      assert.equal(message.bodyStructure?.type, 'multipart/alternative');
      assert.deepEqual(
        message.bodyStructure?.childNodes?.map((n) => [n.part, n.type, n.encoding]),
        [
          ['1', 'text/plain', 'quoted-printable'],
          ['2', 'text/html', '7bit'],
        ],
      );
      assert.equal(message.source?.toString('utf8'), alternative);
      const { content } = await client.download('1', '1');
      const chunks: Buffer[] = [];
      for await (const chunk of content!) chunks.push(chunk as Buffer);
      assert.equal(Buffer.concat(chunks).toString('utf8'), 'La información del proyecto está lista.');
    } finally {
      await client.logout();
    }
  });

  it('stores flags and searches by flag, header and Spanish text without accents', async () => {
    const client = await connected();
    try {
      await client.mailboxOpen('INBOX');
      await client.messageFlagsAdd('1', ['\\Flagged', 'Importante']);
      const flagged = await client.fetchOne('1', { flags: true });
      assert.ok(flagged && flagged.flags?.has('\\Flagged'));
      assert.ok(flagged.flags?.has('importante'));
      assert.deepEqual(await client.search({ flagged: true }), [1]);
      assert.deepEqual(await client.search({ subject: 'informacion' }), [1]);
      assert.deepEqual(await client.search({ body: 'informacion' }), [1]);
      assert.deepEqual(await client.search({ from: 'bob' }), [2]);
      assert.deepEqual(await client.search({ seen: false }), [1, 2]);
    } finally {
      await client.logout();
    }
  });

  it('appends, moves and expunges', async () => {
    const client = await connected();
    try {
      const appended = await client.append('Borradores', 'Subject: borrador\r\n\r\nTexto\r\n', ['\\Draft']);
      assert.ok(appended && appended.uid);
      await client.mailboxOpen('Borradores');
      const moved = await client.messageMove('1:*', 'Papelera');
      assert.ok(moved && moved.uidMap && moved.uidMap.size === 1);
      const status = await client.status('Papelera', { messages: true });
      assert.equal(status && status.messages, 1);
      await client.mailboxOpen('Papelera');
      assert.equal(await client.messageDelete('1:*'), true);
      const after = await client.status('Papelera', { messages: true, uidNext: true });
      assert.equal(after && after.messages, 0);
    } finally {
      await client.logout();
    }
  });

  it('tells an IDLE session about a message appended by another session within a second', async () => {
    const watcher = await connected();
    const writer = await connected();
    try {
      await watcher.mailboxOpen('INBOX');
      const before = watcher.mailbox === false ? 0 : watcher.mailbox.exists;
      const exists = new Promise<number>((resolve) => {
        watcher.on('exists', (data: { count: number }) => {
          resolve(data.count);
        });
      });
      const idling = watcher.idle();
      while (!(watcher as unknown as { idling: boolean }).idling)
        await new Promise((resolve) => {
          setImmediate(resolve);
        });
      const started = Date.now();
      await writer.append('INBOX', 'Subject: nuevo\r\n\r\nHola\r\n');
      const count = await Promise.race([
        exists,
        new Promise<number>((_, reject) => {
          setTimeout(() => {
            reject(new Error('no EXISTS within 1 s'));
          }, 1000);
        }),
      ]);
      assert.equal(count, before + 1);
      assert.ok(Date.now() - started < 1000);
      void idling;
    } finally {
      await writer.logout();
      await watcher.logout();
    }
  });
});
