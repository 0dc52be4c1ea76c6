// Hostile input against the command reader, each test named after the attack.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CommandReader, type ReaderEvent } from './command-reader.js';

function feed(reader: CommandReader, input: string | Buffer): ReaderEvent[] {
  reader.push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  const events: ReaderEvent[] = [];
  for (let event = reader.next(); event !== null; event = reader.next()) events.push(event);
  return events;
}

function commandLines(events: readonly ReaderEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'command' ? [e.command.segments.join('|')] : []));
}

function errorOf(events: readonly ReaderEvent[], index = 0): Record<string, unknown> {
  const event = events[index];
  assert.equal(event?.type, 'error');
  return event.type === 'error' ? { ...event.error } : {};
}

describe('literal overflow and other hostile input', () => {
  it('huge synchronising literal announcement {99999999999}: refused before the client sends it', () => {
    const reader = new CommandReader();
    const events = feed(reader, 'A1 APPEND INBOX {99999999999}\r\n');
    assert.deepEqual(errorOf(events), {
      code: 'LITERAL_TOO_BIG',
      tag: 'A1',
      status: 'NO',
      responseCode: 'TOOBIG',
      text: 'Literal too big',
      fatal: false,
    });
    assert.equal(reader.bufferedBytes, 0);
    assert.deepEqual(commandLines(feed(reader, 'A2 NOOP\r\n')), ['A2 NOOP']);
  });

  it('absurd digit count {9999…9} is treated as too big, not overflowed', () => {
    const reader = new CommandReader();
    const events = feed(reader, `A1 APPEND INBOX {${'9'.repeat(400)}}\r\n`);
    assert.equal(errorOf(events).code, 'LITERAL_TOO_BIG');
  });

  it('huge non-synchronising literal {99999999999+}: fatal, the connection must close', () => {
    const reader = new CommandReader();
    const events = feed(reader, 'A1 APPEND INBOX {99999999999+}\r\nA2 NOOP\r\n');
    assert.equal(events.length, 1);
    assert.deepEqual(errorOf(events), {
      code: 'DISCARD_LIMIT',
      tag: 'A1',
      status: 'BAD',
      responseCode: 'TOOBIG',
      text: 'Too much data in a rejected command, closing the connection',
      fatal: true,
    });
    assert.equal(reader.isClosed, true);
    assert.deepEqual(feed(reader, 'A3 NOOP\r\n'), []);
    assert.equal(reader.bufferedBytes, 0);
  });

  it('literal smuggling: an over-size {n+} literal is skipped byte for byte, never run as commands', () => {
    const reader = new CommandReader({ maxLiteralSize: 1000, maxNonSyncLiteralSize: 1000 });
    const smuggled = 'X1 DELETE INBOX\r\n'.repeat(100);
    const events = feed(reader, `A1 APPEND INBOX {${smuggled.length}+}\r\n${smuggled}\r\nA2 NOOP\r\n`);
    assert.equal(errorOf(events).code, 'LITERAL_TOO_BIG');
    assert.equal(errorOf(events).status, 'BAD');
    assert.deepEqual(commandLines(events), ['A2 NOOP']);
  });

  it('RFC 7888 LITERAL-: a {n+} literal over 4096 octets gets BAD [TOOBIG] and is skipped', () => {
    const reader = new CommandReader();
    const body = 'x'.repeat(5000);
    const events = feed(reader, `A1 APPEND INBOX {5000+}\r\n${body} {3+}\r\nabc\r\nA2 NOOP\r\n`);
    assert.equal(errorOf(events).code, 'NON_SYNC_LITERAL_TOO_BIG');
    assert.equal(errorOf(events).status, 'BAD');
    // The second literal announced later in the rejected command is skipped too.
    assert.deepEqual(commandLines(events), ['A2 NOOP']);
  });

  it('line too long: BAD once, the rest of the line is skipped, the next command is read', () => {
    const reader = new CommandReader({ maxLineLength: 100 });
    const events = feed(reader, `A1 FETCH ${'1,'.repeat(500)}1 FLAGS\r\nA2 NOOP\r\n`);
    assert.deepEqual(errorOf(events), {
      code: 'LINE_TOO_LONG',
      tag: 'A1',
      status: 'BAD',
      responseCode: 'TOOBIG',
      text: 'Command line too long',
      fatal: false,
    });
    assert.deepEqual(commandLines(events), ['A2 NOOP']);
  });

  it('line too long ending in a {n+} marker: the announced literal is skipped too', () => {
    const reader = new CommandReader({ maxLineLength: 50 });
    const events = feed(reader, `A1 LOGIN ${'a'.repeat(200)} {17+}\r\nX1 DELETE INBOX\r\n\r\nA2 NOOP\r\n`);
    assert.equal(errorOf(events).code, 'LINE_TOO_LONG');
    assert.deepEqual(commandLines(events), ['A2 NOOP']);
  });

  it('endless line without LF: memory stays bounded, then the connection is closed', () => {
    const reader = new CommandReader({ maxLineLength: 1024, maxDiscardSize: 1024 * 1024 });
    const junk = Buffer.alloc(64 * 1024, 0x61);
    const events: ReaderEvent[] = [];
    for (let i = 0; i < 32 && !reader.isClosed; i++) {
      events.push(...feed(reader, junk));
      assert.ok(reader.bufferedBytes <= junk.length);
    }
    assert.equal(errorOf(events, 0).code, 'LINE_TOO_LONG');
    assert.equal(errorOf(events, 1).code, 'DISCARD_LIMIT');
    assert.equal(errorOf(events, 1).fatal, true);
  });

  it('client stopping mid-literal: the reader waits, holding no more than the literal', () => {
    const reader = new CommandReader();
    feed(reader, 'A1 APPEND INBOX {100000}\r\n');
    for (let i = 0; i < 99; i++) assert.deepEqual(feed(reader, Buffer.alloc(1000, 0x61)), []);
    assert.ok(reader.bufferedBytes < 100_000 + 100);
    assert.equal(reader.next(), null);
    const events = feed(reader, Buffer.concat([Buffer.alloc(1000, 0x62), Buffer.from('\r\n')]));
    assert.equal(events.length, 1);
    assert.equal(events[0]?.type === 'command' && events[0].command.literals[0]?.data.length, 100_000);
  });

  it('too many literals in one command: BAD [LIMIT], the rest of the command is skipped', () => {
    const reader = new CommandReader({ maxLiterals: 3 });
    const events = feed(reader, `A1 X${' {1+}\r\na'.repeat(10)}\r\nA2 NOOP\r\n`);
    assert.deepEqual([errorOf(events).code, errorOf(events).responseCode], ['TOO_MANY_LITERALS', 'LIMIT']);
    assert.deepEqual(commandLines(events), ['A2 NOOP']);
  });

  it('command too big across literals (MULTIAPPEND flood): refused at the literal that overflows', () => {
    const reader = new CommandReader({ maxCommandSize: 130, maxNonSyncLiteralSize: 100 });
    const events = feed(
      reader,
      `A1 APPEND INBOX {40+}\r\n${'a'.repeat(40)} {40+}\r\n${'b'.repeat(40)} {40}\r\n`,
    );
    assert.deepEqual([errorOf(events).code, errorOf(events).status], ['COMMAND_TOO_BIG', 'NO']);
    assert.deepEqual(commandLines(feed(reader, 'A2 NOOP\r\n')), ['A2 NOOP']);
  });

  it('NUL bytes in a command line are passed to the parser, not used to split commands', () => {
    const reader = new CommandReader();
    const events = feed(reader, Buffer.from('A1 NO\0OP\r\nA2 NOOP\r\n', 'latin1'));
    assert.deepEqual(commandLines(events), ['A1 NO\0OP', 'A2 NOOP']);
  });

  it('one byte per packet of a 1 MiB literal: linear time, not quadratic', () => {
    const reader = new CommandReader();
    const size = 1024 * 1024;
    feed(reader, `A1 APPEND INBOX {${size}}\r\n`);
    const started = process.hrtime.bigint();
    const byte = Buffer.from('x');
    for (let i = 0; i < size; i++) reader.push(byte);
    const events = feed(reader, '\r\n');
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(events.length, 1);
    assert.ok(elapsedMs < 5000, `took ${elapsedMs} ms`);
  });
});
