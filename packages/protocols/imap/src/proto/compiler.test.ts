import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  astring,
  atom,
  continuation,
  encodeValue,
  encodeValueText,
  literal,
  tagged,
  untagged,
  untaggedStatus,
  verbatim,
  type EncodeOptions,
  type ImapValue,
} from './compiler.js';

function text(parts: readonly Buffer[]): string {
  return Buffer.concat(parts).toString('utf8');
}

function encoded(value: ImapValue, options?: EncodeOptions): string {
  return text(encodeValue(value, options));
}

describe('responses: RFC 9051 examples', () => {
  it('§7.1 status responses with codes', () => {
    assert.equal(
      text(tagged('A142', 'OK', 'SELECT completed', 'READ-WRITE')),
      'A142 OK [READ-WRITE] SELECT completed\r\n',
    );
    assert.equal(
      text(untaggedStatus('OK', 'UIDs valid', { name: 'UIDVALIDITY', args: [3857529045] })),
      '* OK [UIDVALIDITY 3857529045] UIDs valid\r\n',
    );
    assert.equal(
      text(
        untaggedStatus('OK', 'Limited', {
          name: 'PERMANENTFLAGS',
          args: [[atom('\\Deleted'), atom('\\Seen'), atom('\\*')]],
        }),
      ),
      '* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n',
    );
    assert.equal(
      text(tagged('A003', 'NO', 'Mailbox does not exist', 'TRYCREATE')),
      'A003 NO [TRYCREATE] Mailbox does not exist\r\n',
    );
  });

  it('§7.1 APPENDUID and COPYUID (RFC 4315 UIDPLUS) examples', () => {
    assert.equal(
      text(tagged('A003', 'OK', 'APPEND completed', { name: 'APPENDUID', args: [38505, 3955] })),
      'A003 OK [APPENDUID 38505 3955] APPEND completed\r\n',
    );
    assert.equal(
      text(
        tagged('A004', 'OK', 'Done', {
          name: 'COPYUID',
          args: [38505, atom('304,319:320'), atom('3956:3958')],
        }),
      ),
      'A004 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n',
    );
  });

  it('§7.3 and §7.4 mailbox data: FLAGS, EXISTS, LIST', () => {
    const flags = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'].map(atom);
    assert.equal(
      text(untagged([atom('FLAGS'), flags])),
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n',
    );
    assert.equal(text(untagged([172, atom('EXISTS')])), '* 172 EXISTS\r\n');
    assert.equal(
      text(untagged([atom('LIST'), [], '/', astring('blurdybloop')])),
      '* LIST () "/" blurdybloop\r\n',
    );
  });

  it('§7.5.2 FETCH with a literal body section: the body Buffer is passed by reference', () => {
    const body = Buffer.from('Subject: hi\r\n\r\n');
    const parts = untagged([12, atom('FETCH'), [atom('UID'), 7, verbatim('BODY[HEADER]'), body]]);
    assert.equal(text(parts), `* 12 FETCH (UID 7 BODY[HEADER] {15}\r\nSubject: hi\r\n\r\n)\r\n`);
    assert.ok(parts.includes(body), 'the body is not copied');
    assert.equal(parts.length, 3);
  });

  it('§7.1.5 BYE and §7.6 continuation request', () => {
    assert.equal(
      text(untaggedStatus('BYE', 'IMAP4rev2 Server logging out')),
      '* BYE IMAP4rev2 Server logging out\r\n',
    );
    assert.equal(text(continuation('Ready for literal data')), '+ Ready for literal data\r\n');
    assert.equal(text(continuation()), '+ Ready\r\n');
  });
});

