import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePlain } from './sasl-plain.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('decodePlain (RFC 4616 §2)', () => {
  it('decodes authzid, authcid and password', () => {
    assert.deepEqual(decodePlain(b64('\0ana@example.test\0contraseña')), {
      authzid: '',
      username: 'ana@example.test',
      password: 'contraseña',
    });
    assert.equal(decodePlain(b64('ana\0ana\0pw'))?.authzid, 'ana');
  });

  it('RFC 4616 §4 example: "\\0tim\\0tanstaaftanstaaf"', () => {
    assert.deepEqual(decodePlain('AHRpbQB0YW5zdGFhZnRhbnN0YWFm'), {
      authzid: '',
      username: 'tim',
      password: 'tanstaaftanstaaf',
    });
  });

  it('refuses bad base64, missing fields and an empty authcid', () => {
    assert.equal(decodePlain('not base64!'), null);
    assert.equal(decodePlain('AHRpbQ'), null);
    assert.equal(decodePlain(b64('ana\0pw')), null);
    assert.equal(decodePlain(b64('\0\0pw')), null);
    assert.equal(decodePlain(''), null);
  });
});
