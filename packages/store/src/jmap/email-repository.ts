// Set-based reads for the JMAP email index: an account's messages and memberships in two
// queries (one scan each) instead of two per message, whole or page by page; and Email/query
// in SQL for the first query of an account (email-query-sql.ts).
import type {
  EmailPage,
  EmailPageCursor,
  EmailSqlFilter,
  EmailSqlMatches,
  EmailSqlQuery,
  JmapEmailRepository,
  JmapMailboxCounts,
  StoredMessage,
} from '../interfaces/index.js';
import { toStoredMessage, type MessageRow } from '../mail/message-rows.js';
import type { SqlDriver } from '../sql/driver.js';
import { countEmailsInSql, queryEmailsInSql } from './email-query-sql.js';
import { countMailboxesInSql } from './mailbox-counts-sql.js';

export class SqlJmapEmailRepository implements JmapEmailRepository {
  readonly hasFastTextQueries: boolean;

  constructor(private readonly db: SqlDriver) {
    this.hasFastTextQueries = db.dialect === 'sqlite';
  }

  async listAccount(accountId: number): Promise<StoredMessage[]> {
    const [rows, memberships] = await Promise.all([
      this.db.all<MessageRow>('SELECT * FROM messages WHERE account_id = ? ORDER BY received_at, id', [
        accountId,
      ]),
      this.db.rows(
        `SELECT mm.message_id, mm.mailbox_id, mm.uid FROM mailbox_messages mm
         JOIN mailboxes b ON b.id = mm.mailbox_id WHERE b.account_id = ?`,
        [accountId],
      ),
    ]);
    return withMemberships(rows, memberships);
  }

  async listAccountPage(accountId: number, after: EmailPageCursor | null, limit: number): Promise<EmailPage> {
    const from = after ?? { receivedAt: Number.MIN_SAFE_INTEGER, id: 0 };
    // Keyset on messages_jmap_query: (received_at, id) after the cursor, up to the page's end.
    const range = 'm.account_id = ? AND (m.received_at > ? OR (m.received_at = ? AND m.id > ?))';
    const rows = await this.db.all<MessageRow>(
      `SELECT m.* FROM messages m WHERE ${range} ORDER BY m.received_at, m.id LIMIT ?`,
      [accountId, from.receivedAt, from.receivedAt, from.id, limit],
    );
    const last = rows.at(-1);
    if (last === undefined) return { messages: [], next: null };
    const memberships = await this.db.rows(
      `SELECT mm.message_id, mm.mailbox_id, mm.uid FROM messages m
       JOIN mailbox_messages mm ON mm.message_id = m.id
       WHERE ${range} AND (m.received_at < ? OR (m.received_at = ? AND m.id <= ?))`,
      [accountId, from.receivedAt, from.receivedAt, from.id, last.received_at, last.received_at, last.id],
    );
    const next = { receivedAt: last.received_at, id: last.id };
    return { messages: withMemberships(rows, memberships), next };
  }

  query(accountId: number, query: EmailSqlQuery): Promise<EmailSqlMatches> {
    return queryEmailsInSql(this.db, accountId, query);
  }

  mailboxCounts(accountId: number): Promise<JmapMailboxCounts[]> {
    return countMailboxesInSql(this.db, accountId);
  }

  count(accountId: number, filter: EmailSqlFilter | null, unit: 'emails' | 'threads'): Promise<number> {
    return countEmailsInSql(this.db, accountId, filter, unit);
  }
}

/** The rows that have memberships, as stored messages (a message in no mailbox is no Email). */
function withMemberships(rows: readonly MessageRow[], memberships: unknown[][]): StoredMessage[] {
  const uids = new Map<number, Map<number, number>>();
  for (const [messageId, mailboxId, uid] of memberships as [number, number, number][]) {
    let map = uids.get(messageId);
    if (!map) uids.set(messageId, (map = new Map<number, number>()));
    map.set(mailboxId, uid);
  }
  const messages: StoredMessage[] = [];
  for (const row of rows) {
    const map = uids.get(row.id);
    if (map) messages.push(toStoredMessage(row, map));
  }
  return messages;
}
