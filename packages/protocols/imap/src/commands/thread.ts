// RFC 5256 §3 THREAD / UID THREAD algorithm charset search-keys, with the ORDEREDSUBJECT and
// REFERENCES algorithms of the mail service.
import { threadByOrderedSubject, threadByReferences, type ThreadMessage } from '@chasqui/mail';
import { atom, verbatim } from '../proto/index.js';
import { searchMailbox } from '../search/search-evaluate.js';
import { SearchKeyReader, requireCharset } from '../search/search-keys.js';
import { loadFacts, sentDate, type MessageFacts } from '../sort/message-facts.js';
import { formatThreads } from '../sort/thread-response.js';
import { ok } from '../session/session-api.js';
import { accountOf, selectedOf } from './account-of.js';
import { badArguments } from './command-error.js';
import { defineCommand, selectedState } from './command-spec.js';

const algorithms = {
  ORDEREDSUBJECT: threadByOrderedSubject,
  REFERENCES: threadByReferences,
} as const;
type Algorithm = keyof typeof algorithms;

function threadMessage(facts: MessageFacts, isUid: boolean): ThreadMessage {
  const stored = facts.stored;
  const inReplyTo = stored?.inReplyTo ?? null;
  const references = stored !== null && stored.references.length > 0 ? stored.references : [];
  return {
    id: isUid ? facts.message.uid : facts.message.msn,
    position: facts.message.msn,
    sentAt: sentDate(facts),
    subject: stored?.subject ?? '',
    messageIdHeader: stored?.messageIdHeader ?? null,
    references: references.length === 0 && inReplyTo !== null ? [inReplyTo] : references,
  };
}

export const threadCommand = defineCommand({
  verb: 'THREAD',
  states: selectedState,
  allowsUid: true,
  sync: 'no-expunge',
  parse(args) {
    const name = args.atom('threading algorithm').toUpperCase();
    if (name !== 'ORDEREDSUBJECT' && name !== 'REFERENCES')
      badArguments(`Unknown algorithm ${name.slice(0, 40)}`);
    const algorithm: Algorithm = name;
    requireCharset(args.any('charset'));
    const tokens = [];
    while (args.hasMore) tokens.push(args.any('search key'));
    return { algorithm, key: new SearchKeyReader(tokens).readAll() };
  },
  async run(session, { algorithm, key }, input) {
    const selected = selectedOf(session);
    const found = await searchMailbox(session, selected, key);
    const facts = await loadFacts(session, accountOf(session).id, found, false);
    const threads = algorithms[algorithm](facts.map((fact) => threadMessage(fact, input.isUid)));
    const text = formatThreads(threads);
    await session.send(text === '' ? [atom('THREAD')] : [atom('THREAD'), verbatim(text)]);
    return ok('THREAD completed');
  },
});