describe('encodeValue', () => {
  it('writes NIL, numbers, lists and bigints', () => {
    assert.equal(
      encoded([null, 0, 42, 18446744073709551615n, [1, []]]),
      '(NIL 0 42 18446744073709551615 (1 ()))',
    );
  });

  it('quotes safe short strings, escaping " and \\', () => {
    assert.equal(encoded('Hello "Joe"'), '"Hello \\"Joe\\""');
    assert.equal(encoded('a\\b'), '"a\\\\b"');
    assert.equal(encoded(''), '""');
  });

  it('sends strings with CR, LF or NUL as literals', () => {
    assert.equal(encoded('line 1\r\nline 2'), '{14}\r\nline 1\r\nline 2');
  });

  it('sends long strings as literals', () => {
    assert.equal(encoded('x'.repeat(5), { maxQuotedLength: 4 }), '{5}\r\nxxxxx');
  });

  it('UTF-8: quoted only when UTF8=ACCEPT is enabled, else a literal (RFC 9051 §6.3.1 / RFC 6855)', () => {
    assert.equal(encoded('Información'), '{12}\r\nInformación');
    assert.equal(encoded('Información', { utf8: true }), '"Información"');
  });

  it('never writes a plain string as an atom (ENVELOPE fields are nstring)', () => {
    assert.equal(encoded('Hello'), '"Hello"');
    assert.equal(encoded('NIL'), '"NIL"');
  });

  it('astring: the atom when allowed, else a string', () => {
    assert.equal(encoded(astring('INBOX')), 'INBOX');
    assert.equal(encoded(astring('[Gmail]/Sent')), '[Gmail]/Sent');
    assert.equal(encoded(astring('My Folder')), '"My Folder"');
    assert.equal(encoded(astring('NIL')), '"NIL"');
    assert.equal(encoded(astring('')), '""');
    assert.equal(encoded(astring('50%')), '"50%"');
  });

  it('literal8 for binary content when asked (RFC 3516)', () => {
    assert.equal(encoded(literal(Buffer.from([0x61, 0x00]), { binary: true })), '~{2}\r\na\0');
    assert.equal(encoded(literal('abc')), '{3}\r\nabc');
  });

  it('keeps large bodies out of strings: many literals, each passed by reference', () => {
    const bodies = Array.from({ length: 3 }, (_, i) => Buffer.alloc(1024 * 1024, 0x61 + i));
    const parts = encodeValue(bodies);
    for (const body of bodies) assert.ok(parts.includes(body));
    assert.equal(
      parts.reduce((sum, part) => sum + part.length, 0),
      3 * 1024 * 1024 + '({1048576}\r\n {1048576}\r\n {1048576}\r\n)'.length,
    );
  });
});

describe('response injection', () => {
  it('CR/LF in response text cannot start a new response line', () => {
    assert.equal(text(tagged('A1', 'NO', 'bad\r\nA2 OK forged')), 'A1 NO bad A2 OK forged\r\n');
    assert.equal(text(continuation('x\r\n* BYE')), '+ x * BYE\r\n');
  });

  it('atoms, verbatim items and tags with CR, LF or spaces are refused', () => {
    assert.throws(() => atom('FLAGS\r\n* BYE'), TypeError);
    assert.throws(() => atom('two words'), TypeError);
    assert.throws(() => verbatim('BODY[]\r\n'), TypeError);
    assert.throws(() => tagged('A1 OK', 'OK', 'x'), TypeError);
    assert.throws(() => tagged('A1', 'OK', 'x', 'BAD CODE'), TypeError);
  });

  it('non-ASCII response text becomes "?" unless UTF-8 is enabled; empty text gets a default', () => {
    assert.equal(text(tagged('A1', 'OK', 'Listo ✓')), 'A1 OK Listo ?\r\n');
    assert.equal(text(tagged('A1', 'OK', 'Listo ✓', undefined, { utf8: true })), 'A1 OK Listo ✓\r\n');
    assert.equal(text(tagged('A1', 'BAD', '')), 'A1 BAD Invalid command\r\n');
  });

  it('numbers must be unsigned integers', () => {
    assert.throws(() => encodeValue(-1), TypeError);
    assert.throws(() => encodeValue(1.5), TypeError);
  });

  it('encodes ENVELOPE-like values as text giving the same bytes, literals included', () => {
    const value = [null, 'Reunión "semanal"', 12, ['línea\r\nrota', 'x'.repeat(1100)], []];
    for (const utf8 of [false, true]) {
      const text = encodeValueText(value, { utf8 });
      assert.deepEqual(Buffer.from(text, 'utf8'), Buffer.concat(encodeValue(value, { utf8 })));
    }
    assert.match(encodeValueText(value), /^\(NIL \{18\}\r\nReunión "semanal" 12 \(\{12\}\r\nlínea/);
  });
});
