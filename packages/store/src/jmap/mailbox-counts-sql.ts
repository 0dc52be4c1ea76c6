// RFC 8621 §2 Mailbox counts (totalEmails, unreadEmails, totalThreads, unreadThreads) of every
// mailbox of an account in one statement, for Mailbox/get before the account's email index is
// built: one scan of messages_jmap_query (thread and flags) probing each message's memberships.
import { SystemFlag } from '@chasqui/core';
import type { JmapMailboxCounts } from '../interfaces/index.js';
import type { SqlExecutor } from '../sql/driver.js';

// PostgreSQL counts are bigint (numeric for SUM on some types): kept as Number() below.
type Count = number | string;
type CountsRow = [mailboxId: number, emails: Count, unread: Count, threads: Count, unreadThreads: Count];

export async function countMailboxesInSql(db: SqlExecutor, accountId: number): Promise<JmapMailboxCounts[]> {
  const unread = `(m.flags & ${SystemFlag.seen}) = 0`;
  const rows = (await db.rows(
    `SELECT x.mailbox_id, COUNT(*), SUM(CASE WHEN ${unread} THEN 1 ELSE 0 END),
       COUNT(DISTINCT m.thread_id), COUNT(DISTINCT CASE WHEN ${unread} THEN m.thread_id END)
     FROM messages m JOIN mailbox_messages x ON x.message_id = m.id
     WHERE m.account_id = ? GROUP BY x.mailbox_id`,
    [accountId],
  )) as CountsRow[];
  return rows.map(([mailboxId, emails, unreadEmails, threads, unreadThreads]) => ({
    mailboxId,
    totalEmails: Number(emails),
    unreadEmails: Number(unreadEmails),
    totalThreads: Number(threads),
    unreadThreads: Number(unreadThreads),
  }));
}
