import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineReader, type LineEvent } from './line-reader.js';

function drain(reader: LineReader): string[] {
  const out: string[] = [];
  for (let event: LineEvent | null = reader.next(); event !== null; event = reader.next()) {
    out.push(event.type === 'line' ? event.line.toString('latin1') : '<too-long>');
  }
  return out;
}

describe('LineReader', () => {
  it('splits CRLF lines across chunks and strips the CRLF', () => {
    const reader = new LineReader(255);
    reader.push(Buffer.from('USER ana\r'));
    assert.deepEqual(drain(reader), []);
    reader.push(Buffer.from('\nPASS x y\r\nST'));
    reader.push(Buffer.from('AT\r\n'));
    assert.deepEqual(drain(reader), ['USER ana', 'PASS x y', 'STAT']);
    assert.equal(reader.bufferedBytes, 0);
  });

  it('accepts a bare LF as the end of a line', () => {
    const reader = new LineReader(255);
    reader.push(Buffer.from('NOOP\nQUIT\r\n'));
    assert.deepEqual(drain(reader), ['NOOP', 'QUIT']);
  });

  it('reports an overlong line once and resumes at the next line', () => {
    const reader = new LineReader(10);
    reader.push(Buffer.from('x'.repeat(6)));
    reader.push(Buffer.from('x'.repeat(6)));
    reader.push(Buffer.from('x'.repeat(5000)));
    assert.equal(reader.bufferedBytes, 0, 'nothing of the overlong line is kept');
    reader.push(Buffer.from('xx\r\nNOOP\r\n'));
    assert.deepEqual(drain(reader), ['<too-long>', 'NOOP']);
  });

  it('allows exactly the limit, CRLF excluded, and refuses one byte more', () => {
    const reader = new LineReader(4);
    reader.push(Buffer.from('STAT\r\nSTATS\r\n'));
    assert.deepEqual(drain(reader), ['STAT', '<too-long>']);
  });

  it('clear() drops queued lines and the partial one (STLS injection)', () => {
    const reader = new LineReader(255);
    reader.push(Buffer.from('STLS\r\nUSER evil\r\nPA'));
    reader.clear();
    reader.push(Buffer.from('NOOP\r\n'));
    assert.deepEqual(drain(reader), ['NOOP']);
  });
});
