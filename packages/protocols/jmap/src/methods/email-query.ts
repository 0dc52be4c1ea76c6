// RFC 8621 §4.4 Email/query and §4.5 Email/queryChanges over the account's email index:
// metadata filters in memory, text through the Spanish-aware full-text index, sorts, threads.
import { foldAccents, type StoredMessage } from '@chasqui/mail';
import {
  checkAccount,
  invalid,
  optionalBoolean,
  optionalNumber,
  parseObjectId,
  parseState,
  resolveId,
  stateOf,
} from '../api/args.js';
import {
  capabilities,
  MethodError,
  type JsonObject,
  type MethodContext,
  type MethodSpec,
} from '../api/types.js';
import { keywordsOf } from '../mail/email-object.js';

type Predicate = (message: StoredMessage) => boolean;
interface Comparator {
  property: string;
  isAscending: boolean;
  keyword?: string;
}

const fullTextFilters = new Set(['text', 'body', 'cc', 'bcc', 'header']);

async function compileFilter(filter: JsonObject, context: MethodContext): Promise<Predicate> {
  if ('operator' in filter) {
    const operator = filter['operator'];
    const conditions = filter['conditions'];
    if (!Array.isArray(conditions)) throw invalid('conditions must be a list');
    const compiled = await Promise.all(conditions.map((c) => compileFilter(c as JsonObject, context)));
    if (operator === 'AND') return (m) => compiled.every((p) => p(m));
    if (operator === 'OR') return (m) => compiled.some((p) => p(m));
    if (operator === 'NOT') return (m) => !compiled.some((p) => p(m));
    throw new MethodError('unsupportedFilter', `operator ${String(operator)}`);
  }
  const predicates: Predicate[] = [];
  for (const [key, value] of Object.entries(filter)) predicates.push(await condition(key, value, context));
  return (m) => predicates.every((p) => p(m));
}

function mailboxNumber(value: unknown, context: MethodContext): number {
  const id = typeof value === 'string' ? parseObjectId('F', resolveId(value, context)) : null;
  return id ?? -1;
}

function timeOf(value: unknown): number {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw invalid('dates must be UTCDate strings');
  return time;
}

function hasKeyword(message: StoredMessage, keyword: string): boolean {
  return keywordsOf(message)[keyword.toLowerCase()] === true;
}

async function condition(key: string, value: unknown, context: MethodContext): Promise<Predicate> {
  const fold = (text: unknown) => foldAccents(String(text));
  switch (key) {
    case 'inMailbox': {
      const id = mailboxNumber(value, context);
      return (m) => m.uids.has(id);
    }
    case 'inMailboxOtherThan': {
      const ids = Array.isArray(value) ? value.map((v) => mailboxNumber(v, context)) : [];
      return (m) => [...m.uids.keys()].some((id) => !ids.includes(id));
    }
    case 'before': {
      const t = timeOf(value);
      return (m) => m.receivedAt < t;
    }
    case 'after': {
      const t = timeOf(value);
      return (m) => m.receivedAt >= t;
    }
    case 'minSize':
      return (m) => m.size >= Number(value);
    case 'maxSize':
      return (m) => m.size < Number(value);
    case 'hasKeyword':
      return (m) => hasKeyword(m, String(value));
    case 'notKeyword':
      return (m) => !hasKeyword(m, String(value));
    case 'hasAttachment':
      return (m) => m.hasAttachment === value;
    case 'from': {
      const f = fold(value);
      return (m) => foldAccents(m.from).includes(f);
    }
    case 'to': {
      const f = fold(value);
      return (m) => foldAccents(m.to).includes(f);
    }
    case 'subject': {
      const f = fold(value);
      return (m) => foldAccents(m.subject).includes(f);
    }
    case 'allInThreadHaveKeyword':
    case 'someInThreadHaveKeyword':
    case 'noneInThreadHaveKeyword':
      return threadKeyword(key, String(value), context);
    default:
      if (!fullTextFilters.has(key)) throw new MethodError('unsupportedFilter', `unknown filter ${key}`);
      return textCondition(key, value, context);
  }
}

async function textCondition(key: string, value: unknown, context: MethodContext): Promise<Predicate> {
  // header: [name, value?]; the value (or the name alone) is looked up in the index text.
  const text = key === 'header' && Array.isArray(value) ? String(value[1] ?? value[0] ?? '') : String(value);
  const hits = await context.services.model.searchText(context.account.id, text);
  return (m) => hits.has(m.id);
}

async function threadKeyword(key: string, keyword: string, context: MethodContext): Promise<Predicate> {
  const index = await context.services.model.emails.load(context.account.id);
  return (m) => {
    const members = (index.byThread.get(m.threadId) ?? [])
      .map((id) => index.byId.get(id))
      .filter((x) => x !== undefined);
    const count = members.filter((member) => hasKeyword(member, keyword)).length;
    if (key === 'allInThreadHaveKeyword') return count === members.length;
    if (key === 'someInThreadHaveKeyword') return count > 0;
    return count === 0;
  };
}

