// RFC 5256 §3 SORT / UID SORT (criteria) charset search-keys, with RFC 5957 DISPLAYFROM and
// DISPLAYTO: the matching messages' numbers in the criteria's order.
import { atom } from '../proto/index.js';
import { searchMailbox } from '../search/search-evaluate.js';
import { SearchKeyReader, requireCharset } from '../search/search-keys.js';
import { loadFacts } from '../sort/message-facts.js';
import { needsHeaders, parseSortCriteria, sortMessages } from '../sort/sort-keys.js';
import { ok } from '../session/session-api.js';
import { accountOf, selectedOf } from './account-of.js';
import { defineCommand, selectedState } from './command-spec.js';

export const sortCommand = defineCommand({
  verb: 'SORT',
  states: selectedState,
  allowsUid: true,
  sync: 'no-expunge',
  parse(args) {
    const criteria = parseSortCriteria(args.list('sort criteria'));
    requireCharset(args.any('charset'));
    const tokens = [];
    while (args.hasMore) tokens.push(args.any('search key'));
    return { criteria, key: new SearchKeyReader(tokens).readAll() };
  },
  async run(session, { criteria, key }, input) {
    const selected = selectedOf(session);
    const found = await searchMailbox(session, selected, key);
    const facts = await loadFacts(session, accountOf(session).id, found, needsHeaders(criteria));
    const sorted = sortMessages(facts, criteria);
    await session.send([atom('SORT'), ...sorted.map((m) => (input.isUid ? m.uid : m.msn))]);
    return ok('SORT completed');
  },
});
