import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CommandReader, type ReaderEvent } from './command-reader.js';

/** Pushes `input` and returns every event, with commands shown as text for easy comparison. */
function feed(reader: CommandReader, input: string | Buffer): unknown[] {
  reader.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  const events: unknown[] = [];
  for (let event = reader.next(); event !== null; event = reader.next()) events.push(show(event));
  return events;
}

function show(event: ReaderEvent): unknown {
  if (event.type !== 'command') return event;
  const { segments, literals } = event.command;
  return {
    segments: segments.map((s) => s.toString('utf8')),
    literals: literals.map((l) => ({ data: l.data.toString('utf8'), binary: l.binary, nonSync: l.nonSync })),
  };
}

// RFC 3501 §6.3.11 APPEND example message (310 octets with its CRLFs).
const appendMessage = [
  'Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)',
  'From: Fred Foobar <foobar@Blurdybloop.COM>',
  'Subject: afternoon meeting',
  'To: mooch@owatagu.siam.edu',
  'Message-Id: <B27397-0100000@Blurdybloop.COM>',
  'MIME-Version: 1.0',
  'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII',
  '',
  'Hello Joe, do you think we can meet at 3:30 tomorrow?',
  '',
].join('\r\n');

describe('CommandReader', () => {
  it('reads one simple command line', () => {
    const reader = new CommandReader();
    assert.deepEqual(feed(reader, 'a001 NOOP\r\n'), [{ segments: ['a001 NOOP'], literals: [] }]);
  });

  it('waits for the end of a line split across pushes', () => {
    const reader = new CommandReader();
    assert.deepEqual(feed(reader, 'a001 CAPA'), []);
    assert.deepEqual(feed(reader, 'BILITY\r'), []);
    assert.deepEqual(feed(reader, '\n'), [{ segments: ['a001 CAPABILITY'], literals: [] }]);
  });

  it('splits pipelined commands arriving in one chunk', () => {
    const reader = new CommandReader();
    assert.deepEqual(feed(reader, 'a1 NOOP\r\na2 CHECK\r\na3 LOGOUT\r\n'), [
      { segments: ['a1 NOOP'], literals: [] },
      { segments: ['a2 CHECK'], literals: [] },
      { segments: ['a3 LOGOUT'], literals: [] },
    ]);
  });

  it('accepts a bare LF as line end', () => {
    const reader = new CommandReader();
    assert.deepEqual(feed(reader, 'a1 NOOP\n'), [{ segments: ['a1 NOOP'], literals: [] }]);
  });

  it('RFC 3501 §6.3.11 APPEND example: asks for a continuation, then reads the 310-octet literal', () => {
    assert.equal(Buffer.byteLength(appendMessage), 310);
    const reader = new CommandReader();
    assert.deepEqual(feed(reader, 'A003 APPEND saved-messages (\\Seen) {310}\r\n'), [
      { type: 'continuation', tag: 'A003', size: 310, binary: false },
    ]);
    assert.deepEqual(feed(reader, appendMessage.slice(0, 100)), []);
    assert.deepEqual(feed(reader, `${appendMessage.slice(100)}\r\n`), [
      {
        segments: ['A003 APPEND saved-messages (\\Seen) {310}', ''],
        literals: [{ data: appendMessage, binary: false, nonSync: false }],
      },
    ]);
  });

  it('RFC 7888 LITERAL+: reads "{n+}" literals without a continuation', () => {
    const reader = new CommandReader();
    assert.deepEqual(feed(reader, 'A1 LOGIN {4+}\r\nfred {6+}\r\nsecret\r\n'), [
      {
        segments: ['A1 LOGIN {4+}', ' {6+}', ''],
        literals: [
          { data: 'fred', binary: false, nonSync: true },
          { data: 'secret', binary: false, nonSync: true },
        ],
      },
    ]);
  });

  it('RFC 3516 literal8: reads "~{n}" with NUL octets intact', () => {
    const reader = new CommandReader();
    const events = feed(reader, 'A1 APPEND INBOX ~{3}\r\n');
    assert.deepEqual(events, [{ type: 'continuation', tag: 'A1', size: 3, binary: true }]);
    reader.push(Buffer.from([0x61, 0x00, 0x62, 0x0d, 0x0a]));
    const event = reader.next();
    assert.equal(event?.type, 'command');
    if (event?.type !== 'command') return;
    assert.deepEqual([...event.command.literals[0]!.data], [0x61, 0x00, 0x62]);
    assert.equal(event.command.literals[0]!.binary, true);
  });

  it('reads a zero-length literal', () => {
    const reader = new CommandReader();
    assert.deepEqual(feed(reader, 'A1 LOGIN {0+}\r\n ""\r\n'), [
      { segments: ['A1 LOGIN {0+}', ' ""'], literals: [{ data: '', binary: false, nonSync: true }] },
    ]);
  });

  it('does not read CRLF inside a literal as the end of the command', () => {
    const reader = new CommandReader();
    assert.deepEqual(feed(reader, 'A1 X {4+}\r\na\r\nb A2 NOOP\r\n'), [
      { segments: ['A1 X {4+}', ' A2 NOOP'], literals: [{ data: 'a\r\nb', binary: false, nonSync: true }] },
    ]);
  });

  it('rejectLiteral() drops the command after a continuation; the next line is a new command', () => {
    const reader = new CommandReader();
    assert.equal(feed(reader, 'A1 APPEND Trash {20}\r\n').length, 1);
    assert.equal(reader.rejectLiteral(), true);
    assert.deepEqual(feed(reader, 'A2 NOOP\r\n'), [{ segments: ['A2 NOOP'], literals: [] }]);
    assert.equal(reader.rejectLiteral(), false);
  });

  it('setLimits() applies to commands read afterwards (e.g. larger literals after login)', () => {
    const reader = new CommandReader({ maxLiteralSize: 100 });
    const refused = feed(reader, 'A1 APPEND INBOX {1000}\r\n');
    assert.equal((refused[0] as { type: string }).type, 'error');
    reader.setLimits({ maxLiteralSize: 10_000 });
    assert.deepEqual(feed(reader, 'A2 APPEND INBOX {1000}\r\n'), [
      { type: 'continuation', tag: 'A2', size: 1000, binary: false },
    ]);
  });

  it('reports the bytes it holds', () => {
    const reader = new CommandReader();
    feed(reader, 'A1 APPEND INBOX {10}\r\n12345');
    assert.equal(reader.bufferedBytes, 'A1 APPEND INBOX {10}'.length + 5);
  });

  it('passes an empty line through as an (invalid) command for the parser to answer', () => {
    const reader = new CommandReader();
    assert.deepEqual(feed(reader, '\r\n'), [{ segments: [''], literals: [] }]);
  });
});
