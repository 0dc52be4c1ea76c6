// RFC 9051 §6.4.5 FETCH data items and macros, RFC 3516 BINARY, RFC 7162 MODSEQ and the
// CHANGEDSINCE / VANISHED modifiers, RFC 8474 EMAILID and THREADID.
import type { SectionToken, Token } from '../proto/index.js';
import type { Args } from './args.js';
import { badArguments } from './command-error.js';

export type SimpleItem =
  | 'FLAGS'
  | 'UID'
  | 'INTERNALDATE'
  | 'RFC822.SIZE'
  | 'ENVELOPE'
  | 'BODYSTRUCTURE'
  | 'BODY'
  | 'MODSEQ'
  | 'RFC822'
  | 'RFC822.HEADER'
  | 'RFC822.TEXT'
  | 'EMAILID'
  | 'THREADID';

export type FetchItem =
  { readonly kind: SimpleItem } | { readonly kind: 'section'; readonly section: SectionToken };

export interface FetchRequest {
  readonly items: readonly FetchItem[];
  readonly changedSince: number | null;
  readonly vanished: boolean;
}

const simpleItems: ReadonlySet<string> = new Set<SimpleItem>([
  'FLAGS',
  'UID',
  'INTERNALDATE',
  'RFC822.SIZE',
  'ENVELOPE',
  'BODYSTRUCTURE',
  'BODY',
  'MODSEQ',
  'RFC822',
  'RFC822.HEADER',
  'RFC822.TEXT',
  'EMAILID',
  'THREADID',
]);

const macros: Readonly<Record<string, readonly SimpleItem[]>> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};

function isSimpleItem(name: string): name is SimpleItem {
  return simpleItems.has(name);
}

function readItem(token: Token): FetchItem {
  if (token.type === 'section') return { kind: 'section', section: token };
  const name = token.type === 'atom' ? token.value.toUpperCase() : '';
  if (!isSimpleItem(name)) badArguments(`Unknown FETCH item ${name.slice(0, 40)}`);
  return { kind: name };
}

function readModifiers(tokens: readonly Token[]): { changedSince: number | null; vanished: boolean } {
  let changedSince: number | null = null;
  let vanished = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const name = token?.type === 'atom' ? token.value.toUpperCase() : '';
    if (name === 'CHANGEDSINCE') {
      const value = tokens[++i];
      if (value?.type !== 'number') badArguments('CHANGEDSINCE needs a mod-sequence');
      changedSince = value.value;
    } else if (name === 'VANISHED') vanished = true;
    else badArguments(`Unknown FETCH modifier ${name.slice(0, 40)}`);
  }
  if (vanished && changedSince === null) badArguments('VANISHED needs CHANGEDSINCE');
  return { changedSince, vanished };
}

/** Reads "items" (a macro, one item or a list) and the optional modifier list. */
export function parseFetchRequest(args: Args): FetchRequest {
  const first = args.any('FETCH items');
  let items: FetchItem[];
  if (first.type === 'list') {
    if (first.items.length === 0) badArguments('Empty FETCH item list');
    items = first.items.map(readItem);
  } else {
    const name = first.type === 'atom' ? first.value.toUpperCase() : '';
    const macro = macros[name];
    items = macro ? macro.map((kind) => ({ kind })) : [readItem(first)];
  }
  const modifiers = args.optionalList();
  args.end();
  return { items, ...readModifiers(modifiers?.items ?? []) };
}

/** True when an item marks the message \Seen (RFC 9051 §6.4.5: non-PEEK body sections). */
export function setsSeen(item: FetchItem): boolean {
  if (item.kind === 'RFC822' || item.kind === 'RFC822.TEXT') return true;
  return item.kind === 'section' && (item.section.name === 'BODY' || item.section.name === 'BINARY');
}

/** True when an item needs the raw message. */
export function needsRaw(item: FetchItem): boolean {
  return !['FLAGS', 'UID', 'INTERNALDATE', 'RFC822.SIZE', 'MODSEQ', 'EMAILID', 'THREADID'].includes(
    item.kind,
  );
}

/** True when an item needs the stored metadata (dates, size, thread). */
export function needsStored(item: FetchItem): boolean {
  return item.kind === 'INTERNALDATE' || item.kind === 'RFC822.SIZE' || item.kind === 'THREADID';
}
