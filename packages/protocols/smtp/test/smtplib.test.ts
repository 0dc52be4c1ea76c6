// Python's smtplib as a second real client: 8-bit bodies, SMTPUTF8 addresses, large and
// oversized messages, and lists, aliases and catch-all on the receiving side.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { missingTool, runTool } from '@chasqui/testkit';
import { internalSession } from '@chasqui/delivery';
import { startHarness, type Harness } from './harness.js';

const skip = missingTool('python3');

/** Runs a Python snippet with `port` bound; prints whatever it wants to stdout. */
async function python(port: number, body: string): Promise<string> {
  const script = `import smtplib, sys\nport = ${port}\n${body}`;
  const result = await runTool('python3', ['-c', script]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim();
}

describe('SMTP with Python smtplib', { skip }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ maxMessageBytes: 2 * 1024 * 1024 });
    await h.addUser('ana@example.test');
    await h.addUser('bob@example.test');
    await h.directory.addAlias('ventas@example.test', ['ana@example.test', 'bob@example.test']);
    await h.directory.addGroup({
      address: 'equipo@example.test',
      name: 'Equipo',
      postingPolicy: 'members',
      members: ['ana@example.test', 'bob@example.test'],
    });
  });
  after(() => h.stop());

  it('stores an 8-bit UTF-8 body and an SMTPUTF8 sender intact', async () => {
    const out = await python(
      h.ports.mx,
      `
s = smtplib.SMTP('127.0.0.1', port)
s.ehlo('cliente.test')
print('smtputf8' in s.esmtp_features and '8bitmime' in s.esmtp_features)
msg = 'From: José <josé@añejo.test>\\r\\nTo: ana@example.test\\r\\nSubject: Año nuevo\\r\\nContent-Type: text/plain; charset=utf-8\\r\\nContent-Transfer-Encoding: 8bit\\r\\n\\r\\nInformación para el señor Ñahui.\\r\\n'.encode('utf-8')
print(s.sendmail('josé@añejo.test', ['ana@example.test'], msg, mail_options=['SMTPUTF8', 'BODY=8BITMIME']))
s.quit()
`,
    );
    assert.equal(out, 'True\n{}');
    const messages = await h.messages('ana@example.test');
    assert.ok(messages.at(-1)?.includes('Información para el señor Ñahui.'));
  });

  it('accepts a large message and refuses an oversized one with 552 5.3.4', async () => {
    const out = await python(
      h.ports.mx,
      `
s = smtplib.SMTP('127.0.0.1', port)
line = b'x' * 998 + b'\\r\\n'
big = b'Subject: grande\\r\\n\\r\\n' + line * 1500
print(s.sendmail('a@outside.test', ['bob@example.test'], big))
try:
    s.sendmail('a@outside.test', ['bob@example.test'], b'Subject: enorme\\r\\n\\r\\n' + line * 3000)
except smtplib.SMTPDataError as e:
    print(e.smtp_code, e.smtp_error.decode())
except smtplib.SMTPSenderRefused as e:
    print(e.smtp_code, e.smtp_error.decode())
`,
    );
    const [first, second] = out.split('\n');
    assert.equal(first, '{}');
    assert.match(second ?? '', /^552 5\.3\.4 /);
    const bob = await h.messages('bob@example.test');
    assert.equal(bob.filter((m) => m.includes('Subject: grande')).length, 1);
    assert.equal(bob.filter((m) => m.includes('Subject: enorme')).length, 0);
  });

  it('expands aliases and lists, and holds lists to their posting policy', async () => {
    const out = await python(
      h.ports.mx,
      `
s = smtplib.SMTP('127.0.0.1', port)
print(s.sendmail('c@outside.test', ['ventas@example.test'], b'Subject: alias\\r\\n\\r\\nhola\\r\\n'))
try:
    s.sendmail('c@outside.test', ['equipo@example.test'], b'Subject: lista\\r\\n\\r\\nhola\\r\\n')
except smtplib.SMTPRecipientsRefused as e:
    code, text = e.recipients['equipo@example.test']
    print(code, text.decode())
`,
    );
    const [alias, list] = out.split('\n');
    assert.equal(alias, '{}');
    assert.match(list ?? '', /^550 5\.7\.1 c@outside\.test may not post to equipo@example\.test/);
    for (const user of ['ana@example.test', 'bob@example.test']) {
      assert.equal((await h.messages(user)).filter((m) => m.includes('Subject: alias')).length, 1);
    }
  });

  it('delivers to list members when a member posts, once each', async () => {
    const result = await h.delivery.deliver(
      internalSession('t'),
      {
        mailFrom: 'ana@example.test',
        recipients: [{ address: 'equipo@example.test' }, { address: 'bob@example.test' }],
      },
      new TextEncoder().encode('From: ana@example.test\r\nSubject: reunión\r\n\r\nmañana\r\n'),
    );
    assert.equal(result.verdict, 'accept');
    assert.equal(
      (await h.messages('bob@example.test')).filter((m) => m.includes('Subject: reunión')).length,
      1,
    );
    assert.equal(
      (await h.messages('ana@example.test')).filter((m) => m.includes('Subject: reunión')).length,
      1,
    );
  });

  it('answers a full mailbox with 452 4.2.2 at RCPT, so the sender retries later', async () => {
    const id = await h.addUser('lleno@example.test');
    await h.store.accounts.update(id, { quotaBytes: 10 });
    const out = await python(
      h.ports.mx,
      `
s = smtplib.SMTP('127.0.0.1', port)
try:
    s.sendmail('c@outside.test', ['lleno@example.test'], b'Subject: q\\r\\n\\r\\nhola\\r\\n')
except smtplib.SMTPRecipientsRefused as e:
    code, text = e.recipients['lleno@example.test']
    print(code, text.decode())
`,
    );
    assert.match(out, /^452 4\.2\.2 <lleno@example\.test>: mailbox full/);
  });

  it('forwards to an outside address with an SRS return path and routes its bounce back', async () => {
    await h.directory.addAlias('reenvio@example.test', ['carla@remote.test']);
    const mx = {
      entry: 'mx',
      clientIp: '192.0.2.9',
      clientHostname: null,
      helo: 'far',
      tls: null,
      account: null,
    } as const;
    const forwarded = await h.delivery.deliver(
      { ...mx, sessionId: 'f1' },
      { mailFrom: 'luis@outside.test', recipients: [{ address: 'reenvio@example.test' }] },
      new TextEncoder().encode('From: luis@outside.test\r\nSubject: reenviado\r\n\r\nhola\r\n'),
    );
    assert.equal(forwarded.verdict, 'accept');
    const queued = (await h.store.outboundQueue.list()).find(
      (e) => e.recipients[0]?.address === 'carla@remote.test',
    );
    assert.match(queued?.mailFrom ?? '', /^SRS0=[a-z2-7]{4}=[a-z2-7]{2}=outside\.test=luis@example\.test$/);
    await h.delivery.checkRecipient({ ...mx, sessionId: 'f2' }, '', queued?.mailFrom ?? '');
    const bounce = await h.delivery.deliver(
      { ...mx, sessionId: 'f3' },
      { mailFrom: '', recipients: [{ address: queued?.mailFrom ?? '' }] },
      new TextEncoder().encode('From: MAILER-DAEMON@remote.test\r\nSubject: rebotado\r\n\r\nno existe\r\n'),
    );
    assert.equal(bounce.verdict, 'accept');
    const back = (await h.store.outboundQueue.list()).find(
      (e) => e.recipients[0]?.address === 'luis@outside.test',
    );
    assert.equal(back?.mailFrom, '');
    await assert.rejects(
      h.delivery.checkRecipient(
        { ...mx, sessionId: 'f4' },
        '',
        'SRS0=aaaa=aa=outside.test=luis@example.test',
      ),
      /no such user/,
    );
  });
});
