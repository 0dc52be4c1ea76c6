// Email/query (RFC 8621 §4.4) over the in-memory email index: any filter, any sort.
import type { StoredMessage } from '@chasqui/store';
import {
  compileEmailPredicate,
  foldText,
  hasKeyword,
  type EmailQuery,
  type EmailQueryResult,
  type EmailSort,
  type PredicateSources,
} from './email-filter.js';

const replyPrefixes = /^((re|fwd?|rv)\s*:\s*)+/i;

function sortValue(message: StoredMessage, sort: EmailSort): number | string {
  switch (sort.property) {
    case 'receivedAt':
      return message.receivedAt;
    case 'sentAt':
      return message.sentAt ?? message.receivedAt;
    case 'size':
      return message.size;
    case 'from':
      return foldText(message.from);
    case 'to':
      return foldText(message.to);
    case 'subject':
      return foldText(message.subject.replace(replyPrefixes, ''));
    case 'hasKeyword':
      return hasKeyword(message, sort.keyword ?? '') ? 1 : 0;
  }
}

function compareBy(sort: readonly EmailSort[]) {
  return (a: StoredMessage, b: StoredMessage): number => {
    for (const key of sort) {
      const x = sortValue(a, key);
      const y = sortValue(b, key);
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      if (order !== 0) return key.isAscending ? order : -order;
    }
    return b.id - a.id;
  };
}

/** Keeps the first email of each thread, in order (collapseThreads). */
export function firstOfEachThread(ids: readonly number[], threadIds: readonly number[]): number[] {
  const seen = new Set<number>();
  const kept: number[] = [];
  for (let at = 0; at < ids.length; at++) {
    const threadId = threadIds[at] ?? -1;
    if (seen.has(threadId)) continue;
    seen.add(threadId);
    kept.push(ids[at] ?? -1);
  }
  return kept;
}

/** Runs the query over the index the sources hold. */
export async function queryEmailIndex(
  query: EmailQuery,
  sources: PredicateSources,
): Promise<EmailQueryResult> {
  const { emails } = sources;
  const predicate = query.filter ? await compileEmailPredicate(query.filter, sources) : () => true;
  const matching: StoredMessage[] = [];
  for (const message of emails.byId.values()) if (predicate(message)) matching.push(message);
  matching.sort(compareBy(query.sort));
  const ids = matching.map((message) => message.id);
  if (!query.collapseThreads) return { ids, modseq: emails.modseq };
  const threadIds = matching.map((message) => message.threadId);
  return { ids: firstOfEachThread(ids, threadIds), modseq: emails.modseq };
}
