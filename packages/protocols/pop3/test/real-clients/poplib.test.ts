// Python's poplib as a real client (spawned, not spawnSync: the server runs in this process):
// STLS then USER/PASS, implicit TLS with AUTH PLAIN, LIST/UIDL/TOP/RETR compared byte for byte
// with the stored message, and DELE + QUIT seen from the mail service as IMAP would see it.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { MailChange } from '@chasqui/mail';
import { missingTool, runTool } from '@chasqui/testkit';
import { password, startPop3, type Pop3Harness } from '../harness.js';

const skip = missingTool('python3');

function python(script: string) {
  return runTool('python3', ['-c', script]);
}

/** Runs a script whose last stdout line is JSON, and returns that JSON. */
async function pythonJson(script: string): Promise<Record<string, unknown>> {
  const result = await python(script);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

const prelude = `
import poplib, ssl, json, base64
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
def text(value):
    return value.decode('latin1') if isinstance(value, bytes) else value
`;

/** A message with what byte-stuffing and 8-bit paths must survive: dot lines, UTF-8, base64. */
const tricky = [
  'From: José Pérez <jose@example.test>',
  'To: ana@example.test',
  'Subject: =?UTF-8?Q?A=C3=B1o_nuevo?=',
  'Message-ID: <tricky@example.test>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Información del año, línea con ñ.',
  '.Una línea que empieza con punto',
  '..y otra con dos',
  '.',
  'x'.repeat(900),
  '--b1',
  'Content-Type: application/octet-stream; name="datos.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.alloc(3000, 7).toString('base64').replace(/.{76}/g, '$&\r\n'),
  '--b1--',
  '',
].join('\r\n');

describe('POP3 with Python poplib', { skip }, () => {
  let h: Pop3Harness;
  let accountId: number;
  beforeEach(async () => {
    h = await startPop3({ allowPlaintextAuth: false });
    accountId = await h.addUser('ana@example.test');
    await h.deliver(accountId, 'From: bob@example.test\r\nSubject: uno\r\n\r\nprimero\r\n');
    await h.deliver(accountId, tricky);
  });
  afterEach(() => h.stop());

  it('STLS, USER/PASS, LIST/UIDL/TOP/RETR byte-exact', async () => {
    const out = await pythonJson(`${prelude}
p = poplib.POP3('127.0.0.1', ${h.ports.pop3})
caps_before = sorted(p.capa().keys())
p.stls(context=ctx)
caps_after = sorted(p.capa().keys())
p.user('ana@example.test')
login = text(p.pass_('${password}'))
count, size = p.stat()
resp, listing, _ = p.list()
resp, uidls, _ = p.uidl()
resp, top, _ = p.top(2, 3)
resp, lines, octets = p.retr(2)
quit = text(p.quit())
print(json.dumps({
  'capsBefore': caps_before, 'capsAfter': caps_after, 'login': login, 'stat': [count, size],
  'list': [text(l) for l in listing], 'uidl': [text(u) for u in uidls],
  'top': base64.b64encode(b'\\r\\n'.join(top)).decode(),
  'retr': base64.b64encode(b'\\r\\n'.join(lines) + b'\\r\\n').decode(), 'octets': octets, 'quit': quit,
}))
`);
    const stored = await h.mail.messages.list(accountId, (await h.inboxOf(accountId)).id);
    const raw = await h.mail.messages.readRaw(accountId, stored[1]!.messageId);
    const first = await h.mail.messages.readRaw(accountId, stored[0]!.messageId);
    const { uidValidity } = await h.inboxOf(accountId);
    assert.ok(!(out['capsBefore'] as string[]).includes('USER'), 'no USER before TLS');
    assert.ok((out['capsBefore'] as string[]).includes('STLS'));
    assert.ok((out['capsAfter'] as string[]).includes('USER'));
    assert.ok(!(out['capsAfter'] as string[]).includes('STLS'));
    assert.match(out['login'] as string, /^\+OK maildrop has 2 messages/);
    assert.deepEqual(out['stat'], [2, first.length + raw.length]);
    assert.deepEqual(out['list'], [`1 ${first.length}`, `2 ${raw.length}`]);
    assert.deepEqual(out['uidl'], [`1 ${uidValidity}.1`, `2 ${uidValidity}.2`]);
    const top = Buffer.from(out['top'] as string, 'base64').toString('utf8');
    assert.equal(top, tricky.split('\r\n').slice(0, 10).join('\r\n'));
    assert.ok(Buffer.from(out['retr'] as string, 'base64').equals(raw), 'RETR gives the stored bytes');
    assert.ok(raw.equals(Buffer.from(tricky, 'utf8')));
    assert.match(out['quit'] as string, /^\+OK .*signing off \(2 messages left\)/);
  });

  it('implicit TLS with AUTH PLAIN', async () => {
    const out = await pythonJson(`${prelude}
p = poplib.POP3_SSL('127.0.0.1', ${h.ports.pop3s}, context=ctx)
caps = sorted(p.capa().keys())
token = base64.b64encode(b'\\0ana@example.test\\0${password}').decode()
login = text(p._shortcmd('AUTH PLAIN ' + token))
resp, lines, octets = p.retr(1)
p.quit()
print(json.dumps({'caps': caps, 'login': login, 'retr': [text(l) for l in lines]}))
`);
    assert.ok((out['caps'] as string[]).includes('SASL'));
    assert.ok(!(out['caps'] as string[]).includes('STLS'), 'no STLS on the implicit-TLS port');
    assert.match(out['login'] as string, /^\+OK maildrop has 2 messages/);
    assert.deepEqual(out['retr'], ['From: bob@example.test', 'Subject: uno', '', 'primero']);
  });

  it('DELE + QUIT removes the message from INBOX and tells IMAP sessions', async () => {
    const inbox = await h.inboxOf(accountId);
    const changes: MailChange[] = [];
    const unsubscribe = h.mail.notifier.subscribe(accountId, (change) => changes.push(change));
    const out = await pythonJson(`${prelude}
p = poplib.POP3_SSL('127.0.0.1', ${h.ports.pop3s}, context=ctx)
p.user('ana@example.test')
p.pass_('${password}')
dele = text(p.dele(1))
stat = p.stat()
quit = text(p.quit())
print(json.dumps({'dele': dele, 'stat': stat, 'quit': quit}))
`);
    unsubscribe();
    assert.equal(out['dele'], '+OK message 1 deleted');
    assert.equal((out['stat'] as number[])[0], 1);
    const left = await h.mail.messages.list(accountId, inbox.id);
    assert.deepEqual(
      left.map((entry) => entry.uid),
      [2],
    );
    assert.ok(changes.some((change) => change.mailboxIds.includes(inbox.id)));
  });
});
