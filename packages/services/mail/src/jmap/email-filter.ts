// The mail model's Email/query (RFC 8621 §4.4): the filter and sort a front-end parses, and
// their in-memory evaluation over the email index. email-query-store.ts answers the same
// query in SQL; both must give identical results (email-query-paths.test.ts).
import { keywordBits } from '@chasqui/core';
import type { EmailTextField, StoredMessage } from '@chasqui/store';
import { foldAccents } from '../text/spanish.js';
import type { AccountEmails } from './email-index.js';

/** One FilterCondition property (RFC 8621 §4.4.1), typed. */
export type EmailCondition =
  | { readonly kind: 'inMailbox'; readonly mailboxId: number }
  | { readonly kind: 'inMailboxOtherThan'; readonly mailboxIds: readonly number[] }
  | { readonly kind: 'before' | 'after'; readonly time: number }
  | { readonly kind: 'minSize' | 'maxSize'; readonly size: number }
  | { readonly kind: 'hasKeyword' | 'notKeyword'; readonly keyword: string }
  | { readonly kind: 'hasAttachment'; readonly value: boolean }
  /** text, body, cc, bcc, header: through the Spanish-aware full-text index. */
  | { readonly kind: 'fullText'; readonly text: string }
  /** from, to, subject: accent- and case-insensitive substring. */
  | { readonly kind: 'contains'; readonly field: EmailTextField; readonly text: string }
  | { readonly kind: 'threadKeyword'; readonly mode: 'all' | 'some' | 'none'; readonly keyword: string };

export type EmailFilter =
  EmailCondition | { readonly operator: 'AND' | 'OR' | 'NOT'; readonly conditions: readonly EmailFilter[] };

export type EmailSortProperty = 'receivedAt' | 'sentAt' | 'size' | 'from' | 'to' | 'subject' | 'hasKeyword';

export interface EmailSort {
  readonly property: EmailSortProperty;
  readonly isAscending: boolean;
  /** For `hasKeyword`. */
  readonly keyword?: string;
}

/** The default sort: newest first. */
export const defaultEmailSort: readonly EmailSort[] = [{ property: 'receivedAt', isAscending: false }];

export interface EmailQuery {
  readonly filter: EmailFilter | null;
  /** Sort keys in order; ties go to the higher id. */
  readonly sort: readonly EmailSort[];
  readonly collapseThreads: boolean;
}

export interface EmailQueryResult {
  /** Every match in order, one per thread when collapsed. */
  readonly ids: number[];
  /** The account modseq the answer is exact at (queryState). */
  readonly modseq: number;
}

/** The part of the results a request wants (RFC 8620 §5.5). */
export interface EmailQueryWindow {
  /** Zero-based; negative counts from the end. Ignored when there is an anchor. */
  readonly position: number;
  /** An email id the window is placed around, or null. */
  readonly anchor: number | null;
  readonly anchorOffset: number;
  readonly limit: number;
  readonly calculateTotal: boolean;
}

export interface EmailQueryPage {
  readonly ids: number[];
  /** The position of `ids[0]` in the results. */
  readonly position: number;
  /** The number of results, when asked for. */
  readonly total: number | null;
  readonly modseq: number;
}

/** The window of a full result; null when the anchor is not among the results. */
export function windowOf(result: EmailQueryResult, window: EmailQueryWindow): EmailQueryPage | null {
  const { ids } = result;
  let position = window.position;
  if (window.anchor !== null) {
    const at = ids.indexOf(window.anchor);
    if (at === -1) return null;
    position = Math.max(0, at + window.anchorOffset);
  } else if (position < 0) {
    position = Math.max(0, ids.length + position);
  }
  return {
    ids: ids.slice(position, position + window.limit),
    position,
    total: window.calculateTotal ? ids.length : null,
    modseq: result.modseq,
  };
}

export type EmailPredicate = (message: StoredMessage) => boolean;

/** Where a predicate finds what the message row does not hold. */
export interface PredicateSources {
  readonly emails: AccountEmails;
  textHits(text: string): Promise<ReadonlySet<number>>;
}

