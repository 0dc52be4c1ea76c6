import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatAstring, isValidAstringAtom, isValidAtom, isValidTag, readTag } from './grammar.js';

describe('grammar character classes (RFC 9051 §9)', () => {
  it('atoms exclude atom-specials: ( ) { SP CTL % * " \\ ]', () => {
    assert.equal(isValidAtom('INBOX.Sent-2024_[x'), true);
    for (const bad of ['a b', 'a(', 'a)', 'a{', 'a%', 'a*', 'a"', 'a\\', 'a]', 'a\r', 'ñ', '']) {
      assert.equal(isValidAtom(bad), false, JSON.stringify(bad));
    }
  });

  it('astring atoms also allow "]"; tags allow "]" but not "+"', () => {
    assert.equal(isValidAstringAtom('[Gmail]/Sent'), true);
    assert.equal(isValidTag('a]1'), true);
    assert.equal(isValidTag('a+1'), false);
  });

  it('readTag() finds the tag at the start of a line, or null', () => {
    assert.equal(readTag(Buffer.from('A001 NOOP')), 'A001');
    assert.equal(readTag(Buffer.from('A001')), 'A001');
    assert.equal(readTag(Buffer.from(' NOOP')), null);
    assert.equal(readTag(Buffer.from('A+1 NOOP')), null);
    assert.equal(readTag(Buffer.from('\0A NOOP')), null);
  });

  it('formatAstring() quotes only when needed, and always quotes NIL', () => {
    assert.equal(formatAstring('DATE'), 'DATE');
    assert.equal(formatAstring('X Y'), '"X Y"');
    assert.equal(formatAstring('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(formatAstring('nil'), '"nil"');
  });
});
