// RFC 9051 §6.4.5 FETCH and §6.4.9 UID FETCH, with RFC 7162 CHANGEDSINCE and VANISHED.
import { SystemFlag } from '@chasqui/core';
import { hasRight, type StoredMessage } from '@chasqui/mail';
import { fetchResponseItems } from '../fetch/fetch-response.js';
import { isListingOnly, sendListingLines } from '../fetch/listing-lines.js';
import { isStructureKind, structureCacheFor } from '../fetch/structure-cache.js';
import { atom, formatSequenceSet, untagged, type SequenceSet } from '../proto/index.js';
import type { SelectedMailbox, ViewMessage } from '../session/selected-mailbox.js';
import { ok, type SessionApi } from '../session/session-api.js';
import { accountOf, selectedOf } from './account-of.js';
import { badArguments } from './command-error.js';
import { defineCommand, selectedState } from './command-spec.js';
import {
  needsRaw,
  needsStored,
  parseFetchRequest,
  setsSeen,
  type FetchItem,
  type FetchRequest,
} from './fetch-items.js';

const batchSize = 50;
/** Responses are gathered up to this size before a write; smaller pieces are joined. */
const largePart = 64 * 1024;
/** Messages whose raw bytes are read together for ENVELOPE and BODYSTRUCTURE. */
const rawGroupSize = 10;

/** The items as answered: UID first for UID FETCH, MODSEQ with CHANGEDSINCE, FLAGS when \Seen is set. */
function answeredItems(request: FetchRequest, isUid: boolean, addsFlags: boolean): FetchItem[] {
  const items = [...request.items];
  const has = (kind: string) => items.some((item) => item.kind === kind);
  if (isUid && !has('UID')) items.unshift({ kind: 'UID' });
  if (request.changedSince !== null && !has('MODSEQ')) items.push({ kind: 'MODSEQ' });
  if (addsFlags && !has('FLAGS')) items.push({ kind: 'FLAGS' });
  return items;
}

/** Sets \Seen on the unseen messages (RFC 9051 §6.4.5); returns whether any changed. */
async function markSeen(
  session: SessionApi,
  selected: SelectedMailbox,
  messages: readonly ViewMessage[],
): Promise<boolean> {
  const unseen = messages
    .filter((m) => (m.entry.flags & SystemFlag.seen) === 0)
    .map((m) => m.entry.messageId);
  if (unseen.length === 0) return false;
  const result = await session.mail.messages.setFlags(
    accountOf(session).id,
    unseen,
    { add: { flags: SystemFlag.seen } },
    selected.mailbox.id,
  );
  selected.updateEntries(result.changed);
  return result.changed.length > 0;
}

async function announceVanished(
  session: SessionApi,
  selected: SelectedMailbox,
  set: SequenceSet,
  since: number,
): Promise<void> {
  const changes = await session.mail.messages.changesSince(accountOf(session).id, selected.mailbox.id, since);
  const max = Math.max(selected.uidNext, ...changes.vanished);
  const vanished = changes.vanished.filter((uid) => set.contains(uid, max));
  if (vanished.length > 0) {
    await session.send([atom('VANISHED'), [atom('EARLIER')], atom(formatSequenceSet(vanished))]);
  }
}

/** True for items that send message content (their raw bytes are held until written). */
function sendsContent(item: FetchItem): boolean {
  return needsRaw(item) && !isStructureKind(item.kind);
}

