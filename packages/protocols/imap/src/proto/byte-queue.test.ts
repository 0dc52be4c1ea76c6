import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ByteQueue } from './byte-queue.js';

function queueOf(...parts: string[]): ByteQueue {
  const queue = new ByteQueue();
  for (const part of parts) queue.push(Buffer.from(part, 'latin1'));
  return queue;
}

describe('ByteQueue', () => {
  it('finds a byte across chunk boundaries, honouring from and to', () => {
    const queue = queueOf('ab', '', 'c\nd', 'e\n');
    assert.equal(queue.length, 7);
    assert.equal(queue.indexOf(0x0a, 0), 3);
    assert.equal(queue.indexOf(0x0a, 4), 6);
    assert.equal(queue.indexOf(0x0a, 4, 6), -1);
    assert.equal(queue.indexOf(0x7a, 0), -1);
  });

  it('takes bytes spanning chunks and keeps the rest', () => {
    const queue = queueOf('ab', 'cd', 'ef');
    assert.equal(queue.take(3).toString(), 'abc');
    assert.equal(queue.length, 3);
    assert.equal(queue.indexOf(0x65, 0), 1);
    assert.equal(queue.take(3).toString(), 'def');
    assert.equal(queue.length, 0);
  });

  it('never hands out a view of its staging buffer (an IDLE command would pin 16 KiB)', () => {
    const queue = queueOf('a3 ID', 'LE\r\n', 'a4 NOOP');
    const idle = queue.take(9);
    assert.equal(idle.toString(), 'a3 IDLE\r\n');
    assert.equal(idle.buffer.byteLength, idle.length, 'the taken bytes own their memory');
    const noop = queue.take(7);
    assert.equal(noop.toString(), 'a4 NOOP');
    assert.equal(noop.buffer.byteLength, 7);
    assert.equal(queue.length, 0);
    // Emptied: the next small chunk starts a fresh staging buffer and reads correctly.
    queue.push(Buffer.from('a5 DONE\r\n'));
    assert.equal(queue.take(9).toString(), 'a5 DONE\r\n');
  });

  it('returns a view, not a copy, when the bytes lie in one large chunk', () => {
    const chunk = Buffer.alloc(4096, 0x61);
    const queue = new ByteQueue();
    queue.push(chunk);
    const taken = queue.take(5);
    assert.equal(taken.buffer, chunk.buffer);
  });

  it('coalesces tiny chunks, and bytes already taken stay intact', () => {
    const queue = new ByteQueue();
    const text = 'A001 NOOP\r\n'.repeat(3000);
    const taken: string[] = [];
    for (let i = 0; i < text.length; i++) {
      queue.push(Buffer.from(text[i]!, 'latin1'));
      const newline = queue.indexOf(0x0a, 0);
      if (newline !== -1) taken.push(queue.take(newline + 1).toString('latin1'));
    }
    assert.equal(taken.join(''), text);
    assert.equal(queue.length, 0);
  });

  it('mixes large and small chunks in order', () => {
    const queue = new ByteQueue();
    queue.push(Buffer.from('ab'));
    queue.push(Buffer.alloc(600, 0x78));
    queue.push(Buffer.from('cd'));
    queue.push(Buffer.from('e\n'));
    assert.equal(queue.length, 606);
    assert.equal(queue.indexOf(0x0a, 0), 605);
    const all = queue.take(606).toString('latin1');
    assert.equal(all, 'ab' + 'x'.repeat(600) + 'cde\n');
  });

  it('copies a window without consuming it', () => {
    const queue = queueOf('abc', 'def');
    assert.equal(queue.copy(2, 5).toString(), 'cde');
    assert.equal(queue.length, 6);
  });

  it('skips bytes and stays consistent over many small chunks', () => {
    const queue = new ByteQueue();
    for (let i = 0; i < 1000; i++) queue.push(Buffer.from([i % 256]));
    queue.skip(900);
    assert.equal(queue.length, 100);
    assert.equal(queue.take(1)[0], 900 % 256);
    assert.equal(queue.indexOf(999 % 256, 0), 98);
  });
});
