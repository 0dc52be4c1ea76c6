import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMailboxName, encodeMailboxName } from './mailbox-name.js';

function decoded(text: string): string {
  const result = decodeMailboxName(text);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value;
}

function rejected(text: string): string {
  const result = decodeMailboxName(text);
  assert.equal(result.ok, false, `expected ${JSON.stringify(text)} to be rejected`);
  return result.ok ? '' : result.error;
}

describe('modified UTF-7 mailbox names', () => {
  it('RFC 3501 §5.1.3 example: ~peter/mail/&U,BTFw-/&ZeVnLIqe- is ~peter/mail/台北/日本語', () => {
    assert.equal(decoded('~peter/mail/&U,BTFw-/&ZeVnLIqe-'), '~peter/mail/台北/日本語');
    assert.equal(encodeMailboxName('~peter/mail/台北/日本語'), '~peter/mail/&U,BTFw-/&ZeVnLIqe-');
  });

  it('Información ↔ Informaci&APM-n', () => {
    assert.equal(encodeMailboxName('Información'), 'Informaci&APM-n');
    assert.equal(decoded('Informaci&APM-n'), 'Información');
  });

  it('"&" is written "&-"', () => {
    assert.equal(encodeMailboxName('Tom & Jerry'), 'Tom &- Jerry');
    assert.equal(decoded('Tom &- Jerry'), 'Tom & Jerry');
    assert.equal(decoded('&-&-'), '&&');
  });

  it('leaves printable ASCII alone and round-trips accents, CJK, emoji and control characters', () => {
    assert.equal(encodeMailboxName('INBOX.Sent Items'), 'INBOX.Sent Items');
    for (const name of ['Año nuevo', 'Ñandú/Ñu', '📧 Correo', 'tab\there', 'éé', 'a📧b&c日本']) {
      assert.equal(decoded(encodeMailboxName(name)), name);
    }
  });

  it('rejects malformed encodings', () => {
    assert.match(rejected('Informaci&APM'), /without a closing "-"/);
    assert.match(rejected('Información'), /outside printable US-ASCII/);
    assert.match(rejected('&A-'), /bad modified base64/);
    assert.match(rejected('&AP/z-'), /bad modified base64/);
    assert.match(rejected('&AGE-'), /printable ASCII must not be encoded/);
    assert.match(rejected('&AAAA-'), /not UTF-16/);
    assert.match(rejected('&2D0-'), /unpaired UTF-16 surrogate/);
    assert.match(rejected('&APN-'), /canonical/);
  });

  it('rejects non-canonical spellings of a valid name (one mailbox, one wire form)', () => {
    // "éé" is &AOkA6Q-; two adjacent runs would be a second spelling of the same name.
    assert.equal(encodeMailboxName('éé'), '&AOkA6Q-');
    assert.match(rejected('&AOk-&AOk-'), /canonical/);
  });

  it('encodeMailboxName refuses strings with lone surrogates', () => {
    assert.throws(() => encodeMailboxName('bad\ud800'), TypeError);
  });
});
