// RFC 9051 §6.4.5 FETCH and §6.4.9 UID FETCH, with RFC 7162 CHANGEDSINCE and VANISHED.
import { SystemFlag } from '@chasqui/core';
import { hasRight } from '@chasqui/mail';
import { sendFetchBatch } from '../fetch/fetch-batch.js';
import { isListingOnly, sendListingLines } from '../fetch/listing-lines.js';
import { atom, formatSequenceSet, type SequenceSet } from '../proto/index.js';
import type { SelectedMailbox, ViewMessage } from '../session/selected-mailbox.js';
import { ok, type SessionApi } from '../session/session-api.js';
import { accountOf, selectedOf } from './account-of.js';
import { badArguments } from './command-error.js';
import { defineCommand, selectedState } from './command-spec.js';
import { parseFetchRequest, setsSeen, type FetchItem, type FetchRequest } from './fetch-items.js';

/** Messages per store read of summaries and metadata (content is read in groups by size). */
const batchSize = 500;

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
      await sendListingLines((data) => session.sendBytes(data), messages, items, selected.sharedListing);
      return ok('FETCH completed');
    }
    for (let i = 0; i < messages.length; i += batchSize) {
      await sendFetchBatch(session, messages.slice(i, i + batchSize), items);
    }
    return ok('FETCH completed');
  },
});
