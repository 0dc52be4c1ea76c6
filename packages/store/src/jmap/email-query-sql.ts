// RFC 8621 §4.4 Email/query in SQL, for the first query of an account while its in-memory
// email index builds. Same semantics as the index: an Email is a message in at least one
// mailbox; keywords match the flag bit or the lower-case stored keyword; sort keys then id
// descending. Full text goes through the same FTS5 / tsvector index as searchText.
import { keywordBits } from '@chasqui/core';
import type {
  EmailSqlCondition,
  EmailSqlFilter,
  EmailSqlMatches,
  EmailSqlQuery,
  EmailTextField,
} from '../interfaces/index.js';
import type { SqlExecutor, SqlValue } from '../sql/driver.js';

const textColumns: Readonly<Record<EmailTextField, string>> = {
  from: 'm.from_addr',
  to: 'm.to_addr',
  subject: 'm.subject',
};
const sortColumns = {
  receivedAt: 'm.received_at',
  sentAt: 'COALESCE(m.sent_at, m.received_at)',
  size: 'm.size',
};
const always = '1 = 1';
const never = '1 = 0';
const anyMembership = 'EXISTS (SELECT 1 FROM mailbox_messages x WHERE x.message_id = m.id)';

/** Builds one statement; parameters are pushed in the order their `?` appear. */
class StatementBuilder {
  readonly params: SqlValue[] = [];

  constructor(
    private readonly db: SqlExecutor,
    private readonly accountId: number,
  ) {}

  bind(value: SqlValue): string {
    this.params.push(value);
    return '?';
  }

  filter(filter: EmailSqlFilter, underAnd: boolean): string {
    if (!('operator' in filter)) return this.condition(filter, underAnd);
    const { operator, conditions } = filter;
    const isAnd = operator === 'AND';
    const parts = conditions.map((child) => `(${this.filter(child, underAnd && isAnd)})`);
    if (isAnd) return parts.length === 0 ? always : parts.join(' AND ');
    const any = parts.length === 0 ? never : parts.join(' OR ');
    return operator === 'OR' ? any : `NOT (${any})`;
  }

  private condition(condition: EmailSqlCondition, underAnd: boolean): string {
    switch (condition.kind) {
      case 'inMailbox':
        // Correlated: SQLite walks messages_jmap_query in order and stops after a page,
        // probing mailbox_messages_message, instead of listing the whole mailbox first.
        return `EXISTS (SELECT 1 FROM mailbox_messages x WHERE x.message_id = m.id AND x.mailbox_id = ${this.bind(condition.mailboxId)})`;
      case 'inMailboxOtherThan': {
        const list = condition.mailboxIds.map((id) => this.bind(id)).join(', ');
        const other = list === '' ? '' : ` AND x.mailbox_id NOT IN (${list})`;
        return `EXISTS (SELECT 1 FROM mailbox_messages x WHERE x.message_id = m.id${other})`;
      }
      case 'receivedBefore':
        return `m.received_at < ${this.bind(condition.time)}`;
      case 'receivedSince':
        return `m.received_at >= ${this.bind(condition.time)}`;
      case 'minSize':
        return `m.size >= ${this.bind(condition.size)}`;
      case 'maxSize':
        return `m.size < ${this.bind(condition.size)}`;
      case 'hasAttachment':
        return `m.has_attachment = ${condition.value ? 1 : 0}`;
      case 'keyword':
        return this.keyword(condition.keyword);
      case 'fullText':
        return this.fullText(condition.query);
      case 'contains':
        if (!underAnd) throw new Error('contains narrows a conjunction: not allowed under OR or NOT');
        return this.contains(textColumns[condition.field], condition.text);
    }
  }

  private keyword(keyword: string): string {
    // Stored keywords are space-separated atoms: a keyword with a space is none of them.
    if (!/^\S+$/.test(keyword)) return never;
    const find = this.db.dialect === 'sqlite' ? 'instr' : 'strpos';
    const stored = `${find}(' ' || m.keywords || ' ', ${this.bind(` ${keyword} `)}) > 0`;
    const bit = Object.hasOwn(keywordBits, keyword) ? keywordBits[keyword] : undefined;
    return bit === undefined ? stored : `(m.flags & ${bit}) <> 0 OR ${stored}`;
  }

  private fullText(query: string): string {
    const tokens = query.split(/\s+/).filter((token) => token.length > 0);
    if (tokens.length === 0) return never;
    if (this.db.dialect === 'sqlite') {
      const match = tokens.map((token) => `"${token.replace(/"/g, '""')}"`).join(' ');
      return `m.id IN (SELECT rowid FROM message_text WHERE message_text MATCH ${this.bind(match)})`;
    }
    return `m.id IN (SELECT message_id FROM message_text WHERE account_id = ${this.bind(this.accountId)}
      AND body @@ plainto_tsquery('simple', ${this.bind(tokens.join(' '))}))`;
  }