async function sendBatch(
  session: SessionApi,
  batch: readonly ViewMessage[],
  items: readonly FetchItem[],
): Promise<void> {
  const accountId = accountOf(session).id;
  const mailboxId = selectedOf(session).mailbox.id;
  const cache = structureCacheFor(session.mail);
  const rawItems = items.filter(needsRaw);
  // ENVELOPE and BODYSTRUCTURE already cached need no raw bytes.
  const needsRawFor = (messageId: number) =>
    rawItems.some((item) => !isStructureKind(item.kind) || !cache.has(messageId, item.kind));
  // Raw bytes are read a few messages at a time, or one at a time when they are sent on.
  const rawGroup = items.some(sendsContent) ? 1 : rawGroupSize;
  const stored = new Map<number, StoredMessage>();
  const raws = new Map<number, Buffer>();
  const metaIds = items.some(needsStored) ? batch.map((m) => m.entry.messageId) : [];
  if (metaIds.length > 0) {
    for (const message of await session.mail.messages.get(accountId, metaIds, mailboxId)) {
      stored.set(message.id, message);
    }
  }
  let parts: Buffer[] = [];
  let pending = 0;
  const flush = async () => {
    if (parts.length === 0) return;
    // Small pieces go out as one write; message bodies stay separate Buffers (never copied).
    await session.sendBytes(parts.every((part) => part.length < largePart) ? Buffer.concat(parts) : parts);
    parts = [];
    pending = 0;
  };
  for (let index = 0; index < batch.length; index++) {
    const message = batch[index];
    if (message === undefined) continue;
    const id = message.entry.messageId;
    let raw: Buffer | null = null;
    if (needsRawFor(id)) {
      if (!raws.has(id)) {
        const ids = batch
          .slice(index)
          .map((m) => m.entry.messageId)
          .filter(needsRawFor)
          .slice(0, rawGroup);
        raws.clear();
        for (const [readId, read] of await session.mail.messages.readMany(accountId, ids, mailboxId)) {
          stored.set(readId, read.message);
          raws.set(readId, read.raw);
        }
      }
      raw = raws.get(id) ?? null;
      // Expunged by another session meanwhile: nothing to send for it.
      if (raw === null) continue;
    }
    const source = { uid: message.uid, entry: message.entry, stored: stored.get(id) ?? null, raw };
    const values = [message.msn, atom('FETCH'), fetchResponseItems(source, items, cache)];
    for (const part of untagged(values, { utf8: session.isUtf8 })) {
      parts.push(part);
      pending += part.length;
    }
    if (pending >= largePart) await flush();
  }
  await flush();
}

export const fetchCommand = defineCommand({
  verb: 'FETCH',
  states: selectedState,
  allowsUid: true,
  sync: 'no-expunge',
  parse(args) {
    const set = args.sequenceSet();
    return { set, request: parseFetchRequest(args) };
  },
  async run(session, { set, request }, input) {
    const selected = selectedOf(session);
    if (!input.isUid && selected.isOutOfRange(set)) badArguments('Invalid message sequence number');
    if (request.vanished && !(input.isUid && session.isEnabled('QRESYNC'))) {
      badArguments('VANISHED needs UID FETCH and QRESYNC');
    }
    if (request.changedSince !== null || request.items.some((item) => item.kind === 'MODSEQ')) {
      session.enable('CONDSTORE');
    }
    let messages = selected.resolve(set, input.isUid);
    const since = request.changedSince;
    if (since !== null) messages = messages.filter((m) => m.entry.modseq > since);
    if (request.vanished && since !== null) await announceVanished(session, selected, set, since);
    // RFC 4314 §4: reading sets \Seen only for those who may keep it ("s").
    const canSetSeen = !selected.isReadOnly && hasRight(selected.rights, 's');
    const addsFlags =
      canSetSeen && request.items.some(setsSeen) && (await markSeen(session, selected, messages));
    if (addsFlags) messages = selected.byUids(messages.map((m) => m.uid));
    const items = answeredItems(request, input.isUid, addsFlags);
    if (isListingOnly(items)) {
      await sendListingLines((data) => session.sendBytes(data), messages, items);
      return ok('FETCH completed');
    }
    for (let i = 0; i < messages.length; i += batchSize) {
      await sendBatch(session, messages.slice(i, i + batchSize), items);
    }
    return ok('FETCH completed');
  },
});
