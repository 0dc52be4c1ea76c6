import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CommandReader, type RawCommand } from './command-reader.js';
import { parseCommand, type ParseOptions } from './parser.js';
import { astringValue, type ParsedCommand, type Token } from './tokens.js';

/** Runs `wire` (client bytes, literals included) through the reader and returns the command. */
function rawOf(wire: string | Buffer): RawCommand {
  const reader = new CommandReader({ maxLineLength: 1024 * 1024 });
  reader.push(typeof wire === 'string' ? Buffer.from(wire, 'utf8') : wire);
  for (let event = reader.next(); event !== null; event = reader.next()) {
    if (event.type === 'command') return event.command;
  }
  throw new Error('no complete command');
}

function parse(wire: string | Buffer, options?: ParseOptions): ParsedCommand {
  const result = parseCommand(rawOf(wire), options);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.command;
}

function errorOf(
  wire: string | Buffer | RawCommand,
  options?: ParseOptions,
): { tag: string | null; message: string } {
  const raw = typeof wire === 'string' || Buffer.isBuffer(wire) ? rawOf(wire) : wire;
  const result = parseCommand(raw, options);
  assert.equal(result.ok, false, 'expected a parse error');
  return result.ok ? { tag: null, message: '' } : result.error;
}

/** Tokens without sequence-set objects and with buffers as text, for deepEqual. */
function plain(tokens: readonly Token[]): unknown[] {
  return tokens.map((token) => {
    switch (token.type) {
      case 'list':
        return plain(token.items);
      case 'literal':
        return { literal: token.value.toString('utf8'), binary: token.binary };
      case 'sequence':
        return { sequence: token.raw };
      case 'section': {
        const { type: _type, ...rest } = token;
        return rest;
      }
      default:
        return token;
    }
  });
}

describe('parseCommand: RFC examples', () => {
  it('RFC 3501 §6.3.11 APPEND example with its literal', () => {
    const message = 'Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n'.padEnd(310, 'x');
    const command = parse(`A003 APPEND saved-messages (\\Seen) {310}\r\n${message}\r\n`);
    assert.equal(command.tag, 'A003');
    assert.equal(command.name, 'APPEND');
    assert.equal(command.uid, false);
    assert.deepEqual(plain(command.args), [
      { type: 'atom', value: 'saved-messages' },
      [{ type: 'atom', value: '\\Seen' }],
      { literal: message, binary: false },
    ]);
  });

  it('RFC 9051 §6.4.5 FETCH example: A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])', () => {
    const command = parse('A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])\r\n');
    assert.deepEqual(plain(command.args), [
      { sequence: '2:4' },
      [
        { type: 'atom', value: 'FLAGS' },
        {
          name: 'BODY',
          part: [],
          text: 'HEADER.FIELDS',
          fields: ['DATE', 'FROM'],
          partial: null,
          raw: 'BODY[HEADER.FIELDS (DATE FROM)]',
        },
      ],
    ]);
  });

  it('RFC 7162 §3.1.4.1 CHANGEDSINCE FETCH modifier: a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)', () => {
    const command = parse('a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n');
    assert.equal(command.name, 'FETCH');
    assert.equal(command.uid, true);
    assert.deepEqual(plain(command.args), [
      { sequence: '1:*' },
      [{ type: 'atom', value: 'FLAGS' }],
      [
        { type: 'atom', value: 'CHANGEDSINCE' },
        { type: 'number', value: 12345, raw: '12345' },
      ],
    ]);
  });

  it('RFC 9051 §6.2.3 LOGIN example: a001 LOGIN SMITH SESAME', () => {
    const command = parse('a001 LOGIN SMITH SESAME\r\n');
    assert.deepEqual(command.args.map(astringValue), ['SMITH', 'SESAME']);
  });

  it('RFC 9051 §6.3.9 LIST examples: A101 LIST "" "" and A682 LIST "" *', () => {
    assert.deepEqual(plain(parse('A101 LIST "" ""\r\n').args), [
      { type: 'string', value: '' },
      { type: 'string', value: '' },
    ]);
    const star = parse('A682 LIST "" *\r\n');
    assert.deepEqual(star.args.map(astringValue), ['', '*']);
    assert.deepEqual(parse('A202 LIST ~/Mail/ %\r\n').args.map(astringValue), ['~/Mail/', '%']);
  });

  it('RFC 9051 §6.4.6 STORE example: A003 STORE 2:4 +FLAGS (\\Deleted)', () => {
    const command = parse('A003 STORE 2:4 +FLAGS (\\Deleted)\r\n');
    assert.deepEqual(plain(command.args), [
      { sequence: '2:4' },
      { type: 'atom', value: '+FLAGS' },
      [{ type: 'atom', value: '\\Deleted' }],
    ]);
  });

  it('RFC 9051 §6.4.4 SEARCH example: A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"', () => {
    const command = parse('A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"\r\n');
    assert.deepEqual(
      command.args.map((t) => (t.type === 'list' ? 'list' : astringValue(t))),
      ['RETURN', 'list', 'FLAGGED', 'SINCE', '1-Feb-1994', 'NOT', 'FROM', 'Smith'],
    );
  });

  it('RFC 7888 LITERAL+ example: A001 LOGIN {11+} FRED FOOBAR {7+} fat man', () => {
    const command = parse('A001 LOGIN {11+}\r\nFRED FOOBAR {7+}\r\nfat man\r\n');
    assert.deepEqual(plain(command.args), [
      { literal: 'FRED FOOBAR', binary: false },
      { literal: 'fat man', binary: false },
    ]);
  });
});

