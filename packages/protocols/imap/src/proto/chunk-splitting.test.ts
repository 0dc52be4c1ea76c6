// The reader must give the same events however TCP happens to split the stream.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CommandReader, type ReaderEvent } from './command-reader.js';

const stream = Buffer.concat([
  Buffer.from('a1 CAPABILITY\r\n'),
  Buffer.from('A003 APPEND saved-messages (\\Seen) {12}\r\n'),
  Buffer.from('Hello\r\nWorld\r\n'),
  Buffer.from('A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])\r\n'),
  Buffer.from('a2 LOGIN {4+}\r\nfred {6+}\r\nsecret\r\n'),
  Buffer.from('a3 APPEND INBOX ~{4}\r\n'),
  Buffer.from([0x00, 0x01, 0x0d, 0x0a]),
  Buffer.from(' (x)\r\n'),
  Buffer.from('a4 SELECT "Informaci\u00f3n"\n'),
  Buffer.from(`a5 NOOP ${'z'.repeat(300)}\r\n`),
  Buffer.from('a6 APPEND INBOX {99999999999}\r\n'),
  Buffer.from('a7 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n'),
  // Skipped: a {n+} literal over the LITERAL- limit, and an over-long line announcing one.
  Buffer.from(`a8 APPEND INBOX {5000+}\r\n${'y'.repeat(5000)}\r\n`),
  Buffer.from(`a9 NOOP ${'q'.repeat(300)} {17+}\r\nX1 DELETE INBOX\r\n\r\n`),
  Buffer.from('a10 LOGOUT\r\n'),
]);

function summarize(event: ReaderEvent): unknown {
  if (event.type !== 'command') return event;
  return {
    segments: event.command.segments.map((s) => s.toString('hex')),
    literals: event.command.literals.map((l) => [l.data.toString('hex'), l.binary, l.nonSync]),
  };
}

function readAll(chunks: readonly Buffer[]): unknown[] {
  const reader = new CommandReader({ maxLineLength: 200 });
  const events: unknown[] = [];
  for (const chunk of chunks) {
    reader.push(chunk);
    for (let event = reader.next(); event !== null; event = reader.next()) events.push(summarize(event));
  }
  return events;
}

/** Deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function splitRandomly(data: Buffer, seed: number): Buffer[] {
  const next = random(seed);
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length;) {
    const size = 1 + Math.floor(next() * 40);
    chunks.push(data.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('chunk splitting', () => {
  const whole = readAll([stream]);

  it('reads the reference stream as expected in one chunk', () => {
    const kinds = whole.map((e) => (e as { type?: string }).type ?? 'command');
    assert.deepEqual(kinds, [
      'command',
      'continuation',
      'command',
      'command',
      'command',
      'continuation',
      'command',
      'command',
      'error',
      'error',
      'command',
      'error',
      'error',
      'command',
    ]);
  });

  it('gives the same events when fed one byte at a time', () => {
    const bytes = Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1));
    assert.deepEqual(readAll(bytes), whole);
  });

  for (const seed of [1, 7, 42, 1234, 99991]) {
    it(`gives the same events in random chunks (seed ${seed})`, () => {
      assert.deepEqual(readAll(splitRandomly(stream, seed)), whole);
    });
  }

  it('gives the same events when each chunk is copied (no reliance on shared memory)', () => {
    const copies = splitRandomly(stream, 5).map((chunk) => Buffer.from(chunk));
    assert.deepEqual(readAll(copies), whole);
  });
});
