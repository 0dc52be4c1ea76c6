// Reads a command's arguments against its grammar (RFC 9051 §9), one token at a time; any
// mismatch is a BAD with a reason.
import {
  astringValue,
  atomText,
  decodeMailboxName,
  sequenceSetOf,
  type ListToken,
  type SequenceSet,
  type Token,
} from '../proto/index.js';
import { badArguments } from './command-error.js';

export class Args {
  private at = 0;

  constructor(
    private readonly tokens: readonly Token[],
    /** UTF8=ACCEPT or IMAP4rev2: mailbox names are UTF-8, not modified UTF-7. */
    private readonly isUtf8: boolean,
  ) {}

  get hasMore(): boolean {
    return this.at < this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.at];
  }

  /** The next token, whatever it is. */
  any(what: string): Token {
    const token = this.tokens[this.at++];
    if (token === undefined) badArguments(`Missing ${what}`);
    return token;
  }

  /** An astring (atom, quoted or literal), decoded as UTF-8. */
  astring(what: string): string {
    const value = astringValue(this.any(what));
    if (value === null) badArguments(`Expected ${what} as a string`);
    return typeof value === 'string' ? value : value.toString('utf8');
  }

  /** A mailbox name: UTF-8, or modified UTF-7 for clients that have not enabled UTF-8. */
  mailbox(): string {
    const text = this.astring('mailbox name');
    if (this.isUtf8) return text;
    const decoded = decodeMailboxName(text);
    if (!decoded.ok) badArguments(`Invalid mailbox name: ${decoded.error}`);
    return decoded.value;
  }

  /** One mailbox pattern, or a parenthesised list of them (RFC 5258 LIST-EXTENDED). */
  mailboxPatterns(): string[] {
    const list = this.optionalList();
    if (list === null) return [this.mailbox()];
    if (list.items.length === 0) badArguments('Empty pattern list');
    return list.items.map((token) => new Args([token], this.isUtf8).mailbox());
  }

  /** An atom (case kept). */
  atom(what: string): string {
    const text = atomText(this.any(what));
    if (text === null) badArguments(`Expected ${what}`);
    return text;
  }

  /** A number (RFC 9051 number / nz-number). */
  number(what: string): number {
    const token = this.any(what);
    if (token.type !== 'number') badArguments(`Expected ${what} as a number`);
    return token.value;
  }

  sequenceSet(): SequenceSet {
    const set = sequenceSetOf(this.any('sequence set'));
    if (set === null) badArguments('Invalid sequence set');
    return set;
  }

  list(what: string): readonly Token[] {
    const token = this.any(what);
    if (token.type !== 'list') badArguments(`Expected ${what} in parentheses`);
    return token.items;
  }

  /** A list token if the next token is one; nothing consumed otherwise. */
  optionalList(): ListToken | null {
    const token = this.peek();
    if (token?.type !== 'list') return null;
    this.at++;
    return token;
  }

  /** Fails when arguments are left over. */
  end(): void {
    if (this.hasMore) badArguments('Too many arguments');
  }
}

/** The upper-cased atom text of a token, or null. */
export function keywordOf(token: Token | undefined): string | null {
  if (token === undefined) return null;
  return atomText(token)?.toUpperCase() ?? null;
}
