// RFC 8621 §2 Mailbox counts from the in-memory email index: emails and threads per mailbox,
// and those with an unread (not $seen) email. The store's mailboxCounts gives the same in SQL.
import { SystemFlag } from '@chasqui/core';
import type { AccountEmails } from './email-index.js';

export interface MailboxTally {
  totalEmails: number;
  unreadEmails: number;
  totalThreads: number;
  unreadThreads: number;
}

/** The counts of every mailbox that holds at least one email. */
export function talliesOf(index: AccountEmails): Map<number, MailboxTally> {
  const tallies = new Map<number, MailboxTally>();
  // Mailbox → thread → whether one of its emails there is unread.
  const threads = new Map<number, Map<number, boolean>>();
  for (const message of index.byId.values()) {
    const isUnread = (message.flags & SystemFlag.seen) === 0;
    for (const mailboxId of message.uids.keys()) {
      let tally = tallies.get(mailboxId);
      if (!tally) {
        tally = { totalEmails: 0, unreadEmails: 0, totalThreads: 0, unreadThreads: 0 };
        tallies.set(mailboxId, tally);
      }
      tally.totalEmails++;
      if (isUnread) tally.unreadEmails++;
      let seen = threads.get(mailboxId);
      if (!seen) {
        seen = new Map<number, boolean>();
        threads.set(mailboxId, seen);
      }
      seen.set(message.threadId, (seen.get(message.threadId) ?? false) || isUnread);
    }
  }
  for (const [mailboxId, seen] of threads) {
    const tally = tallies.get(mailboxId);
    if (!tally) continue;
    tally.totalThreads = seen.size;
    for (const isUnread of seen.values()) if (isUnread) tally.unreadThreads++;
  }
  return tallies;
}
