// Evaluates a SEARCH key tree over the selected mailbox: flags and numbers from the session's
// view, sizes and dates from stored metadata, headers from the raw message (encoded-words
// decoded, accent-insensitive), TEXT/BODY from the Spanish-aware full-text index.
import { decodeEncodedWords, foldAccents, messageHeaderFields, type HeaderField } from '@chasqui/mail';
import type { StoredMessage } from '@chasqui/mail';
import type { SelectedMailbox, ViewMessage } from '../session/selected-mailbox.js';
import type { SessionApi } from '../session/session-api.js';
import type { SearchKey } from './search-keys.js';

interface SearchData {
  readonly stored: ReadonlyMap<number, StoredMessage>;
  readonly headers: ReadonlyMap<number, readonly HeaderField[]>;
  readonly texts: ReadonlyMap<SearchKey, ReadonlySet<number>>;
}

function walk(key: SearchKey, visit: (key: SearchKey) => void): void {
  visit(key);
  if (key.op === 'and') for (const inner of key.keys) walk(inner, visit);
  else if (key.op === 'or') {
    walk(key.left, visit);
    walk(key.right, visit);
  } else if (key.op === 'not') walk(key.key, visit);
}

async function loadData(
  session: SessionApi,
  selected: SelectedMailbox,
  key: SearchKey,
  messages: readonly ViewMessage[],
): Promise<SearchData> {
  const accountId = selected.actorId;
  const mailboxId = selected.mailbox.id;
  const keys: SearchKey[] = [];
  walk(key, (inner) => keys.push(inner));
  const needsStored = keys.some((inner) => inner.op === 'size' || inner.op === 'date');
  const needsHeaders = keys.some((inner) => inner.op === 'header');
  const textKeys = keys.filter((inner): inner is SearchKey & { op: 'text' } => inner.op === 'text');
  const ids = messages.map((m) => m.entry.messageId);
  const stored = new Map<number, StoredMessage>();
  if (needsStored)
    for (const message of await session.mail.messages.get(accountId, ids, mailboxId))
      stored.set(message.id, message);
  const headers = new Map<number, readonly HeaderField[]>();
  if (needsHeaders) {
    for (const id of ids) {
      const raw = await session.mail.messages.readRaw(accountId, id, mailboxId).catch(() => Buffer.alloc(0));
      headers.set(id, messageHeaderFields(raw));
    }
  }
  const texts = new Map<SearchKey, ReadonlySet<number>>();
  for (const textKey of textKeys) {
    texts.set(textKey, await session.mail.messages.searchText(accountId, mailboxId, textKey.value));
  }
  return { stored, headers, texts };
}

function headerMatches(fields: readonly HeaderField[] | undefined, field: string, value: string): boolean {
  const wanted = foldAccents(value);
  for (const header of fields ?? []) {
    if (header.name.toLowerCase() !== field) continue;
    // RFC 9051 §6.4.4: HEADER with an empty string matches any message that has the field.
    if (wanted === '' || foldAccents(decodeEncodedWords(header.value)).includes(wanted)) return true;
  }
  return false;
}

function dayOf(epochMs: number): number {
  return Math.floor(epochMs / 86_400_000) * 86_400_000;
}

function dateMatches(key: SearchKey & { op: 'date' }, stored: StoredMessage | undefined): boolean {
  const time = key.field === 'internal' ? stored?.receivedAt : (stored?.sentAt ?? stored?.receivedAt);
  if (time === undefined) return false;
  const day = dayOf(time);
  if (key.comparison === 'before') return day < key.day;
  if (key.comparison === 'on') return day === key.day;
  return day >= key.day;
}

function matches(
  key: SearchKey,
  message: ViewMessage,
  context: { data: SearchData; selected: SelectedMailbox },
): boolean {
  const { data, selected } = context;
  const { entry } = message;
  switch (key.op) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'and':
      return key.keys.every((inner) => matches(inner, message, context));
    case 'or':
      return matches(key.left, message, context) || matches(key.right, message, context);
    case 'not':
      return !matches(key.key, message, context);
    case 'flag':
      return ((entry.flags & key.bit) !== 0) === key.isSet;
    case 'keyword':
      return entry.keywords.includes(key.keyword) === key.isSet;
    case 'sequence':
      return sequenceMatches(key, message, selected);
    case 'header':
      return headerMatches(data.headers.get(entry.messageId), key.field, key.value);
    case 'text':
      return data.texts.get(key)?.has(entry.messageId) ?? false;
    case 'size': {
      const size = data.stored.get(entry.messageId)?.size ?? 0;
      return key.isLarger ? size > key.octets : size < key.octets;
    }
    case 'date':
      return dateMatches(key, data.stored.get(entry.messageId));
    case 'modseq':
      return entry.modseq >= key.modseq;
  }
}

function sequenceMatches(
  key: SearchKey & { op: 'sequence' },
  message: ViewMessage,
  selected: SelectedMailbox,
): boolean {
  if (key.set.isSearchResult) return selected.savedResult.includes(message.uid);
  if (key.isUid) return key.set.contains(message.uid, selected.allUids().at(-1) ?? 0);
  return key.set.contains(message.msn, selected.count);
}

/** The messages of the selected mailbox matching `key`, in sequence order. */
export async function searchMailbox(
  session: SessionApi,
  selected: SelectedMailbox,
  key: SearchKey,
): Promise<ViewMessage[]> {
  const messages = selected.byUids(selected.allUids());
  const data = await loadData(session, selected, key, messages);
  return messages.filter((message) => matches(key, message, { data, selected }));
}
