import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeMessageBody, topOfMessage } from './message-body.js';

function encode(text: string): string {
  return Buffer.concat(encodeMessageBody(Buffer.from(text, 'latin1'))).toString('latin1');
}

describe('encodeMessageBody (RFC 1939 §3 byte-stuffing)', () => {
  it('sends a CRLF message without dot lines as the stored buffer itself', () => {
    const raw = Buffer.from('Subject: x\r\n\r\nhola\r\n');
    const [body, end] = encodeMessageBody(raw);
    assert.equal(body, raw, 'no copy');
    assert.equal(end?.toString(), '.\r\n');
  });

  it('doubles a leading "." on every line, the first and the last included', () => {
    assert.equal(encode('.a\r\nb\r\n..c\r\n.'), '..a\r\nb\r\n...c\r\n..\r\n.\r\n');
  });

  it('turns bare LF into CRLF and leaves CRLF alone', () => {
    assert.equal(encode('a\nb\r\n\n.c\n'), 'a\r\nb\r\n\r\n..c\r\n.\r\n');
  });

  it('ends a message without a final line break with CRLF before the terminator', () => {
    assert.equal(encode('Subject: x\r\n\r\nno newline'), 'Subject: x\r\n\r\nno newline\r\n.\r\n');
    assert.equal(encode(''), '.\r\n');
  });

  it('round-trips: unstuffing what was sent gives the CRLF message back', () => {
    const raw = 'From: a\r\n\r\n.\r\n..\r\n. dot\r\nend\r\n';
    const sent = encode(raw);
    const lines = sent.split('\r\n');
    assert.equal(lines.at(-2), '.');
    const back = lines
      .slice(0, -2)
      .map((line) => (line.startsWith('.') ? line.slice(1) : line))
      .join('\r\n');
    assert.equal(`${back}\r\n`, raw);
  });
});

describe('topOfMessage (RFC 1939 §7 TOP)', () => {
  const raw = Buffer.from('A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\nthree\r\n');

  it('returns the header and blank line for 0 lines', () => {
    assert.equal(topOfMessage(raw, 0).toString(), 'A: 1\r\nB: 2\r\n\r\n');
  });

  it('returns n body lines, or the whole message when it has fewer', () => {
    assert.equal(topOfMessage(raw, 2).toString(), 'A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\n');
    assert.equal(topOfMessage(raw, 10), raw);
  });

  it('treats a message without a blank line as all header, and accepts bare LF', () => {
    assert.equal(topOfMessage(Buffer.from('A: 1\r\nB: 2'), 0).toString(), 'A: 1\r\nB: 2');
    assert.equal(topOfMessage(Buffer.from('A: 1\n\nx\ny\n'), 1).toString(), 'A: 1\n\nx\n');
  });
});