describe('parseCommand: tokens', () => {
  it('upper-cases the command name and keeps the tag as sent', () => {
    const command = parse('abc.1 uid fetch 1 flags\r\n');
    assert.deepEqual([command.tag, command.name, command.uid], ['abc.1', 'FETCH', true]);
  });

  it('reads a command without arguments', () => {
    assert.deepEqual(parse('a1 NOOP\r\n').args, []);
  });

  it('unescapes quoted strings and decodes UTF-8 (RFC 9051 quoted)', () => {
    const command = parse('A1 LOGIN "fred \\"the\\" user" "pa\\\\ss"\r\n');
    assert.deepEqual(command.args.map(astringValue), ['fred "the" user', 'pa\\ss']);
    assert.equal(astringValue(parse('A2 SELECT "Información"\r\n').args[0]!), 'Información');
  });

  it('reads NIL, numbers and atoms (NIL is case-insensitive, big numbers stay atoms)', () => {
    const command = parse('A1 X nil 0 42 9007199254740993 \\Seen $Forwarded\r\n');
    assert.deepEqual(plain(command.args), [
      { type: 'nil', raw: 'nil' },
      { type: 'number', value: 0, raw: '0' },
      { type: 'number', value: 42, raw: '42' },
      { type: 'atom', value: '9007199254740993' },
      { type: 'atom', value: '\\Seen' },
      { type: 'atom', value: '$Forwarded' },
    ]);
  });

  it('reads sequence sets, "$" and "*" as sequence tokens; invalid ones stay atoms', () => {
    const command = parse('A1 X 3,5:7,10:* $ * 0:5\r\n');
    assert.deepEqual(plain(command.args), [
      { sequence: '3,5:7,10:*' },
      { sequence: '$' },
      { sequence: '*' },
      { type: 'atom', value: '0:5' },
    ]);
  });

  it('reads nested and empty lists', () => {
    const command = parse('A1 X (a (b ()) "c") ()\r\n');
    assert.deepEqual(plain(command.args), [
      [{ type: 'atom', value: 'a' }, [{ type: 'atom', value: 'b' }, []], { type: 'string', value: 'c' }],
      [],
    ]);
  });

  it('reads literals inside lists and literal8 with NUL', () => {
    const wire = Buffer.concat([
      Buffer.from('A1 APPEND INBOX (\\Seen) ~{3}\r\n'),
      Buffer.from([0x61, 0x00, 0x62]),
      Buffer.from(' ({2+}\r\nhi)\r\n'),
    ]);
    const command = parse(wire);
    const literal = command.args[2]!;
    assert.equal(literal.type === 'literal' && literal.binary, true);
    assert.deepEqual(plain([command.args[3]!]), [[{ literal: 'hi', binary: false }]]);
  });

  it('takes mailbox names with brackets as atoms: [Gmail]/Sent', () => {
    assert.deepEqual(plain(parse('A1 SELECT [Gmail]/Sent\r\n').args), [
      { type: 'atom', value: '[Gmail]/Sent' },
    ]);
  });
});

