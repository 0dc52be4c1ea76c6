import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatSequenceSet, parseSequenceSet, type SequenceSet } from './sequence-set.js';

function parse(text: string, maxItems?: number): SequenceSet {
  const result = parseSequenceSet(text, maxItems);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.set;
}

function errorOf(text: string, maxItems?: number): string {
  const result = parseSequenceSet(text, maxItems);
  assert.equal(result.ok, false, `expected "${text.slice(0, 40)}" to be rejected`);
  return result.ok ? '' : result.error;
}

describe('parseSequenceSet', () => {
  it('RFC 9051 §9 example: "2,4:7,9,12:*" with 15 messages is 2,4,5,6,7,9,12,13,14,15', () => {
    const set = parse('2,4:7,9,12:*');
    const all = Array.from({ length: 15 }, (_, i) => i + 1);
    assert.deepEqual(set.select(all), [2, 4, 5, 6, 7, 9, 12, 13, 14, 15]);
  });

  it('RFC 9051 §9 example: "*:4,5:7" with 10 messages is 4,5,6,7,8,9,10', () => {
    const set = parse('*:4,5:7');
    assert.deepEqual(set.ranges(10), [[4, 10]]);
  });

  it('RFC 9051 §9 example: "*:4,5:7" with 3 messages is 3,4,5,6,7', () => {
    assert.deepEqual(parse('*:4,5:7').ranges(3), [[3, 7]]);
  });

  it('RFC 9051 §6.4.9: "559:*" includes the last UID even when it is below 559', () => {
    const set = parse('559:*');
    assert.equal(set.contains(300, 300), true);
    assert.equal(set.contains(299, 300), false);
    assert.deepEqual(set.select([10, 100, 300]), [300]);
  });

  it('merges overlapping and adjacent ranges', () => {
    assert.deepEqual(parse('3,5:7,1:2,6:10,20').ranges(100), [
      [1, 3],
      [5, 10],
      [20, 20],
    ]);
  });

  it('contains() checks membership with "*" as the given maximum', () => {
    const set = parse('3,5:7,10:*');
    assert.deepEqual(
      [1, 3, 4, 5, 7, 8, 10, 50].map((n) => set.contains(n, 50)),
      [false, true, false, true, true, false, true, true],
    );
  });

  it('with an empty mailbox (max 0) items using "*" select nothing', () => {
    assert.deepEqual(parse('1:*').ranges(0), []);
    assert.deepEqual(parse('1:*').select([]), []);
  });

  it('"$" is the saved search result (RFC 5182 SEARCHRES)', () => {
    const set = parse('$');
    assert.equal(set.isSearchResult, true);
    assert.equal(set.toString(), '$');
    assert.match(errorOf('1,$'), /"\$" cannot be combined/);
  });

  it('prints itself back in compact form', () => {
    assert.equal(parse('1:*').toString(), '1:*');
    assert.equal(parse('3,5:7,10:*').toString(), '3,5:7,10:*');
    assert.equal(parse('4:4').toString(), '4');
    assert.equal(parse('1:*').hasStar, true);
    assert.equal(parse('1:2').hasStar, false);
  });

  it('rejects malformed sets with a clear message', () => {
    assert.match(errorOf(''), /Empty/);
    assert.match(errorOf('0'), /start at 1/);
    assert.match(errorOf('01'), /leading zeros/);
    assert.match(errorOf('4294967296'), /out of range/);
    assert.match(errorOf('1::2'), /Invalid sequence set/);
    assert.match(errorOf('1,'), /Invalid sequence set/);
    assert.match(errorOf('1:2:3'), /Invalid sequence set/);
    assert.match(errorOf('a'), /Invalid sequence set/);
    assert.match(errorOf('99999999999999999999'), /Invalid sequence set|out of range/);
    assert.equal(parse('4294967295').contains(4294967295, 1), true);
  });
});

describe('hostile sequence sets', () => {
  it('"1:4294967295" is two numbers, not four billion', () => {
    const set = parse('1:4294967295');
    assert.deepEqual(set.ranges(5), [[1, 4294967295]]);
    assert.deepEqual(set.select([2, 4]), [2, 4]);
  });

  it('a million-item sequence set is refused by the default item cap, before any allocation', () => {
    const text = Array.from({ length: 1_000_000 }, (_, i) => String(i * 2 + 1)).join(',');
    assert.match(errorOf(text), /Too many items/);
  });

  // Not a timed assertion: a quadratic parser would take hours here, which the timeout catches.
  it('a million-item sequence set, when allowed, parses as compact ranges', { timeout: 120_000 }, () => {
    const text = Array.from({ length: 1_000_000 }, (_, i) => String(i * 2 + 1)).join(',');
    const set = parse(text, 2_000_000);
    assert.equal(set.itemCount, 1_000_000);
    assert.equal(set.contains(999_999, 2_000_000), true);
    assert.equal(set.contains(1_000_000, 2_000_000), false);
    assert.deepEqual(set.select([1, 2, 3, 4]), [1, 3]);
  });

  it('select() over a huge range and a large mailbox costs the matches only', () => {
    const uids = Array.from({ length: 200_000 }, (_, i) => i * 3 + 1);
    const set = parse('1:*,5,100000:100010');
    assert.equal(set.select(uids).length, uids.length);
  });
});

describe('formatSequenceSet', () => {
  it('compresses a sorted array into ranges', () => {
    assert.equal(formatSequenceSet([1, 2, 3, 7, 9, 10, 11, 12]), '1:3,7,9:12');
    assert.equal(formatSequenceSet([5]), '5');
    assert.equal(formatSequenceSet([]), '');
  });

  it('keeps the given order, as COPYUID needs (RFC 4315)', () => {
    assert.equal(formatSequenceSet([304, 319, 320]), '304,319:320');
    assert.equal(formatSequenceSet([10, 11, 3, 4]), '10:11,3:4');
  });

  it('round-trips through parseSequenceSet', () => {
    const numbers = [1, 2, 3, 5, 8, 9, 10, 4294967295];
    assert.deepEqual(parse(formatSequenceSet(numbers)).select(numbers), numbers);
  });
});
