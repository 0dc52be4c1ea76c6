// The typed values a client command is made of (RFC 9051 §9 command arguments), as the parser
// returns them; command handlers read their arguments from these.
import { parseSequenceSet, type SequenceSet } from './sequence-set.js';

/** An atom as sent (case kept): FLAGS, \Seen, INBOX.%, [Gmail]/Sent. */
export interface AtomToken {
  readonly type: 'atom';
  readonly value: string;
}

/** Digits only; larger than Number.MAX_SAFE_INTEGER is left an atom. */
export interface NumberToken {
  readonly type: 'number';
  readonly value: number;
  readonly raw: string;
}

export interface NilToken {
  readonly type: 'nil';
  readonly raw: string;
}

/** A quoted string, unescaped and decoded as UTF-8. */
export interface StringToken {
  readonly type: 'string';
  readonly value: string;
}

export interface LiteralToken {
  readonly type: 'literal';
  readonly value: Buffer;
  /** Sent as literal8 ("~{n}", RFC 3516). */
  readonly binary: boolean;
}

export interface ListToken {
  readonly type: 'list';
  readonly items: readonly Token[];
}

/** An atom that is a valid sequence set with at least one of ":", ",", "*" or "$". */
export interface SequenceToken {
  readonly type: 'sequence';
  readonly value: SequenceSet;
  readonly raw: string;
}

export type SectionName = 'BODY' | 'BODY.PEEK' | 'BINARY' | 'BINARY.PEEK' | 'BINARY.SIZE';
export type SectionText = 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';

/** A FETCH item with a section: BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>, BINARY[1.2]. */
export interface SectionToken {
  readonly type: 'section';
  readonly name: SectionName;
  /** Part path: [1, 2] for "1.2"; empty for the whole message. */
  readonly part: readonly number[];
  readonly text: SectionText | null;
  /** Header field names of HEADER.FIELDS(.NOT), as sent. */
  readonly fields: readonly string[];
  readonly partial: { readonly offset: number; readonly length: number } | null;
  /** The item as sent, for commands that take it as a plain astring. */
  readonly raw: string;
}

export type Token =
  AtomToken | NumberToken | NilToken | StringToken | LiteralToken | ListToken | SequenceToken | SectionToken;

/** A parsed command line: `A1 UID FETCH 1:* (FLAGS)` → tag A1, name FETCH, uid true. */
export interface ParsedCommand {
  readonly tag: string;
  /** Upper-cased command name, without the UID prefix. */
  readonly name: string;
  readonly uid: boolean;
  readonly args: readonly Token[];
}

/** Why a command could not be parsed; answer `<tag> BAD <message>`, or `* BAD` without tag. */
export interface ParseError {
  readonly tag: string | null;
  readonly message: string;
}

export type ParseResult =
  { readonly ok: true; readonly command: ParsedCommand } | { readonly ok: false; readonly error: ParseError };

/** The text of an atom-like token (atom, number, NIL, sequence set, section), or null. */
export function atomText(token: Token): string | null {
  switch (token.type) {
    case 'atom':
      return token.value;
    case 'number':
    case 'nil':
    case 'sequence':
    case 'section':
      return token.raw;
    default:
      return null;
  }
}

/**
 * The value of an astring argument (RFC 9051 §9 astring: atom, quoted or literal), or null
 * for lists. Literals are returned as bytes: decoding them is the command's choice.
 */
export function astringValue(token: Token): string | Buffer | null {
  if (token.type === 'string' || token.type === 'literal') return token.value;
  return atomText(token);
}

/** The token as a sequence set (a number or sequence token), or null. */
export function sequenceSetOf(token: Token): SequenceSet | null {
  if (token.type === 'sequence') return token.value;
  if (token.type !== 'number') return null;
  const result = parseSequenceSet(token.raw);
  return result.ok ? result.set : null;
}
