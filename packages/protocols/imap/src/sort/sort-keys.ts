// RFC 5256 §3 SORT criteria and RFC 5957 DISPLAYFROM/DISPLAYTO: each key's value for a message
// and the order they make, with i;ascii-casemap for strings and mailbox order for ties.
import {
  baseSubject,
  compareAsciiCasemap,
  decodeEncodedWords,
  headerValue,
  parseAddressList,
  type HeaderField,
  type ParsedAddress,
} from '@chasqui/mail';
import type { Token } from '../proto/index.js';
import { badArguments } from '../commands/command-error.js';
import type { ViewMessage } from '../session/selected-mailbox.js';
import { sentDate, type MessageFacts } from './message-facts.js';

const sortKeys = [
  'ARRIVAL',
  'CC',
  'DATE',
  'FROM',
  'SIZE',
  'SUBJECT',
  'TO',
  'DISPLAYFROM',
  'DISPLAYTO',
] as const;
export type SortKey = (typeof sortKeys)[number];

export interface SortCriterion {
  readonly key: SortKey;
  readonly isReverse: boolean;
}

const addressKeys: ReadonlySet<SortKey> = new Set<SortKey>(['CC', 'FROM', 'TO', 'DISPLAYFROM', 'DISPLAYTO']);

function isSortKey(name: string): name is SortKey {
  return (sortKeys as readonly string[]).includes(name);
}

/** Reads "(REVERSE DATE SUBJECT)". */
export function parseSortCriteria(tokens: readonly Token[]): SortCriterion[] {
  const criteria: SortCriterion[] = [];
  let isReverse = false;
  for (const token of tokens) {
    const name = token.type === 'atom' ? token.value.toUpperCase() : '';
    if (name === 'REVERSE' && !isReverse) {
      isReverse = true;
      continue;
    }
    if (!isSortKey(name)) badArguments(`Unknown sort criterion ${name.slice(0, 40)}`);
    criteria.push({ key: name, isReverse });
    isReverse = false;
  }
  if (criteria.length === 0 || isReverse) badArguments('SORT needs at least one sort key');
  return criteria;
}

/** True when a criterion reads addresses from the header fields. */
export function needsHeaders(criteria: readonly SortCriterion[]): boolean {
  return criteria.some((criterion) => addressKeys.has(criterion.key));
}

function firstAddress(headers: readonly HeaderField[], field: string): ParsedAddress | null {
  const value = headerValue(headers, field);
  if (value === null) return null;
  for (const item of parseAddressList(value)) {
    if (!('group' in item)) return item;
    const [member] = item.members;
    if (member) return member;
  }
  return null;
}

/** RFC 5256 addr-mailbox: the local part of the first address. */
function addrMailbox(headers: readonly HeaderField[], field: string): string {
  return firstAddress(headers, field)?.localPart ?? '';
}

/** RFC 5957 §3: the display name of the first address, else its address. */
function displayName(headers: readonly HeaderField[], field: string): string {
  const address = firstAddress(headers, field);
  if (address === null) return '';
  const name = address.name === null ? '' : decodeEncodedWords(address.name).trim();
  if (name !== '') return name;
  return address.domain === '' ? address.localPart : `${address.localPart}@${address.domain}`;
}

function valueOf(key: SortKey, facts: MessageFacts): string | number {
  switch (key) {
    case 'ARRIVAL':
      return facts.stored?.receivedAt ?? 0;
    case 'DATE':
      return sentDate(facts);
    case 'SIZE':
      return facts.stored?.size ?? 0;
    case 'SUBJECT':
      return baseSubject(facts.stored?.subject ?? '').text;
    case 'CC':
    case 'FROM':
    case 'TO':
      return addrMailbox(facts.headers, key.toLowerCase());
    case 'DISPLAYFROM':
      return displayName(facts.headers, 'from');
    case 'DISPLAYTO':
      return displayName(facts.headers, 'to');
  }
}

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareAsciiCasemap(String(a), String(b));
}

/** The messages in the order the criteria give; ties keep mailbox (sequence) order. */
export function sortMessages(
  facts: readonly MessageFacts[],
  criteria: readonly SortCriterion[],
): ViewMessage[] {
  const rows = facts.map((fact) => ({
    message: fact.message,
    values: criteria.map((criterion) => valueOf(criterion.key, fact)),
  }));
  rows.sort((a, b) => {
    for (const [index, criterion] of criteria.entries()) {
      const order = compareValues(a.values[index] ?? 0, b.values[index] ?? 0);
      if (order !== 0) return criterion.isReverse ? -order : order;
    }
    return a.message.msn - b.message.msn;
  });
  return rows.map((row) => row.message);
}
