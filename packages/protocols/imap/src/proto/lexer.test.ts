import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RawCommand } from './command-reader.js';
import { Cursor, ParseFailure } from './cursor.js';
import { readAstring, readLiteral, readQuoted } from './lexer.js';

function cursorAt(segments: string[], literals: string[] = []): Cursor {
  const command: RawCommand = {
    segments: segments.map((s) => Buffer.from(s, 'utf8')),
    literals: literals.map((l) => ({ data: Buffer.from(l, 'utf8'), binary: false, nonSync: false })),
  };
  return new Cursor(command);
}

describe('lexer', () => {
  it('readQuoted() stops at the closing quote and leaves the cursor after it', () => {
    const cursor = cursorAt(['"a\\"b" rest']);
    assert.equal(readQuoted(cursor), 'a"b');
    assert.equal(cursor.offset, 6);
  });

  it('readLiteral() moves to the segment after the literal', () => {
    const cursor = cursorAt(['{3}', ' tail'], ['abc']);
    assert.equal(readLiteral(cursor, false).value.toString(), 'abc');
    assert.equal(cursor.segmentIndex, 1);
    assert.equal(cursor.peek(), 0x20);
  });

  it('readLiteral() refuses a size that does not match the data', () => {
    assert.throws(() => readLiteral(cursorAt(['{4}', ''], ['abc']), false), ParseFailure);
  });

  it('readAstring() reads atoms (with "]"), quoted strings and literals', () => {
    assert.equal(readAstring(cursorAt(['Sent]x)']), false), 'Sent]x');
    assert.equal(readAstring(cursorAt(['"a b"']), false), 'a b');
    assert.equal(readAstring(cursorAt(['{3}', ''], ['hé']), false), 'hé');
    assert.throws(() => readAstring(cursorAt([')']), false), /Expected an astring/);
  });
});
