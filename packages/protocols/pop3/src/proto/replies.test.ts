import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errLine, okLine, textBlock } from './replies.js';

describe('replies', () => {
  it('formats status lines with RFC 2449 response codes', () => {
    assert.equal(okLine('2 320').toString(), '+OK 2 320\r\n');
    assert.equal(okLine('').toString(), '+OK\r\n');
    assert.equal(
      errLine('maildrop already locked', 'IN-USE').toString(),
      '-ERR [IN-USE] maildrop already locked\r\n',
    );
  });

  it('keeps client text from breaking the line and caps it (RFC 2449 §4: 512 octets)', () => {
    assert.equal(errLine('a\r\n+OK b').toString(), '-ERR a +OK b\r\n');
    assert.ok(okLine('x'.repeat(2000)).length <= 512);
  });

  it('stuffs and terminates text blocks', () => {
    assert.equal(textBlock(['TOP', '.odd']).toString(), 'TOP\r\n..odd\r\n.\r\n');
    assert.equal(textBlock([]).toString(), '.\r\n');
  });
});
