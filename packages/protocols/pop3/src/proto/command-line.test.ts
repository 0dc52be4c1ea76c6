import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine, parseLineCount, parseMessageNumber } from './command-line.js';

function parse(text: string) {
  return parseCommandLine(Buffer.from(text, 'latin1'));
}

describe('parseCommandLine', () => {
  it('upper-cases the keyword and splits the arguments (RFC 1939 §3)', () => {
    assert.deepEqual(parse('top 1 10'), {
      ok: true,
      command: { verb: 'TOP', args: ['1', '10'], rest: '1 10' },
    });
    assert.deepEqual(parse('STAT'), { ok: true, command: { verb: 'STAT', args: [], rest: '' } });
  });

  it('keeps the rest of the line verbatim for PASS (RFC 1939 §7: spaces in passwords)', () => {
    const result = parse('PASS  my secret  phrase');
    assert.ok(result.ok);
    assert.equal(result.command.rest, ' my secret  phrase');
  });

  it('refuses NUL bytes and keywords that are not letters', () => {
    assert.deepEqual(parse('US\0ER ana'), { ok: false, error: 'NUL bytes are not allowed in commands' });
    assert.equal(parse('\xff\xfeRETR 1').ok, false);
    assert.equal(parse('').ok, false);
    assert.equal(parse(' STAT').ok, false);
    assert.equal(parse('R2D2').ok, false);
  });
});

describe('message arguments', () => {
  it('accepts message numbers from 1 and line counts from 0', () => {
    assert.equal(parseMessageNumber('1'), 1);
    assert.equal(parseMessageNumber('10000'), 10000);
    assert.equal(parseMessageNumber('0'), null);
    assert.equal(parseMessageNumber('01'), null);
    assert.equal(parseMessageNumber('-1'), null);
    assert.equal(parseMessageNumber('1e3'), null);
    assert.equal(parseMessageNumber('99999999999'), null);
    assert.equal(parseLineCount('0'), 0);
    assert.equal(parseLineCount('x'), null);
  });
});