function sortValue(message: StoredMessage, comparator: Comparator): number | string {
  switch (comparator.property) {
    case 'receivedAt':
      return message.receivedAt;
    case 'sentAt':
      return message.sentAt ?? message.receivedAt;
    case 'size':
      return message.size;
    case 'from':
      return foldAccents(message.from);
    case 'to':
      return foldAccents(message.to);
    case 'subject':
      return foldAccents(message.subject.replace(/^((re|fwd?|rv)\s*:\s*)+/i, ''));
    default:
      return hasKeyword(message, comparator.keyword ?? '') ? 1 : 0;
  }
}

function readSort(args: JsonObject): Comparator[] {
  const sort = args['sort'] ?? [{ property: 'receivedAt', isAscending: false }];
  if (!Array.isArray(sort)) throw invalid('sort must be a list');
  const known = ['receivedAt', 'sentAt', 'size', 'from', 'to', 'subject', 'hasKeyword'];
  return sort.map((entry: JsonObject) => {
    const property = String(entry['property']);
    if (!known.includes(property)) throw new MethodError('unsupportedSort', `cannot sort by ${property}`);
    const keyword = typeof entry['keyword'] === 'string' ? { keyword: entry['keyword'] } : {};
    return { property, isAscending: entry['isAscending'] !== false, ...keyword };
  });
}

function compareWith(comparators: readonly Comparator[]) {
  return (a: StoredMessage, b: StoredMessage): number => {
    for (const comparator of comparators) {
      const x = sortValue(a, comparator);
      const y = sortValue(b, comparator);
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      if (order !== 0) return comparator.isAscending ? order : -order;
    }
    return b.id - a.id;
  };
}

/** Runs the query; returns every matching message id in order (threads collapsed if asked). */
export async function runEmailQuery(
  args: JsonObject,
  context: MethodContext,
): Promise<{ ids: number[]; modseq: number }> {
  const index = await context.services.model.emails.load(context.account.id);
  const filter = args['filter'];
  const predicate = filter ? await compileFilter(filter as JsonObject, context) : () => true;
  const matching: StoredMessage[] = [];
  for (const message of index.byId.values()) if (predicate(message)) matching.push(message);
  matching.sort(compareWith(readSort(args)));
  let ordered = matching;
  if (optionalBoolean(args, 'collapseThreads', false)) {
    const seen = new Set<number>();
    ordered = matching.filter((m) => !seen.has(m.threadId) && (seen.add(m.threadId), true));
  }
  return { ids: ordered.map((m) => m.id), modseq: index.modseq };
}

async function queryEmails(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const { ids, modseq } = await runEmailQuery(args, context);
  let position = optionalNumber(args, 'position', 0);
  const limit = optionalNumber(args, 'limit', 256);
  if (limit < 0) throw invalid('limit must not be negative');
  const anchor = args['anchor'];
  if (typeof anchor === 'string') {
    const at = ids.indexOf(parseObjectId('M', anchor) ?? -1);
    if (at === -1) throw new MethodError('anchorNotFound');
    position = Math.max(0, at + optionalNumber(args, 'anchorOffset', 0));
  } else if (position < 0) position = Math.max(0, ids.length + position);
  const result: JsonObject = {
    accountId: args['accountId'],
    queryState: stateOf(modseq),
    canCalculateChanges: true,
    position,
    ids: ids.slice(position, position + limit).map((id) => `M${id}`),
  };
  if (optionalBoolean(args, 'calculateTotal', false)) result['total'] = ids.length;
  return result;
}

async function queryEmailChanges(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const since = parseState(args['sinceQueryState']);
  if (since === null) throw invalid('sinceQueryState must be a state string');
  if (optionalBoolean(args, 'collapseThreads', false)) throw new MethodError('cannotCalculateChanges');
  const changes = await context.services.model.emailChanges(
    context.account.id,
    since,
    Number.MAX_SAFE_INTEGER,
  );
  if (!changes) throw new MethodError('cannotCalculateChanges');
  const { ids, modseq } = await runEmailQuery(args, context);
  const touched = new Set([...changes.created, ...changes.updated]);
  const added = ids.flatMap((id, index) => (touched.has(id) ? [{ id: `M${id}`, index }] : []));
  const removed = [...changes.updated, ...changes.destroyed].map((id) => `M${id}`);
  const result: JsonObject = {
    accountId: args['accountId'],
    oldQueryState: stateOf(since),
    newQueryState: stateOf(modseq),
    removed,
    added,
  };
  if (optionalBoolean(args, 'calculateTotal', false)) result['total'] = ids.length;
  return result;
}

export const emailQueryMethods: readonly MethodSpec[] = [
  { name: 'Email/query', capability: capabilities.mail, run: queryEmails },
  { name: 'Email/queryChanges', capability: capabilities.mail, run: queryEmailChanges },
];
