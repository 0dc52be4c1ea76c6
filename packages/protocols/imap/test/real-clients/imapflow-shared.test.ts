// RFC 4314 ACL with two real clients: ana (a raw session, for SETACL/DELETEACL) shares Proyectos
// with luis (imapflow) with "lrs". Luis sees it in NAMESPACE and LIST, reads it and marks \Seen
// for himself only, is refused \Flagged and expunge, is told of ana's new mail while idling;
// with "lrswite" he may flag and expunge; once ana revokes, the mailbox is gone for him.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SystemFlag } from '@chasqui/core';
import { ImapFlow } from 'imapflow';
import { password, RawClient, startImap, type ImapHarness } from '../harness.js';

const shared = 'Otros usuarios/ana@example.test/Proyectos';

describe('shared mailbox with imapflow (RFC 4314)', () => {
  let h: ImapHarness;
  let anaId: number;
  let ana: RawClient;
  let luis: ImapFlow;

  async function anaSays(line: string): Promise<string> {
    const reply = await ana.command('s1', line);
    assert.match(reply, /s1 OK/, reply);
    return reply;
  }

  async function anaFlags(): Promise<number[]> {
    const box = await h.mail.mailboxes.require(anaId, 'Proyectos');
    return (await h.mail.messages.list(anaId, box.id)).map((entry) => entry.flags);
  }

  before(async () => {
    h = await startImap();
    anaId = await h.addUser('ana@example.test');
    await h.addUser('luis@example.test');
    await h.mail.mailboxes.create(anaId, 'Proyectos');
    await h.deliver(
      anaId,
      'From: bob@example.test\nSubject: Plan\nMessage-ID: <s1@x>\n\nEl plan\n',
      'Proyectos',
    );
    ana = await RawClient.open(h.ports.imap);
    await ana.readUntil(/\r\n/);
    await anaSays(`LOGIN ana@example.test ${password}`);
    await anaSays('SETACL Proyectos luis@example.test lrs');
    luis = new ImapFlow({
      host: '127.0.0.1',
      port: h.ports.imaps,
      secure: true,
      auth: { user: 'luis@example.test', pass: password },
      tls: { rejectUnauthorized: false },
      logger: false,
    });
    await luis.connect();
  });

  after(async () => {
    await luis.logout().catch(() => undefined);
    ana.close();
    await h.stop();
  });

  it('advertises the other users namespace and lists the shared mailbox', async () => {
    assert.equal(luis.capabilities.has('ACL'), true);
    // imapflow keeps the parsed NAMESPACE response (RFC 2342) beside the personal prefix.
    const { namespaces } = luis as unknown as {
      namespaces: { other: { prefix: string; delimiter: string }[] | false };
    };
    assert.deepEqual(namespaces.other, [{ prefix: 'Otros usuarios/', delimiter: '/' }]);
    const list = await luis.list();
    const paths = list.map((entry) => entry.path);
    assert.ok(paths.includes(shared), paths.join(', '));
    assert.ok(!paths.includes('Otros usuarios/ana@example.test/INBOX'));
  });

  it('reads and marks \\Seen for luis only; \\Flagged and expunge are refused', async () => {
    await luis.mailboxOpen(shared);
    const message = await luis.fetchOne('1', { source: true, flags: true });
    assert.ok(message && message.source?.toString().includes('El plan'));
    assert.equal(await luis.messageFlagsAdd('1', ['\\Seen']), true);
    const after = await luis.fetchOne('1', { flags: true });
    assert.ok(after && after.flags?.has('\\Seen'));
    assert.deepEqual(await anaFlags(), [0], 'ana still has it unseen');
    assert.equal(await luis.messageFlagsAdd('1', ['\\Flagged']), false);
    assert.equal(await luis.messageDelete('1'), false);
    assert.deepEqual(await anaFlags(), [0]);
  });

  it("is told of ana's new message while idling", async () => {
    const exists = new Promise<number>((resolve) => {
      luis.once('exists', (data: { count: number }) => {
        resolve(data.count);
      });
    });
    const idling = luis.idle();
    await h.deliver(anaId, 'From: bob@example.test\nSubject: Otro\nMessage-ID: <s2@x>\n\nMas\n', 'Proyectos');
    assert.equal(await exists, 2);
    await luis.noop();
    await idling.catch(() => undefined);
  });

  it('may flag and expunge once ana grants lrswite', async () => {
    await anaSays('SETACL Proyectos luis@example.test lrswite');
    // Rights are read at SELECT (RFC 4314 allows caching them): open the mailbox again.
    await luis.mailboxOpen(shared);
    assert.equal(await luis.messageFlagsAdd('1', ['\\Flagged']), true);
    assert.deepEqual(await anaFlags(), [SystemFlag.flagged, 0]);
    assert.equal(await luis.messageDelete('2'), true);
    assert.equal((await anaFlags()).length, 1);
  });

  it('loses the mailbox when ana revokes: NO [NONEXISTENT]', async () => {
    await luis.mailboxClose().catch(() => undefined);
    await anaSays('DELETEACL Proyectos luis@example.test');
    const paths = (await luis.list()).map((entry) => entry.path);
    assert.ok(!paths.includes(shared));
    await assert.rejects(luis.mailboxOpen(shared), (error: { serverResponseCode?: string }) => {
      assert.equal(error.serverResponseCode, 'NONEXISTENT');
      return true;
    });
  });
});