/** JMAP keyword test: the flag bit of a system keyword, or the lower-case stored keyword. */
export function hasKeyword(message: StoredMessage, keyword: string): boolean {
  const lower = keyword.toLowerCase();
  const bit = Object.hasOwn(keywordBits, lower) ? keywordBits[lower] : undefined;
  return (bit !== undefined && (message.flags & bit) !== 0) || message.keywords.includes(lower);
}

/** Code unit → its fold, for the Latin blocks where every character folds to one character. */
const latinFolds = buildLatinFolds();

function buildLatinFolds(): (string | undefined)[] {
  const folds: (string | undefined)[] = [];
  for (const [first, last] of [
    [0x0000, 0x024f],
    [0x1e00, 0x1eff],
  ] as const) {
    for (let code = first; code <= last; code++) {
      const folded = foldAccents(String.fromCharCode(code));
      if (folded.length === 1) folds[code] = folded;
    }
  }
  return folds;
}

/**
 * `foldAccents`, character by character for ASCII and Latin text (where the two agree: each
 * character folds alone), so that a substring filter over 100,000 senders stays cheap.
 */
export function foldText(text: string): string {
  if (/^[ -~]*$/.test(text)) return text.toLowerCase();
  let folded = '';
  for (let at = 0; at < text.length; at++) {
    const fold = latinFolds[text.charCodeAt(at)];
    if (fold === undefined) return foldAccents(text);
    folded += fold;
  }
  return folded;
}

/** The filter as a predicate over messages of the index. */
export async function compileEmailPredicate(
  filter: EmailFilter,
  sources: PredicateSources,
): Promise<EmailPredicate> {
  if (!('operator' in filter)) return conditionPredicate(filter, sources);
  const compiled = await Promise.all(filter.conditions.map((child) => compileEmailPredicate(child, sources)));
  if (filter.operator === 'AND') return (m) => compiled.every((p) => p(m));
  if (filter.operator === 'OR') return (m) => compiled.some((p) => p(m));
  return (m) => !compiled.some((p) => p(m));
}

async function conditionPredicate(
  condition: EmailCondition,
  sources: PredicateSources,
): Promise<EmailPredicate> {
  switch (condition.kind) {
    case 'inMailbox':
      return (m) => m.uids.has(condition.mailboxId);
    case 'inMailboxOtherThan': {
      const excluded = new Set(condition.mailboxIds);
      return (m) => [...m.uids.keys()].some((id) => !excluded.has(id));
    }
    case 'before':
      return (m) => m.receivedAt < condition.time;
    case 'after':
      return (m) => m.receivedAt >= condition.time;
    case 'minSize':
      return (m) => m.size >= condition.size;
    case 'maxSize':
      return (m) => m.size < condition.size;
    case 'hasKeyword':
      return (m) => hasKeyword(m, condition.keyword);
    case 'notKeyword':
      return (m) => !hasKeyword(m, condition.keyword);
    case 'hasAttachment':
      return (m) => m.hasAttachment === condition.value;
    case 'contains': {
      const wanted = foldAccents(condition.text);
      const field = condition.field;
      return (m) => foldText(m[field]).includes(wanted);
    }
    case 'fullText': {
      const hits = await sources.textHits(condition.text);
      return (m) => hits.has(m.id);
    }
    case 'threadKeyword':
      return threadKeywordPredicate(condition.mode, condition.keyword, sources.emails);
  }
}

function threadKeywordPredicate(
  mode: 'all' | 'some' | 'none',
  keyword: string,
  emails: AccountEmails,
): EmailPredicate {
  return (m) => {
    const members = (emails.byThread.get(m.threadId) ?? [])
      .map((id) => emails.byId.get(id))
      .filter((member) => member !== undefined);
    const count = members.filter((member) => hasKeyword(member, keyword)).length;
    if (mode === 'all') return count === members.length;
    if (mode === 'some') return count > 0;
    return count === 0;
  };
}
