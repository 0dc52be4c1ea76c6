// Email/query (RFC 8621 §4.4) answered by the store's SQL, for an account whose email index is
// not built yet: the webmail's first views (a mailbox by date, unread, a tag, threads, search)
// come straight from indexes. Filters SQL cannot hold exactly (thread keywords, from/to/subject
// under OR or NOT) and text sorts return null: the caller then waits for the index.
import type { EmailSqlFilter, EmailSqlQuery, EmailTextField, Store } from '@chasqui/store';
import { foldAccents, normaliseQuery } from '../text/spanish.js';
import {
  foldText,
  windowOf,
  type EmailFilter,
  type EmailQuery,
  type EmailQueryPage,
  type EmailQueryResult,
  type EmailQueryWindow,
} from './email-filter.js';
import { firstOfEachThread } from './email-query-index.js';

/** A query SQL answers, with the substring checks it leaves to us. */
export interface EmailStorePlan {
  readonly sql: EmailSqlQuery;
  /** field → folded text every match must contain. */
  readonly checks: readonly { readonly field: EmailTextField; readonly text: string }[];
  readonly collapseThreads: boolean;
}

type Checks = { field: EmailTextField; text: string }[];

interface Mapping {
  readonly checks: Checks;
  /** False where the store's text conditions are slower than building the index. */
  readonly hasFastText: boolean;
}

function toSqlFilter(filter: EmailFilter, underAnd: boolean, mapping: Mapping): EmailSqlFilter | null {
  if ('operator' in filter) {
    const isAnd = filter.operator === 'AND';
    const conditions: EmailSqlFilter[] = [];
    for (const child of filter.conditions) {
      const mapped = toSqlFilter(child, underAnd && isAnd, mapping);
      if (!mapped) return null;
      conditions.push(mapped);
    }
    return { operator: filter.operator, conditions };
  }
  switch (filter.kind) {
    case 'before':
      return { kind: 'receivedBefore', time: filter.time };
    case 'after':
      return { kind: 'receivedSince', time: filter.time };
    case 'hasKeyword':
      return { kind: 'keyword', keyword: filter.keyword.toLowerCase() };
    case 'notKeyword':
      return { operator: 'NOT', conditions: [{ kind: 'keyword', keyword: filter.keyword.toLowerCase() }] };
    case 'fullText':
      return mapping.hasFastText ? { kind: 'fullText', query: normaliseQuery(filter.text) } : null;
    case 'contains': {
      if (!underAnd || !mapping.hasFastText) return null;
      const text = foldAccents(filter.text);
      mapping.checks.push({ field: filter.field, text });
      return { kind: 'contains', field: filter.field, text };
    }
    case 'threadKeyword':
      return null;
    default:
      return filter;
  }
}

/**
 * The SQL form of the query, or null when only the index can answer it (or answers it sooner:
 * text filters where the store says they are slow).
 */
export function planStoreQuery(query: EmailQuery, hasFastText = true): EmailStorePlan | null {
  const sort: EmailSqlQuery['sort'][number][] = [];
  for (const key of query.sort) {
    if (key.property !== 'receivedAt' && key.property !== 'sentAt' && key.property !== 'size') return null;
    sort.push({ property: key.property, isAscending: key.isAscending });
  }
  const checks: Checks = [];
  const filter = query.filter ? toSqlFilter(query.filter, true, { checks, hasFastText }) : null;
  if (query.filter && !filter) return null;
  const fields = [...new Set(checks.map((check) => check.field))];
  return { sql: { filter, sort, fields }, checks, collapseThreads: query.collapseThreads };
}

/** Runs a planned query; the modseq is read first, so later changes show in /queryChanges. */
export async function queryEmailStore(
  store: Store,
  accountId: number,
  plan: EmailStorePlan,
): Promise<EmailQueryResult> {
  const modseq = await store.changes.highestModseq(accountId);
  const matches = await store.jmapEmails.query(accountId, plan.sql);
  let { ids, threadIds } = matches;
  if (plan.checks.length > 0) {
    const columns = plan.checks.map((check) => ({
      values: matches.texts[plan.sql.fields.indexOf(check.field)] ?? [],
      text: check.text,
    }));
    const kept = ids.flatMap((_, at) =>
      columns.every(({ values, text }) => foldText(values[at] ?? '').includes(text)) ? [at] : [],
    );
    ids = kept.map((at) => ids[at] ?? -1);
    threadIds = kept.map((at) => threadIds[at] ?? -1);
  }
  return { ids: plan.collapseThreads ? firstOfEachThread(ids, threadIds) : ids, modseq };
}

/**
 * The window of a planned query. A page from the start or further on is a LIMIT (a collapsed
 * one reads ahead until it has enough threads) and the total a COUNT, so the first page of a
 * 100,000-message mailbox reads 50 rows; anchors, positions from the end and substring checks
 * need every match. The statements are not one snapshot: a concurrent change may show in one
 * and not the other, and /queryChanges from the modseq (read first) reports it.
 */
export async function queryEmailStorePage(
  store: Store,
  accountId: number,
  plan: EmailStorePlan,
  window: EmailQueryWindow,
): Promise<EmailQueryPage | null> {
  if (window.anchor !== null || window.position < 0 || plan.checks.length > 0) {
    return windowOf(await queryEmailStore(store, accountId, plan), window);
  }
  const modseq = await store.changes.highestModseq(accountId);
  const { position, limit } = window;
  const ids = plan.collapseThreads
    ? await firstThreadsFrom(store, accountId, plan.sql, position, limit)
    : (await store.jmapEmails.query(accountId, { ...plan.sql, window: { offset: position, limit } })).ids;
  const unit = plan.collapseThreads ? 'threads' : 'emails';
  const total = window.calculateTotal ? await store.jmapEmails.count(accountId, plan.sql.filter, unit) : null;
  return { ids, position, total, modseq };
}

/** Collapsed results position…position+limit: the first of each thread within a growing prefix. */
async function firstThreadsFrom(
  store: Store,
  accountId: number,
  sql: EmailSqlQuery,
  position: number,
  limit: number,
): Promise<number[]> {
  const wanted = position + limit;
  for (let scan = Math.max(256, wanted * 4); ; scan *= 4) {
    const rows = await store.jmapEmails.query(accountId, { ...sql, window: { offset: 0, limit: scan } });
    const firsts = firstOfEachThread(rows.ids, rows.threadIds);
    // A thread's first email in a prefix is its first overall: the prefix's order holds.
    if (firsts.length >= wanted || rows.ids.length < scan) return firsts.slice(position, wanted);
  }
}
