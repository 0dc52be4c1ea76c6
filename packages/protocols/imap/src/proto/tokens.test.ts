import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSequenceSet } from './sequence-set.js';
import { astringValue, atomText, sequenceSetOf, type Token } from './tokens.js';

const star = parseSequenceSet('1:*');
assert.ok(star.ok);

const atom: Token = { type: 'atom', value: 'INBOX' };
const nil: Token = { type: 'nil', raw: 'nil' };
const number: Token = { type: 'number', value: 42, raw: '42' };
const quoted: Token = { type: 'string', value: 'My Folder' };
const literal: Token = { type: 'literal', value: Buffer.from('data'), binary: false };
const list: Token = { type: 'list', items: [] };
const sequence: Token = { type: 'sequence', value: star.set, raw: '1:*' };

describe('token helpers', () => {
  it('atomText() gives the text of atom-like tokens only', () => {
    assert.deepEqual([atom, nil, number, sequence].map(atomText), ['INBOX', 'nil', '42', '1:*']);
    assert.deepEqual([quoted, literal, list].map(atomText), [null, null, null]);
  });

  it('astringValue() accepts atoms, strings and literals (as bytes), not lists', () => {
    assert.equal(astringValue(quoted), 'My Folder');
    assert.equal(astringValue(nil), 'nil');
    assert.deepEqual(astringValue(literal), Buffer.from('data'));
    assert.equal(astringValue(list), null);
  });

  it('sequenceSetOf() accepts sequence tokens and numbers (a single message)', () => {
    assert.equal(sequenceSetOf(sequence), star.set);
    assert.deepEqual(sequenceSetOf(number)?.ranges(100), [[42, 42]]);
    assert.equal(sequenceSetOf({ type: 'number', value: 0, raw: '0' }), null);
    assert.equal(sequenceSetOf(atom), null);
  });
});
