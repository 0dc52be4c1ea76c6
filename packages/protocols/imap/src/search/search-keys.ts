// RFC 9051 §6.4.4 SEARCH keys (and RFC 7162 MODSEQ, RFC 5182 "$") into a tree.
import { SystemFlag, keywordBits } from '@chasqui/core';
import { astringValue, sequenceSetOf, type SequenceSet, type Token } from '../proto/index.js';
import { CommandError, badArguments } from '../commands/command-error.js';

export type DateField = 'internal' | 'sent';
export type DateComparison = 'before' | 'on' | 'since';

export type SearchKey =
  | { readonly op: 'all' }
  | { readonly op: 'none' }
  | { readonly op: 'and'; readonly keys: readonly SearchKey[] }
  | { readonly op: 'or'; readonly left: SearchKey; readonly right: SearchKey }
  | { readonly op: 'not'; readonly key: SearchKey }
  | { readonly op: 'flag'; readonly bit: number; readonly isSet: boolean }
  | { readonly op: 'keyword'; readonly keyword: string; readonly isSet: boolean }
  | { readonly op: 'sequence'; readonly set: SequenceSet; readonly isUid: boolean }
  | { readonly op: 'header'; readonly field: string; readonly value: string }
  | { readonly op: 'text'; readonly value: string }
  | { readonly op: 'size'; readonly isLarger: boolean; readonly octets: number }
  | {
      readonly op: 'date';
      readonly field: DateField;
      readonly comparison: DateComparison;
      readonly day: number;
    }
  | { readonly op: 'modseq'; readonly modseq: number };

const flagKeys: Readonly<Record<string, readonly [number, boolean]>> = {
  ANSWERED: [SystemFlag.answered, true],
  DELETED: [SystemFlag.deleted, true],
  DRAFT: [SystemFlag.draft, true],
  FLAGGED: [SystemFlag.flagged, true],
  SEEN: [SystemFlag.seen, true],
  UNANSWERED: [SystemFlag.answered, false],
  UNDELETED: [SystemFlag.deleted, false],
  UNDRAFT: [SystemFlag.draft, false],
  UNFLAGGED: [SystemFlag.flagged, false],
  UNSEEN: [SystemFlag.seen, false],
  NEW: [SystemFlag.seen, false],
};

const headerKeys: Readonly<Record<string, string>> = {
  FROM: 'from',
  TO: 'to',
  CC: 'cc',
  BCC: 'bcc',
  SUBJECT: 'subject',
};
const dateKeys: Readonly<Record<string, readonly [DateField, DateComparison]>> = {
  BEFORE: ['internal', 'before'],
  ON: ['internal', 'on'],
  SINCE: ['internal', 'since'],
  SENTBEFORE: ['sent', 'before'],
  SENTON: ['sent', 'on'],
  SENTSINCE: ['sent', 'since'],
};
const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 9051 date "1-Feb-1994" → the UTC midnight of that day, in ms. */
export function parseSearchDate(text: string): number | null {
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text.trim());
  const month = months.indexOf((match?.[2] ?? '').toLowerCase());
  if (!match || month === -1) return null;
  return Date.UTC(Number(match[3]), month, Number(match[1]));
}

/** Reads search keys from tokens; `maxDepth` bounds NOT/OR nesting. */
export class SearchKeyReader {
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  get isDone(): boolean {
    return this.at >= this.tokens.length;
  }

  /** All remaining keys, ANDed. */
  readAll(): SearchKey {
    const keys: SearchKey[] = [];
    while (!this.isDone) keys.push(this.key());
    if (keys.length === 0) badArguments('SEARCH needs a key');
    return keys.length === 1 ? (keys[0] ?? { op: 'all' }) : { op: 'and', keys };
  }

  private next(what: string): Token {
    const token = this.tokens[this.at++];
    if (token === undefined) badArguments(`Missing ${what}`);
    return token;
  }

  private string(what: string): string {
    const value = astringValue(this.next(what));
    if (value === null) badArguments(`Expected ${what}`);
    return typeof value === 'string' ? value : value.toString('utf8');
  }

  private number(what: string): number {
    const token = this.next(what);
    if (token.type !== 'number') badArguments(`Expected ${what} as a number`);
    return token.value;
  }

