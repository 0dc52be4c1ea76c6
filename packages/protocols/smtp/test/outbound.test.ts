// Outbound delivery to a second Chasqui on loopback: a destination that is down and comes back,
// one that refuses (the DSN lands in the sender's INBOX), and DKIM checked by dkimpy.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { DkimKeyManager, dkimTxtRecord, internalSession } from '@chasqui/delivery';
import { systemClock } from '@chasqui/core';
import { missingTool, runTool } from '@chasqui/testkit';
import { eventually, password, startHarness, type DnsTable, type Harness } from './harness.js';

const python = '/usr/bin/python3';
const skip = missingTool(python);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

const verifyScript = `
import dkim, json, sys
records = json.loads(sys.argv[1])
message = sys.stdin.buffer.read()
def dns(name, timeout=5):
    value = records.get(name.decode().rstrip('.'))
    return value.encode() if value else None
results = []
for index in range(message.count(b'DKIM-Signature:')):
    verifier = dkim.DKIM(message)
    results.append(verifier.verify(idx=index, dnsfunc=dns))
print(json.dumps(results))
`;

describe('outbound delivery', { skip }, () => {
  let sender: Harness;
  let receiver: Harness | null = null;
  let port: number;
  const dns: DnsTable = {};

  before(async () => {
    port = await freePort();
    const nobodyListens = await freePort();
    sender = await startHarness({
      routes: { 'remote.test': `127.0.0.1:${port}`, 'lento.test': `127.0.0.1:${nobodyListens}` },
      retry: { warnAfterMs: 1500, maxAgeMs: 4000 },
      dns,
    });
    await sender.addUser('bob@example.test');
    await sender.addUser('eva@example.test');
    const keys = await new DkimKeyManager(sender.store, systemClock).ensureKeys('example.test');
    for (const key of keys) dns[`${key.selector}._domainkey.example.test TXT`] = [[dkimTxtRecord(key)]];
  });
  after(async () => {
    await receiver?.stop();
    await sender.stop();
  });

  function send(to: string, subject: string, from = 'bob@example.test') {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: sender.ports.submission,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
      auth: { user: from, pass: password },
    });
    return transport.sendMail({ from, to, subject, text: 'Saludos desde Cusco.' });
  }

  it('retries a destination that is down and delivers once it is back, DKIM-signed', async () => {
    await send('carla@remote.test', 'Reintento');
    await eventually(async () => (await sender.store.outboundQueue.list()).some((e) => e.attempts >= 1));
    // Carla exists before the receiver listens: the queue retries every second and must not
    // reach it in between and be told 5.1.1.
    receiver = await startHarness({
      hostname: 'mx.remote.test',
      mxPort: port,
      dns,
      users: ['carla@remote.test'],
    });
    await eventually(async () => (await receiver?.messages('carla@remote.test'))?.length === 1, 15_000);
    const [message = ''] = await receiver.messages('carla@remote.test');
    assert.match(message, /Subject: Reintento/);
    assert.match(message, /dkim=pass/);
    const signed = message.slice(message.indexOf('DKIM-Signature:'));
    const records: Record<string, string> = {};
    for (const [name, answers] of Object.entries(dns)) {
      const first: unknown = answers[0];
      records[name.split(' ')[0] ?? name] = Array.isArray(first) ? String(first[0]) : String(first);
    }
    const verified = await runTool(python, ['-c', verifyScript, JSON.stringify(records)], signed);
    assert.deepEqual(JSON.parse(verified.stdout), [true, true], verified.stderr);
    await eventually(async () => (await sender.store.outboundQueue.list()).length === 0);
  });

  it('bounces a refused recipient with a DSN in the sender INBOX and logs it', async () => {
    await send('nadie@remote.test', 'No existe');
    await eventually(async () => (await sender.messages('bob@example.test')).length === 1, 15_000);
    const [dsn = ''] = await sender.messages('bob@example.test');
    assert.match(dsn, /Content-Type: multipart\/report; report-type=delivery-status/);
    assert.match(dsn, /Final-Recipient: rfc822; nadie@remote\.test/);
    assert.match(dsn, /Action: failed/);
    assert.match(dsn, /Status: 5\.1\.1/);
    assert.match(dsn, /Subject: No existe/);
    const [entry] = await sender.store.messageLog.search({ address: 'nadie@remote.test' });
    assert.equal(entry?.recipients[0]?.status, 'bounced');
  });

  it('warns the sender of a delay, then bounces with 4.4.7 when the message expires', async () => {
    await send('x@lento.test', 'Lento', 'eva@example.test');
    await eventually(async () => (await sender.messages('eva@example.test')).length === 2, 15_000);
    const [warning = '', bounce = ''] = await sender.messages('eva@example.test');
    assert.match(warning, /Subject: Entrega demorada/);
    assert.match(warning, /Action: delayed/);
    assert.match(warning, /Will-Retry-Until: /);
    assert.match(bounce, /Action: failed/);
    assert.match(bounce, /Status: 4\.4\.7/);
    assert.match(bounce, /ECONNREFUSED/);
  });

  it('mails a TLS-RPT report (RFC 8460) of the sessions to a domain that asks for one', async () => {
    assert.ok(receiver);
    await receiver.addUser('tlsrpt@remote.test');
    dns['_smtp._tls.remote.test TXT'] = [['v=TLSRPTv1; rua=mailto:tlsrpt@remote.test']];
    sender.reportDaysLater(1);
    assert.ok((await sender.reporter.sendDue()) >= 1);
    await eventually(async () => (await receiver?.messages('tlsrpt@remote.test'))?.length === 1, 15_000);
    const [mail = ''] = await receiver.messages('tlsrpt@remote.test');
    assert.match(mail, /Subject: Report Domain: remote\.test Submitter: example\.test Report-ID: </);
    assert.match(mail, /Content-Type: multipart\/report; report-type="tlsrpt"/);
    const base64 =
      /Content-Type: application\/tlsrpt\+gzip[\s\S]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+)\r\n--/.exec(mail)?.[1] ??
      '';
    const report = JSON.parse(gunzipSync(Buffer.from(base64, 'base64')).toString()) as {
      policies: {
        policy: { 'policy-type': string; 'policy-domain': string };
        summary: Record<string, number>;
      }[];
    };
    const [policy] = report.policies;
    assert.equal(policy?.policy['policy-type'], 'no-policy-found');
    assert.equal(policy?.policy['policy-domain'], 'remote.test');
    assert.ok((policy?.summary['total-successful-session-count'] ?? 0) >= 1);
  });

  it('relays through an authenticated smart host when one is configured', async () => {
    assert.ok(receiver);
    await receiver.addUser('relay@remote.test');
    await receiver.addUser('zoe@example.test');
    const relaying = await startHarness({
      smartHost: {
        host: '127.0.0.1',
        port: receiver.ports.submission,
        secure: false,
        auth: { user: 'zoe@example.test', pass: password },
      },
    });
    try {
      await relaying.addUser('zoe@example.test');
      const result = await relaying.delivery.deliver(
        internalSession('sh'),
        { mailFrom: 'zoe@example.test', recipients: [{ address: 'relay@remote.test' }] },
        new TextEncoder().encode(
          'From: zoe@example.test\r\nTo: relay@remote.test\r\nSubject: por el relay\r\n\r\nhola\r\n',
        ),
      );
      assert.equal(result.verdict, 'accept');
      await eventually(async () => (await receiver?.messages('relay@remote.test'))?.length === 1, 15_000);
      const [message = ''] = await receiver.messages('relay@remote.test');
      assert.match(message, /with ESMTPSA/);
    } finally {
      await relaying.stop();
    }
  });
});
