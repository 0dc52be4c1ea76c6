// RFC 8621 §4.4.1 FilterCondition / FilterOperator and §4.4.2 sort: parsed from the request
// into the mail model's typed query. A malformed value is invalidArguments; an unknown
// property unsupportedFilter or unsupportedSort (RFC 8620 §5.5).
import {
  defaultEmailSort,
  type EmailCondition,
  type EmailFilter,
  type EmailSort,
  type EmailSortProperty,
} from '@chasqui/mail';
import { invalid, parseObjectId, resolveId } from '../api/args.js';
import { MethodError, type JsonObject, type MethodContext } from '../api/types.js';

const fullTextProperties = new Set(['text', 'body', 'cc', 'bcc']);
const threadKeywordModes = {
  allInThreadHaveKeyword: 'all',
  someInThreadHaveKeyword: 'some',
  noneInThreadHaveKeyword: 'none',
} as const;
const sortProperties: readonly EmailSortProperty[] = [
  'receivedAt',
  'sentAt',
  'size',
  'from',
  'to',
  'subject',
  'hasKeyword',
];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(key: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(`${key} must be a string`);
  return value;
}

function size(key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${key} must be an unsigned integer`);
  }
  return value;
}

function time(key: string, value: unknown): number {
  const parsed = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(parsed)) throw invalid(`${key} must be a UTCDate`);
  return parsed;
}

/** A mailbox id; an unknown or malformed one matches nothing. */
function mailboxNumber(value: unknown, context: MethodContext): number {
  const id = typeof value === 'string' ? parseObjectId('F', resolveId(value, context)) : null;
  return id ?? -1;
}

function headerText(value: unknown): string {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > 2 ||
    !value.every((v) => typeof v === 'string')
  ) {
    throw invalid('header must be [name] or [name, value]');
  }
  // The value (or the name alone) is looked up in the full-text index.
  return String(value[1] ?? value[0]);
}

function condition(key: string, value: unknown, context: MethodContext): EmailCondition {
  switch (key) {
    case 'inMailbox':
      return { kind: 'inMailbox', mailboxId: mailboxNumber(value, context) };
    case 'inMailboxOtherThan':
      if (!Array.isArray(value)) throw invalid('inMailboxOtherThan must be a list of ids');
      return { kind: 'inMailboxOtherThan', mailboxIds: value.map((id) => mailboxNumber(id, context)) };
    case 'before':
    case 'after':
      return { kind: key, time: time(key, value) };
    case 'minSize':
    case 'maxSize':
      return { kind: key, size: size(key, value) };
    case 'hasKeyword':
    case 'notKeyword':
      return { kind: key, keyword: text(key, value) };
    case 'hasAttachment':
      if (typeof value !== 'boolean') throw invalid('hasAttachment must be true or false');
      return { kind: 'hasAttachment', value };
    case 'from':
    case 'to':
    case 'subject':
      return { kind: 'contains', field: key, text: text(key, value) };
    case 'header':
      return { kind: 'fullText', text: headerText(value) };
    case 'allInThreadHaveKeyword':
    case 'someInThreadHaveKeyword':
    case 'noneInThreadHaveKeyword':
      return { kind: 'threadKeyword', mode: threadKeywordModes[key], keyword: text(key, value) };
    default:
      if (!fullTextProperties.has(key)) throw new MethodError('unsupportedFilter', `unknown filter ${key}`);
      return { kind: 'fullText', text: text(key, value) };
  }
}

/** A FilterOperator or FilterCondition; a condition with several properties is their AND. */
export function parseEmailFilter(filter: unknown, context: MethodContext): EmailFilter {
  if (!isObject(filter)) throw invalid('filter must be an object');
  if ('operator' in filter) {
    const { operator, conditions } = filter;
    if (operator !== 'AND' && operator !== 'OR' && operator !== 'NOT') {
      throw new MethodError('unsupportedFilter', `operator ${String(operator)}`);
    }
    if (!Array.isArray(conditions)) throw invalid('conditions must be a list');
    return { operator, conditions: conditions.map((child) => parseEmailFilter(child, context)) };
  }
  const conditions = Object.entries(filter).map(([key, value]) => condition(key, value, context));
  return conditions.length === 1 && conditions[0] ? conditions[0] : { operator: 'AND', conditions };
}

/** The Comparator list, or the default (receivedAt descending). */
export function parseEmailSort(sort: unknown): readonly EmailSort[] {
  if (sort === undefined || sort === null) return defaultEmailSort;
  if (!Array.isArray(sort)) throw invalid('sort must be a list');
  return sort.map((entry: unknown) => {
    if (!isObject(entry)) throw invalid('a comparator must be an object');
    const property = entry['property'];
    if (!sortProperties.includes(property as EmailSortProperty)) {
      throw new MethodError('unsupportedSort', `cannot sort by ${String(property)}`);
    }
    const keyword = typeof entry['keyword'] === 'string' ? { keyword: entry['keyword'] } : {};
    return {
      property: property as EmailSortProperty,
      isAscending: entry['isAscending'] !== false,
      ...keyword,
    };
  });
}
