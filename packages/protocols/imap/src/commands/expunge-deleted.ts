// Removing \Deleted messages from the selected mailbox: EXPUNGE, UID EXPUNGE (RFC 4315) and
// CLOSE (silently) share it.
import { SystemFlag } from '@chasqui/core';
import { atom, formatSequenceSet, type SequenceSet } from '../proto/index.js';
import type { SessionApi } from '../session/session-api.js';
import { accountOf, selectedOf } from './account-of.js';
import { CommandError } from './command-error.js';

/** Expunges \Deleted messages (only those in `uidSet` when given); announces them unless silent. */
export async function expungeDeleted(
  session: SessionApi,
  uidSet: SequenceSet | null,
  isSilent: boolean,
): Promise<void> {
  const selected = selectedOf(session);
  if (selected.isReadOnly) throw new CommandError('NO', 'Mailbox is read-only', 'READ-ONLY');
  const candidates = uidSet === null ? selected.byUids(selected.allUids()) : selected.resolve(uidSet, true);
  const uids = candidates.filter((m) => (m.entry.flags & SystemFlag.deleted) !== 0).map((m) => m.uid);
  const removed = await session.mail.messages.expunge(accountOf(session).id, selected.mailbox.id, uids);
  const announced = selected.removeUids(removed);
  if (isSilent || announced.length === 0) return;
  if (session.isEnabled('QRESYNC')) {
    await session.send([atom('VANISHED'), atom(formatSequenceSet([...removed].sort((a, b) => a - b)))]);
    return;
  }
  for (const { msn } of announced) await session.send([msn, atom('EXPUNGE')]);
}