  private key(): SearchKey {
    if (++this.depth > 100) badArguments('Search keys nested too deeply');
    try {
      return this.readKey();
    } finally {
      this.depth--;
    }
  }

  private readKey(): SearchKey {
    const token = this.next('search key');
    if (token.type === 'list') {
      const inner = new SearchKeyReader(token.items);
      inner.depth = this.depth;
      return inner.readAll();
    }
    const set = token.type === 'sequence' || token.type === 'number' ? sequenceSetOf(token) : null;
    if (set !== null) return { op: 'sequence', set, isUid: false };
    const name = token.type === 'atom' ? token.value.toUpperCase() : '';
    return this.namedKey(name);
  }

  private namedKey(name: string): SearchKey {
    const flag = flagKeys[name];
    if (flag) return { op: 'flag', bit: flag[0], isSet: flag[1] };
    const header = headerKeys[name];
    if (header) return { op: 'header', field: header, value: this.string(`${name} text`) };
    const date = dateKeys[name];
    if (date) return this.dateKey(date[0], date[1]);
    return this.otherKey(name);
  }

  private dateKey(field: DateField, comparison: DateComparison): SearchKey {
    const day = parseSearchDate(this.string('date'));
    if (day === null) badArguments('Invalid date, expected e.g. 1-Feb-2026');
    return { op: 'date', field, comparison, day };
  }

  private otherKey(name: string): SearchKey {
    switch (name) {
      case 'ALL':
      case 'OLD':
        return { op: 'all' };
      case 'RECENT':
        return { op: 'none' };
      case 'NOT':
        return { op: 'not', key: this.key() };
      case 'OR':
        return { op: 'or', left: this.key(), right: this.key() };
      case 'UID': {
        const set = sequenceSetOf(this.next('UID set'));
        if (set === null) badArguments('Invalid UID set');
        return { op: 'sequence', set, isUid: true };
      }
      case 'HEADER':
        return {
          op: 'header',
          field: this.string('header name').toLowerCase(),
          value: this.string('header text'),
        };
      case 'BODY':
      case 'TEXT':
        return { op: 'text', value: this.string(`${name} text`) };
      case 'LARGER':
      case 'SMALLER':
        return { op: 'size', isLarger: name === 'LARGER', octets: this.number('size') };
      case 'KEYWORD':
      case 'UNKEYWORD':
        return this.keywordKey(this.string('keyword'), name === 'KEYWORD');
      case 'MODSEQ':
        return this.modseqKey();
      default:
        badArguments(`Unknown search key ${name.slice(0, 40)}`);
    }
  }

  private keywordKey(keyword: string, isSet: boolean): SearchKey {
    const lower = keyword.toLowerCase();
    const bit = keywordBits[lower];
    return bit === undefined ? { op: 'keyword', keyword: lower, isSet } : { op: 'flag', bit, isSet };
  }

  private modseqKey(): SearchKey {
    // RFC 7162 §3.1.5: MODSEQ [entry-name entry-type-req] mod-sequence-valzer.
    const next = this.tokens[this.at];
    if (next?.type === 'string' || (next?.type === 'atom' && next.value.startsWith('/'))) this.at += 2;
    return { op: 'modseq', modseq: this.number('mod-sequence') };
  }
}

/** Reads "[CHARSET name]" (only UTF-8 and US-ASCII: others are NO [BADCHARSET]). */
export function readCharset(tokens: readonly Token[]): readonly Token[] {
  const first = tokens[0];
  if (first?.type !== 'atom' || first.value.toUpperCase() !== 'CHARSET') return tokens;
  requireCharset(tokens[1]);
  return tokens.slice(2);
}

/** Accepts a charset token naming UTF-8 or US-ASCII; anything else is NO [BADCHARSET]. */
export function requireCharset(token: Token | undefined): void {
  const charset = token === undefined ? null : astringValue(token);
  const name = typeof charset === 'string' ? charset.toUpperCase() : '';
  if (name !== 'UTF-8' && name !== 'US-ASCII') {
    throw new CommandError('NO', 'Unsupported charset', {
      name: 'BADCHARSET',
      args: [['UTF-8', 'US-ASCII']],
    });
  }
}
