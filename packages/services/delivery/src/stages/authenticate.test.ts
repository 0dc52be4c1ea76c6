// mailauth reads only the header of unsigned mail: same results, no walk over the body; signed
// mail keeps its body so that the DKIM body hash still verifies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authenticate, dkimSign } from 'mailauth';
import { generateDkimKeyPair } from '../dkim/dkim-keys.js';
import { authenticationInput } from './authenticate.js';

const message = (newline: string) =>
  Buffer.from(
    ['From: avisos@banco.test', 'To: ana@example.test', 'Subject: aviso', '', 'cuerpo', 'del aviso', ''].join(
      newline,
    ),
  );

const resolver = (name: string, type: string) => {
  const error = new Error(`${type} ${name} not found`) as Error & { code: string };
  error.code = 'ENOTFOUND';
  return Promise.reject(error);
};

describe('authenticationInput', () => {
  it('gives the header alone, blank line included, for unsigned mail', () => {
    assert.equal(
      authenticationInput(message('\r\n')).toString(),
      message('\r\n').toString().split('cuerpo')[0],
    );
    assert.equal(authenticationInput(message('\n')).toString(), message('\n').toString().split('cuerpo')[0]);
  });

  it('gives the whole message when there is no blank line', () => {
    const raw = Buffer.from('From: a@example.test\r\nSubject: x');
    assert.equal(authenticationInput(raw).byteLength, raw.byteLength);
  });

  it('gives the whole message when it carries a DKIM or ARC signature', async () => {
    const { privateKey } = generateDkimKeyPair('rsa-sha256');
    const signer = { signingDomain: 'banco.test', selector: 'sel', privateKey };
    const signed = await dkimSign(message('\r\n'), { ...signer, signatureData: [signer] });
    const raw = Buffer.concat([Buffer.from(signed.signatures), message('\r\n')]);
    assert.equal(authenticationInput(raw).byteLength, raw.byteLength);
    const sealed = Buffer.concat([
      Buffer.from('ARC-Message-Signature: i=1; a=rsa-sha256\r\n'),
      message('\r\n'),
    ]);
    assert.equal(authenticationInput(sealed).byteLength, sealed.byteLength);
  });

  it('leaves the verdicts of unsigned mail unchanged', async () => {
    const options = {
      ip: '192.0.2.1',
      helo: 'mx.banco.test',
      sender: 'avisos@banco.test',
      mta: 'mx.test',
      resolver,
    };
    const whole = await authenticate(message('\r\n'), { ...options, disableBimi: true });
    const header = await authenticate(authenticationInput(message('\r\n')), {
      ...options,
      disableBimi: true,
    });
    assert.equal(header.headers, whole.headers);
    assert.deepEqual(header.dkim.results, whole.dkim.results);
  });
});
