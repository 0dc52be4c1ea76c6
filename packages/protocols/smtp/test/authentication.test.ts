// Domain protection on the MX: SPF, DKIM and DMARC from DNS (a table, no network), the DMARC
// policy applied, and mail claiming our own domains refused unless it passes for them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dkimSign } from 'mailauth';
import { dkimTxtRecord, generateDkimKeyPair } from '@chasqui/delivery';
import { startHarness, type DnsTable, type Harness } from './harness.js';

const mx = {
  entry: 'mx',
  clientHostname: null,
  helo: 'mta.banco.test',
  tls: null,
  account: null,
  sessionId: 's',
} as const;
const key = generateDkimKeyPair('rsa-sha256');

const dns: DnsTable = {
  'banco.test TXT': [['v=spf1 ip4:192.0.2.10 -all']],
  '_dmarc.banco.test TXT': [['v=DMARC1; p=reject']],
  'tienda.test TXT': [['v=spf1 ip4:192.0.2.20 -all']],
  '_dmarc.tienda.test TXT': [['v=DMARC1; p=quarantine']],
  'sel._domainkey.banco.test TXT': [[dkimTxtRecord({ algorithm: 'rsa-sha256', publicKey: key.publicKey })]],
};

function message(from: string, subject: string): Uint8Array {
  return new TextEncoder().encode(
    `From: ${from}\r\nTo: ana@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@x>\r\n\r\nCuerpo\r\n`,
  );
}

describe('SPF, DKIM and DMARC on the MX', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ dns });
    await h.addUser('ana@example.test');
  });
  after(() => h.stop());

  const deliver = (ip: string, mailFrom: string, raw: Uint8Array) =>
    h.delivery.deliver(
      { ...mx, clientIp: ip },
      { mailFrom, recipients: [{ address: 'ana@example.test' }] },
      raw,
    );

  it('accepts mail that passes SPF and records spf=pass and dmarc=pass', async () => {
    const result = await deliver('192.0.2.10', 'avisos@banco.test', message('avisos@banco.test', 'spfpass'));
    assert.equal(result.verdict, 'accept');
    const stored = (await h.messages('ana@example.test')).find((m) => m.includes('spfpass')) ?? '';
    assert.match(stored, /spf=pass/);
    assert.match(stored, /dmarc=pass/);
  });

  it('rejects a DMARC failure when the policy is reject (phishing the bank)', async () => {
    const result = await deliver(
      '203.0.113.66',
      'avisos@banco.test',
      message('Banco <avisos@banco.test>', 'phish'),
    );
    assert.equal(result.verdict, 'reject');
    assert.equal(result.refusal?.code, 550);
    assert.equal(result.refusal?.enhanced, '5.7.1');
    const [entry] = await h.store.messageLog.search({ subjectContains: 'phish' });
    assert.equal(entry?.verdict, 'reject');
    assert.deepEqual(entry?.ruleHits, ['DMARC_REJECT']);
  });

  it('puts a DMARC failure in Spam when the policy is quarantine', async () => {
    const result = await deliver(
      '203.0.113.66',
      'ventas@tienda.test',
      message('ventas@tienda.test', 'oferta'),
    );
    assert.equal(result.verdict, 'quarantine');
    assert.equal(
      (await h.messages('ana@example.test', 'junk')).filter((m) => m.includes('oferta')).length,
      1,
    );
  });

  it('accepts a DKIM-aligned message from an unlisted server (forwarded mail)', async () => {
    const raw = message('avisos@banco.test', 'dkimpass');
    const signer = { signingDomain: 'banco.test', selector: 'sel', privateKey: key.privateKey };
    const signed = await dkimSign(Buffer.from(raw), { ...signer, signatureData: [signer] });
    const result = await deliver(
      '203.0.113.66',
      'avisos@banco.test',
      Buffer.concat([Buffer.from(signed.signatures), raw]),
    );
    const [entry] = await h.store.messageLog.search({ subjectContains: 'dkimpass' });
    assert.equal(
      result.verdict,
      'accept',
      JSON.stringify([result.refusal, entry?.authResults, entry?.ruleHits]),
    );
    const stored = (await h.messages('ana@example.test')).find((m) => m.includes('dkimpass')) ?? '';
    assert.match(stored, /dkim=pass/);
  });

  it('refuses outside mail claiming one of our domains in From: without SPF or DKIM', async () => {
    const result = await deliver(
      '203.0.113.66',
      'x@outside.test',
      message('Director <admin@example.test>', 'ceo'),
    );
    assert.equal(result.verdict, 'reject');
    assert.match(result.refusal?.text ?? '', /example\.test/);
  });
});
