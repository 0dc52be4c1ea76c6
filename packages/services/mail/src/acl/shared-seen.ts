// Per-user \Seen on shared mailboxes: a grantee sees its own \Seen instead of the owner's, and an
// entry's modseq is the later of the owner's change and the grantee's own.
import { SystemFlag } from '@chasqui/core';
import type { MailboxEntry, SharedSeenEntry } from '@chasqui/store';

/** The entries as the grantee whose \Seen states these are sees them. */
export function overlaySeen(
  entries: readonly MailboxEntry[],
  seen: ReadonlyMap<number, SharedSeenEntry>,
): MailboxEntry[] {
  return entries.map((entry) => {
    const own = seen.get(entry.uid);
    const flags = (entry.flags & ~SystemFlag.seen) | (own?.isSeen === true ? SystemFlag.seen : 0);
    const modseq = Math.max(entry.modseq, own?.modseq ?? 0);
    return flags === entry.flags && modseq === entry.modseq ? entry : { ...entry, flags, modseq };
  });
}

/** Seen states by UID. */
export function seenByUid(states: readonly SharedSeenEntry[]): Map<number, SharedSeenEntry> {
  return new Map(states.map((state) => [state.uid, state]));
}
