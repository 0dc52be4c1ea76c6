// Copying between accounts (COPY/MOVE/APPEND into or out of a shared mailbox): messages are
// stored per account, so the target account gets its own message through ingest (same blob,
// its own quota, threads and index). The flags it starts with are limited by the actor's rights
// on the target (RFC 4314 §4: "s", "t" and "w"); a grantee's \Seen becomes its own.
import { SystemFlag } from '@chasqui/core';
import type { Store } from '@chasqui/store';
import type { MailboxGrant } from '../acl/mailbox-access.js';
import { hasRight } from '../acl/rights.js';
import type { IngestFunction } from './message-operations.js';

export interface TransferItem {
  readonly messageId: number;
  readonly raw: Uint8Array;
  readonly flags: number;
  readonly keywords: readonly string[];
  readonly receivedAt: number;
}

/** The flags a new message in `target` may get from the actor. */
export function grantedFlags(
  target: MailboxGrant,
  flags: number,
  keywords: readonly string[],
): { flags: number; keywords: readonly string[]; isSeen: boolean } {
  if (target.isOwner) return { flags, keywords, isSeen: false };
  const { rights } = target;
  let allowed = 0;
  if (hasRight(rights, 'w')) allowed |= 0xff & ~SystemFlag.seen & ~SystemFlag.deleted;
  if (hasRight(rights, 't')) allowed |= SystemFlag.deleted;
  return {
    flags: flags & allowed,
    keywords: hasRight(rights, 'w') ? keywords : [],
    isSeen: hasRight(rights, 's') && (flags & SystemFlag.seen) !== 0,
  };
}

/** Stores each item in the target mailbox; returns source message id → new UID. */
export async function copyAcross(
  deps: { store: Store; ingest: IngestFunction },
  actorId: number,
  target: MailboxGrant,
  items: readonly TransferItem[],
): Promise<Map<number, number>> {
  const copied = new Map<number, number>();
  const seenUids: number[] = [];
  for (const item of items) {
    const granted = grantedFlags(target, item.flags, item.keywords);
    const result = await deps.ingest({
      accountId: target.mailbox.accountId,
      mailboxId: target.mailbox.id,
      raw: item.raw,
      flags: granted.flags,
      keywords: granted.keywords,
      receivedAt: item.receivedAt,
    });
    const uid = result.uids.get(target.mailbox.id);
    if (uid === undefined) continue;
    copied.set(item.messageId, uid);
    if (granted.isSeen) seenUids.push(uid);
  }
  if (seenUids.length > 0) await deps.store.mailboxAcl.setSeen(actorId, target.mailbox.id, seenUids, true);
  return copied;
}