describe('parseCommand: sections', () => {
  function section(item: string): unknown {
    const result = parseCommand(rawOf(`A1 FETCH 1 ${item}\r\n`));
    if (!result.ok) return result.error.message;
    const [token] = plain([result.command.args[1]!]) as [Record<string, unknown>];
    return {
      name: token.name,
      part: token.part,
      text: token.text,
      fields: token.fields,
      partial: token.partial,
    };
  }

  it('reads BODY[], BODY.PEEK[1.2.MIME], BODY[1.2.3.HEADER] and partial ranges', () => {
    assert.deepEqual(section('BODY[]<0.100>'), {
      name: 'BODY',
      part: [],
      text: null,
      fields: [],
      partial: { offset: 0, length: 100 },
    });
    assert.deepEqual(section('body.peek[1.2.mime]'), {
      name: 'BODY.PEEK',
      part: [1, 2],
      text: 'MIME',
      fields: [],
      partial: null,
    });
    assert.deepEqual(section('BODY[1.2.3.HEADER]'), {
      name: 'BODY',
      part: [1, 2, 3],
      text: 'HEADER',
      fields: [],
      partial: null,
    });
  });

  it('reads RFC 3516 BINARY.PEEK[1.2] and BINARY.SIZE[1]', () => {
    assert.deepEqual(section('BINARY.PEEK[1.2]'), {
      name: 'BINARY.PEEK',
      part: [1, 2],
      text: null,
      fields: [],
      partial: null,
    });
    assert.deepEqual(section('BINARY.SIZE[1]'), {
      name: 'BINARY.SIZE',
      part: [1],
      text: null,
      fields: [],
      partial: null,
    });
  });

  it('reads HEADER.FIELDS.NOT with quoted and literal field names', () => {
    const command = parse('A1 FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT ("X-Spam" {4+}\r\nDATE)]\r\n');
    const token = command.args[1]!;
    assert.equal(token.type, 'section');
    assert.deepEqual(token.type === 'section' ? token.fields : [], ['X-Spam', 'DATE']);
    assert.equal(token.type === 'section' ? token.raw : '', 'BODY.PEEK[HEADER.FIELDS.NOT (X-Spam DATE)]');
  });

  it('rejects malformed sections', () => {
    assert.match(section('BODY[MIME]') as string, /MIME needs a part/);
    assert.match(section('BINARY[HEADER]') as string, /takes only a part number/);
    assert.match(section('BODY[]<0.0>') as string, /start at 1/);
    assert.match(section('BINARY.SIZE[1]<0.10>') as string, /no partial/);
    assert.match(section('BODY[HEADER.FIELDS ()]') as string, /astring/);
    assert.match(section('BODY[SUBJECT]') as string, /Unknown section text/);
    assert.match(section('BODY[1.]') as string, /section text after/);
    assert.match(section('BODY[0]') as string, /start at 1/);
    assert.match(section('BODY[HEADER') as string, /"\]"/);
  });

  it('response injection: header field names with CRLF (via a literal) are refused', () => {
    const error = errorOf('A1 FETCH 1 BODY[HEADER.FIELDS ({7+}\r\nA\r\n* BYE)]\r\n');
    assert.match(error.message, /Invalid header field name/);
  });
});

