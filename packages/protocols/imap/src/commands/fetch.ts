// RFC 9051 §6.4.5 FETCH and §6.4.9 UID FETCH, with RFC 7162 CHANGEDSINCE and VANISHED.
import { SystemFlag, isChasquiError } from '@chasqui/core';
import { hasRight, type StoredMessage } from '@chasqui/mail';
import { fetchResponseItems } from '../fetch/fetch-response.js';
import { atom, formatSequenceSet, type SequenceSet } from '../proto/index.js';
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

async function sendBatch(
  session: SessionApi,
  batch: readonly ViewMessage[],
  items: readonly FetchItem[],
): Promise<void> {
  const accountId = accountOf(session).id;
  const mailboxId = selectedOf(session).mailbox.id;
  const wantsMeta = items.some(needsStored);
  const wantsRaw = items.some(needsRaw);
  const stored = new Map<number, StoredMessage>();
  if (wantsMeta) {
    for (const message of await session.mail.messages.get(
      accountId,
      batch.map((m) => m.entry.messageId),
      mailboxId,
    )) {
      stored.set(message.id, message);
    }
  }
  for (const message of batch) {
    let raw: Buffer | null = null;
    try {
      if (wantsRaw) raw = await session.mail.messages.readRaw(accountId, message.entry.messageId, mailboxId);
    } catch (error) {
      // Expunged by another session meanwhile: nothing to send for it.
      if (isChasquiError(error, 'NOT_FOUND')) continue;
      throw error;
    }
    const source = {
      uid: message.uid,
      entry: message.entry,
      stored: stored.get(message.entry.messageId) ?? null,
      raw,
    };
    await session.send([message.msn, atom('FETCH'), fetchResponseItems(source, items)]);
  }
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
    for (let i = 0; i < messages.length; i += batchSize) {
      await sendBatch(session, messages.slice(i, i + batchSize), items);
    }
    return ok('FETCH completed');
  },
});
