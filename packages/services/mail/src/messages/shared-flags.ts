// Flag changes by someone other than the owner (RFC 4314 §4): \Seen needs "s" and is the
// actor's own (per-user \Seen, the owner's flag stays); \Deleted needs "t"; every other flag or
// keyword needs "w" and changes for everyone. Naming a flag without its right is FORBIDDEN; a
// FLAGS replacement leaves alone the kinds of flags the actor may not change.
import { SystemFlag } from '@chasqui/core';
import type { FlagChange, MailboxEntry, Store } from '@chasqui/store';
import { assertRights, type MailboxGrant } from '../acl/mailbox-access.js';
import { hasRight, type Right } from '../acl/rights.js';
import { overlaySeen, seenByUid } from '../acl/shared-seen.js';

/** Flags that need "w": every system flag but \Seen and \Deleted. */
const writeBits = 0xff & ~SystemFlag.seen & ~SystemFlag.deleted;

/** The rights a change needs for the flags it names. */
export function rightsForChange(change: FlagChange): Right[] {
  const named = [change.add, change.remove, change.set];
  const bits = named.reduce((all, part) => all | (part?.flags ?? 0), 0);
  const hasKeywords = named.some((part) => (part?.keywords?.length ?? 0) > 0);
  const needed: Right[] = [];
  if ((bits & SystemFlag.seen) !== 0) needed.push('s');
  if ((bits & SystemFlag.deleted) !== 0) needed.push('t');
  if ((bits & writeBits) !== 0 || hasKeywords) needed.push('w');
  return needed;
}

/** What the change does to the actor's own \Seen: true, false or nothing (null). */
export function seenChangeOf(change: FlagChange, rights: string): boolean | null {
  if (!hasRight(rights, 's')) return null;
  if (change.set) return (change.set.flags & SystemFlag.seen) !== 0;
  if (((change.add?.flags ?? 0) & SystemFlag.seen) !== 0) return true;
  if (((change.remove?.flags ?? 0) & SystemFlag.seen) !== 0) return false;
  return null;
}

/**
 * The change to the owner's flags, without \Seen and limited to what the rights allow; null
 * when nothing is left. `keywordsNow` are the targets' keywords (a FLAGS replacement drops them).
 */
export function sharedFlagChange(
  change: FlagChange,
  rights: string,
  keywordsNow: readonly string[],
): FlagChange | null {
  const allowed = (hasRight(rights, 'w') ? writeBits : 0) | (hasRight(rights, 't') ? SystemFlag.deleted : 0);
  const mayKeywords = hasRight(rights, 'w');
  let add = { flags: (change.add?.flags ?? 0) & allowed, keywords: change.add?.keywords ?? [] };
  let remove = { flags: (change.remove?.flags ?? 0) & allowed, keywords: change.remove?.keywords ?? [] };
  if (change.set) {
    const wanted = change.set.keywords;
    add = { flags: change.set.flags & allowed, keywords: mayKeywords ? wanted : [] };
    const dropped = keywordsNow.filter((keyword) => !wanted.includes(keyword));
    remove = { flags: ~change.set.flags & allowed, keywords: mayKeywords ? dropped : [] };
  }
  if (add.flags === 0 && remove.flags === 0 && add.keywords.length === 0 && remove.keywords.length === 0) {
    return null;
  }
  return { add, remove };
}

/** The mailbox as the actor sees it, by message id. */
async function viewOf(store: Store, actorId: number, mailboxId: number): Promise<Map<number, MailboxEntry>> {
  const [entries, seen] = await Promise.all([
    store.messages.listMailbox(mailboxId),
    store.mailboxAcl.listSeen(actorId, mailboxId),
  ]);
  return new Map(overlaySeen(entries, seenByUid(seen)).map((entry) => [entry.messageId, entry]));
}

/** Applies a change by a grantee; returns the entries changed as the grantee sees them. */
export async function setSharedFlags(
  store: Store,
  actorId: number,
  grant: MailboxGrant,
  messageIds: readonly number[],
  change: FlagChange,
): Promise<{ changed: MailboxEntry[]; skipped: number[] }> {
  assertRights(grant, ['r', ...rightsForChange(change)]);
  const mailboxId = grant.mailbox.id;
  const before = await viewOf(store, actorId, mailboxId);
  const targets = [...new Set(messageIds)].flatMap((id) => before.get(id) ?? []);
  const since = change.unchangedSince;
  const skipped = since === undefined ? [] : targets.filter((entry) => entry.modseq > since);
  const active = targets.filter((entry) => !skipped.includes(entry));
  if (active.length === 0) return { changed: [], skipped: skipped.map((entry) => entry.messageId) };
  const seen = seenChangeOf(change, grant.rights);
  if (seen !== null) {
    const uids = active.map((entry) => entry.uid);
    await store.mailboxAcl.setSeen(actorId, mailboxId, uids, seen);
  }
  const keywordsNow = [...new Set(active.flatMap((entry) => entry.keywords))];
  const shared = sharedFlagChange(change, grant.rights, keywordsNow);
  if (shared !== null) {
    const ids = active.map((entry) => entry.messageId);
    await store.messages.setFlags(grant.mailbox.accountId, ids, shared);
  }
  const after = await viewOf(store, actorId, mailboxId);
  const changed = active.flatMap((entry) => {
    const now = after.get(entry.messageId);
    return now !== undefined && now.modseq !== entry.modseq ? [now] : [];
  });
  return { changed, skipped: skipped.map((entry) => entry.messageId) };
}