describe('parseCommand: malformed and hostile input', () => {
  it('missing tag: answered with * BAD', () => {
    assert.deepEqual(errorOf(' NOOP\r\n'), { tag: null, message: 'Missing or invalid tag' });
    assert.deepEqual(errorOf('\r\n'), { tag: null, message: 'Empty command line' });
    assert.deepEqual(errorOf('A+1 NOOP\r\n'), { tag: null, message: 'Invalid character in tag' });
  });

  it('missing or bad command name: answered with <tag> BAD', () => {
    assert.deepEqual(errorOf('A1\r\n'), { tag: 'A1', message: 'Missing command name' });
    assert.equal(errorOf('A1 UID\r\n').tag, 'A1');
    assert.match(errorOf('A1 UID\r\n').message, /UID needs a command/);
  });

  it('unbalanced parentheses', () => {
    assert.deepEqual(errorOf('A1 FETCH 1 (FLAGS\r\n'), {
      tag: 'A1',
      message: 'Unbalanced parentheses: missing ")"',
    });
    assert.match(errorOf('A1 FETCH 1 FLAGS)\r\n').message, /unexpected "\)"/);
    assert.match(errorOf('A1 FETCH 1 ((FLAGS)\r\n').message, /missing "\)"/);
  });

  it('bad quoting', () => {
    assert.match(errorOf('A1 LOGIN "fred\r\n').message, /Unterminated quoted string/);
    assert.match(errorOf('A1 LOGIN "fr\\ed" x\r\n').message, /Invalid escape/);
    assert.match(errorOf('A1 LOGIN "fred"x y\r\n').message, /Expected a space/);
    assert.match(errorOf(Buffer.from('A1 LOGIN "\xff\xfe" x\r\n', 'latin1')).message, /Invalid UTF-8/);
  });

  it('8-bit garbage in atoms', () => {
    assert.match(errorOf('A1 SELECT Información\r\n').message, /8-bit characters are not allowed/);
  });

  it('NUL bytes in the command line, quoted strings and plain literals', () => {
    assert.match(errorOf('A1 NO\0OP\r\n').message, /Invalid character in command name/);
    assert.match(errorOf('A1 LOGIN fr\0ed x\r\n').message, /NUL octets/);
    assert.match(errorOf('A1 LOGIN "fr\0ed" x\r\n').message, /NUL, CR and LF/);
    assert.match(errorOf('A1 LOGIN {3+}\r\na\0b x\r\n').message, /literal8/);
    assert.equal(parse('A1 LOGIN {3+}\r\na\0b x\r\n', { allowNulInLiterals: true }).args.length, 2);
  });

  it('control characters and stray backslashes in atoms', () => {
    assert.match(errorOf('A1 SELECT IN\rBOX\r\n').message, /Control characters/);
    assert.match(
      errorOf('A1 STORE 1 FLAGS \\Seen\\Deleted\r\n').message,
      /only allowed at the start of a flag/,
    );
  });

  it('spacing: double space and trailing space are errors', () => {
    assert.match(errorOf('A1 LOGIN  a b\r\n').message, /double space/);
    assert.match(errorOf('A1 LOGIN a b \r\n').message, /space at the end/);
  });

  it('100,000 nested parentheses: refused at depth 64, without deep recursion', () => {
    const deep = `A1 X ${'('.repeat(100_000)}${')'.repeat(100_000)}\r\n`;
    assert.match(errorOf(deep).message, /nested too deeply \(at most 64 levels\)/);
    assert.equal(parse(`A1 X ${'('.repeat(64)}${')'.repeat(64)}\r\n`).args.length, 1);
  });

  it('token flood: 50,000 arguments are refused past the token budget', () => {
    assert.match(errorOf(`A1 X ${'a '.repeat(50_000)}a\r\n`).message, /Too many arguments/);
  });

  it('a literal marker not at the end of a line is an error, not a literal', () => {
    const raw: RawCommand = { segments: [Buffer.from('A1 LOGIN {3} x')], literals: [] };
    assert.match(errorOf(raw).message, /must end the line/);
  });

  it('a marker without its literal data is an error', () => {
    const raw: RawCommand = { segments: [Buffer.from('A1 LOGIN {3}')], literals: [] };
    assert.match(errorOf(raw).message, /Literal data missing/);
  });
});
