// RFC 9051 §2.3.2 flags ↔ the store's flag bits and keywords. $Forwarded, $Junk and $NotJunk
// are keywords in IMAP and bits in the store (shared with JMAP).
import { SystemFlag, keywordBits } from '@chasqui/core';
import { hasRight, type MailboxEntry } from '@chasqui/mail';
import { atom, isValidAtom, type AtomValue, type Token } from '../proto/index.js';
import { badArguments } from './command-error.js';

const systemFlags: readonly (readonly [string, number])[] = [
  ['\\Seen', SystemFlag.seen],
  ['\\Answered', SystemFlag.answered],
  ['\\Flagged', SystemFlag.flagged],
  ['\\Deleted', SystemFlag.deleted],
  ['\\Draft', SystemFlag.draft],
];
const keywordFlags: readonly (readonly [string, number])[] = [
  ['$Forwarded', SystemFlag.forwarded],
  ['$Junk', SystemFlag.junk],
  ['$NotJunk', SystemFlag.notJunk],
];

/** FLAGS of a SELECT response. */
export const mailboxFlags: readonly string[] = [...systemFlags, ...keywordFlags].map(([name]) => name);

/** PERMANENTFLAGS: the above plus \* (new keywords may be created). */
export const permanentFlags: readonly string[] = [...mailboxFlags, '\\*'];

/** PERMANENTFLAGS for RFC 4314 rights: \Seen needs "s", \Deleted "t", the others "w". */
export function permanentFlagsFor(rights: string): readonly string[] {
  return permanentFlags.filter((flag) => {
    if (flag === '\\Seen') return hasRight(rights, 's');
    if (flag === '\\Deleted') return hasRight(rights, 't');
    return hasRight(rights, 'w');
  });
}

export interface FlagSet {
  readonly flags: number;
  readonly keywords: readonly string[];
}

/** The IMAP flags of an entry, system flags first. */
export function flagsOf(entry: Pick<MailboxEntry, 'flags' | 'keywords'>): AtomValue[] {
  const out: AtomValue[] = [];
  for (const [name, bit] of [...systemFlags, ...keywordFlags])
    if ((entry.flags & bit) !== 0) out.push(atom(name));
  for (const keyword of entry.keywords) if (isValidAtom(keyword)) out.push(atom(keyword));
  return out;
}

const flagTextByBits = new Map<number, string>();

/** The FLAGS list as sent, e.g. "(\Seen $Work)": the encoding of flagsOf(entry), cached by bits. */
export function flagsText(entry: Pick<MailboxEntry, 'flags' | 'keywords'>): string {
  if (entry.keywords.length === 0) {
    const cached = flagTextByBits.get(entry.flags);
    if (cached !== undefined) return cached;
  }
  const text = `(${flagsOf(entry)
    .map((flag) => flag.text)
    .join(' ')})`;
  if (entry.keywords.length === 0 && flagTextByBits.size < 4096) flagTextByBits.set(entry.flags, text);
  return text;
}

/** Reads one flag name into bits or a keyword (lower-cased, as the store keeps them). */
export function addFlag(name: string, into: { flags: number; keywords: string[] }): void {
  if (name.startsWith('\\')) {
    const found = systemFlags.find(([flag]) => flag.toLowerCase() === name.toLowerCase());
    if (!found) badArguments(`Unknown system flag ${name}`);
    into.flags |= found[1];
    return;
  }
  if (!isValidAtom(name) || name.includes(']')) badArguments(`Invalid keyword ${name}`);
  const lower = name.toLowerCase();
  const bit = keywordBits[lower];
  if (bit !== undefined) into.flags |= bit;
  else into.keywords.push(lower);
}

/** A flag list "(\Seen $Work)" or a single flag, as STORE and APPEND take them. */
export function parseFlags(tokens: readonly Token[]): FlagSet {
  const into = { flags: 0, keywords: [] as string[] };
  for (const token of tokens) {
    if (token.type !== 'atom') badArguments('Flags are atoms');
    addFlag(token.value, into);
  }
  return into;
}
