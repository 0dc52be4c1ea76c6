// RFC 9051 §6.4.4 SEARCH / UID SEARCH with RFC 4731 ESEARCH (RETURN MIN MAX COUNT ALL), RFC 5182
// SAVE and RFC 7162 MODSEQ in the result.
import { atom, formatSequenceSet, type ImapValue, type Token } from '../proto/index.js';
import { searchMailbox } from '../search/search-evaluate.js';
import { SearchKeyReader, readCharset, type SearchKey } from '../search/search-keys.js';
import type { ViewMessage } from '../session/selected-mailbox.js';
import { ok, type SessionApi } from '../session/session-api.js';
import { selectedOf } from './account-of.js';
import { badArguments } from './command-error.js';
import { defineCommand, selectedState } from './command-spec.js';

type ReturnOption = 'MIN' | 'MAX' | 'COUNT' | 'ALL' | 'SAVE';
const returnOptions: readonly string[] = ['MIN', 'MAX', 'COUNT', 'ALL', 'SAVE'];

interface SearchRequest {
  /** null: a plain SEARCH response; else the ESEARCH options (empty = ALL). */
  readonly returns: readonly ReturnOption[] | null;
  readonly key: SearchKey;
  readonly usesModseq: boolean;
}

function readReturns(tokens: readonly Token[]): { returns: ReturnOption[] | null; rest: readonly Token[] } {
  const first = tokens[0];
  if (first?.type !== 'atom' || first.value.toUpperCase() !== 'RETURN')
    return { returns: null, rest: tokens };
  const list = tokens[1];
  if (list?.type !== 'list') badArguments('RETURN needs a list of options');
  const returns = list.items.map((item) => {
    const name = item.type === 'atom' ? item.value.toUpperCase() : '';
    if (!returnOptions.includes(name)) badArguments(`Unknown RETURN option ${name.slice(0, 40)}`);
    return name as ReturnOption;
  });
  return { returns, rest: tokens.slice(2) };
}

function usesModseq(key: SearchKey): boolean {
  if (key.op === 'modseq') return true;
  if (key.op === 'and') return key.keys.some(usesModseq);
  if (key.op === 'or') return usesModseq(key.left) || usesModseq(key.right);
  return key.op === 'not' && usesModseq(key.key);
}

/** RFC 5182 §2.4: SAVE with MIN and/or MAX alone saves just those. */
function savedUids(returns: readonly ReturnOption[], found: readonly ViewMessage[]): number[] {
  const onlyEnds =
    !returns.includes('ALL') &&
    !returns.includes('COUNT') &&
    (returns.includes('MIN') || returns.includes('MAX'));
  if (!onlyEnds) return found.map((m) => m.uid);
  const ends: number[] = [];
  if (returns.includes('MIN') && found[0]) ends.push(found[0].uid);
  if (returns.includes('MAX') && found.length > 0) ends.push(found.at(-1)?.uid ?? 0);
  return [...new Set(ends)];
}

function esearchResponse(
  tag: string,
  isUid: boolean,
  returns: readonly ReturnOption[],
  numbers: number[],
  modseq: number | null,
): ImapValue[] {
  const values: ImapValue[] = [atom('ESEARCH'), [atom('TAG'), tag]];
  if (isUid) values.push(atom('UID'));
  const wanted = returns.filter((option) => option !== 'SAVE');
  const options = wanted.length === 0 && !returns.includes('SAVE') ? ['ALL'] : wanted;
  if (numbers.length > 0) {
    if (options.includes('MIN')) values.push(atom('MIN'), Math.min(...numbers));
    if (options.includes('MAX')) values.push(atom('MAX'), Math.max(...numbers));
    if (options.includes('ALL'))
      values.push(atom('ALL'), atom(formatSequenceSet([...numbers].sort((a, b) => a - b))));
  }
  if (options.includes('COUNT')) values.push(atom('COUNT'), numbers.length);
  if (modseq !== null && numbers.length > 0) values.push(atom('MODSEQ'), modseq);
  return values;
}

async function respond(
  session: SessionApi,
  request: SearchRequest,
  found: readonly ViewMessage[],
  tag: string,
  isUid: boolean,
): Promise<void> {
  const numbers = found.map((m) => (isUid ? m.uid : m.msn));
  const modseq = request.usesModseq ? Math.max(0, ...found.map((m) => m.entry.modseq)) : null;
  const returns = request.returns ?? (session.isEnabled('IMAP4REV2') ? [] : null);
  if (returns === null) {
    const values: ImapValue[] = [atom('SEARCH'), ...numbers];
    if (modseq !== null && numbers.length > 0) values.push([atom('MODSEQ'), modseq]);
    await session.send(values);
    return;
  }
  if (returns.length === 1 && returns[0] === 'SAVE') return;
  await session.send(esearchResponse(tag, isUid, returns, numbers, modseq));
}

export const searchCommand = defineCommand({
  verb: 'SEARCH',
  states: selectedState,
  allowsUid: true,
  sync: 'no-expunge',
  parse(args) {
    const tokens: Token[] = [];
    while (args.hasMore) tokens.push(args.any('search key'));
    const { returns, rest } = readReturns(tokens);
    const key = new SearchKeyReader(readCharset(rest)).readAll();
    return { returns, key, usesModseq: usesModseq(key) };
  },
  async run(session, request, input) {
    const selected = selectedOf(session);
    if (request.usesModseq) session.enable('CONDSTORE');
    const found = await searchMailbox(session, selected, request.key);
    if (request.returns?.includes('SAVE')) selected.savedResult = savedUids(request.returns, found);
    await respond(session, request, found, input.tag, input.isUid);
    return ok('SEARCH completed');
  },
});
