import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findLiteralMarker } from './literal-marker.js';

function marker(line: string, truncated = false): unknown {
  return findLiteralMarker(Buffer.from(line, 'latin1'), truncated);
}

describe('findLiteralMarker', () => {
  it('reads {n}, {n+}, ~{n} and ~{n+} at the end of a line', () => {
    assert.deepEqual(marker('A003 APPEND saved-messages (\\Seen) {310}'), {
      size: 310,
      nonSync: false,
      binary: false,
      start: 35,
    });
    assert.deepEqual(marker('A1 LOGIN {4+}'), { size: 4, nonSync: true, binary: false, start: 9 });
    assert.deepEqual(marker('A1 APPEND x ~{3}'), { size: 3, nonSync: false, binary: true, start: 12 });
    assert.deepEqual(marker('A1 APPEND x ~{3+}'), { size: 3, nonSync: true, binary: true, start: 12 });
  });

  it('ignores lines without a complete marker at their end', () => {
    for (const line of ['A1 NOOP', '', '}', '{}', '{+}', 'A1 X {3} y', 'A1 X {3', 'A1 X 3}', '{a}']) {
      assert.equal(marker(line), null, line);
    }
  });

  it('treats sizes with too many digits as Infinity instead of overflowing', () => {
    assert.equal((marker(`{${'9'.repeat(30)}}`) as { size: number }).size, Infinity);
    assert.equal((marker('{99999999999}') as { size: number }).size, 99999999999);
  });

  it('on a truncated line, digits running to the start count as a marker of unknown size', () => {
    assert.deepEqual(marker('99999}', true), { size: Infinity, nonSync: false, binary: false, start: 0 });
    assert.equal(marker('99999}', false), null);
  });
});