  /** ASCII values compared exactly (case-insensitive); the others left to the caller. */
  private contains(column: string, text: string): string {
    const isSqlite = this.db.dialect === 'sqlite';
    const notAscii = isSqlite ? `${column} GLOB '*[^ -~]*'` : `${column} ~ '[^ -~]'`;
    if (!/^[ -~]*$/.test(text)) return notAscii;
    const pattern = this.bind(`%${text.replace(/[\\%_]/g, '\\$&')}%`);
    // SQLite's LIKE folds ASCII case; PostgreSQL's lower() depends on the locale, translate does not.
    const value = isSqlite
      ? column
      : `translate(${column}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
    return `(${value} LIKE ${pattern} ESCAPE '\\' OR ${notAscii})`;
  }
}

/** True when the filter's conjunction already requires a membership. */
function impliesMembership(filter: EmailSqlFilter | null): boolean {
  if (filter === null) return false;
  if (!('operator' in filter)) return filter.kind === 'inMailbox' || filter.kind === 'inMailboxOtherThan';
  return filter.operator === 'AND' && filter.conditions.some(impliesMembership);
}

/** `m.account_id = ? AND …` for the filter, with its parameters. */
function whereClause(builder: StatementBuilder, accountId: number, filter: EmailSqlFilter | null): string {
  const where = [`m.account_id = ${builder.bind(accountId)}`];
  if (!impliesMembership(filter)) where.push(anyMembership);
  if (filter) where.push(`(${builder.filter(filter, true)})`);
  return where.join(' AND ');
}

/** The Emails of the account matching `query`, in order (the window of them if asked). */
export async function queryEmailsInSql(
  db: SqlExecutor,
  accountId: number,
  query: EmailSqlQuery,
): Promise<EmailSqlMatches> {
  const builder = new StatementBuilder(db, accountId);
  const fields = query.fields.map((field) => `, ${textColumns[field]}`).join('');
  const where = whereClause(builder, accountId, query.filter);
  // Text columns are not in messages_jmap_query: SQLite reads the rows in storage order and
  // sorts the matches (unary + keeps it off that index) rather than seek each row by date.
  const seek = query.fields.length > 0 && db.dialect === 'sqlite' ? '+' : '';
  const order = query.sort.map(
    (key, at) => `${at === 0 ? seek : ''}${sortColumns[key.property]} ${key.isAscending ? 'ASC' : 'DESC'}, `,
  );
  const window = query.window
    ? ` LIMIT ${builder.bind(query.window.limit)} OFFSET ${builder.bind(query.window.offset)}`
    : '';
  const rows = await db.rows(
    `SELECT m.id, m.thread_id${fields} FROM messages m WHERE ${where}
     ORDER BY ${order.join('')}m.id DESC${window}`,
    builder.params,
  );
  const matches: EmailSqlMatches = { ids: [], threadIds: [], texts: query.fields.map(() => []) };
  for (const row of rows) {
    matches.ids.push(row[0] as number);
    matches.threadIds.push(row[1] as number);
    for (let at = 0; at < matches.texts.length; at++) matches.texts[at]?.push(row[at + 2] as string);
  }
  return matches;
}

/** How many Emails match, or how many distinct threads they make. */
export async function countEmailsInSql(
  db: SqlExecutor,
  accountId: number,
  filter: EmailSqlFilter | null,
  unit: 'emails' | 'threads',
): Promise<number> {
  if (unit === 'emails' && filter && !('operator' in filter) && filter.kind === 'inMailbox') {
    // A mailbox's emails are its memberships: a range of the primary key, no message read.
    const row = await db.get<{ total: number | string }>(
      `SELECT COUNT(*) AS total FROM mailbox_messages x JOIN mailboxes b ON b.id = x.mailbox_id
       WHERE x.mailbox_id = ? AND b.account_id = ?`,
      [filter.mailboxId, accountId],
    );
    return Number(row?.total ?? 0);
  }
  const builder = new StatementBuilder(db, accountId);
  const where = whereClause(builder, accountId, filter);
  const counted = unit === 'emails' ? 'COUNT(*)' : 'COUNT(DISTINCT m.thread_id)';
  const row = await db.get<{ total: number | string }>(
    `SELECT ${counted} AS total FROM messages m WHERE ${where}`,
    builder.params,
  );
  return Number(row?.total ?? 0);
}
