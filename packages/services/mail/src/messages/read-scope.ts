// Whose messages a read may return: the actor's own, or with a mailbox those of its owner that
// are in it (RFC 4314 "r" needed on another account's mailbox).
import type { MailboxAccess, MailboxTarget } from '../acl/mailbox-access.js';

export interface ReadScope {
  /** The account that owns the messages read. */
  readonly accountId: number;
  /** Only messages in this mailbox (reading another account's mailbox); undefined for all. */
  readonly onlyIn: number | undefined;
}

export async function readScope(
  access: MailboxAccess,
  actorId: number,
  target: MailboxTarget | undefined,
): Promise<ReadScope> {
  if (target === undefined) return { accountId: actorId, onlyIn: undefined };
  const { mailbox, isOwner } = await access.grantOf(actorId, target, 'r');
  return { accountId: mailbox.accountId, onlyIn: isOwner ? undefined : mailbox.id };
}
