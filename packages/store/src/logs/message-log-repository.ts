// The message log: one row per message and path, searchable by address, domain, subject,
// verdict, score and time; newest first with keyset pagination (no OFFSET on millions of rows).
import { ChasquiError } from '@chasqui/core';
import type {
  MessageDirection,
  MessageLogEntry,
  MessageLogQuery,
  MessageLogRepository,
  NewMessageLogEntry,
  RecipientOutcome,
} from '../interfaces/index.js';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from '../sql/driver.js';
import { TransactionBatcher } from '../sql/transaction-batcher.js';

interface LogRow extends SqlRow {
  id: number;
  at: number;
  direction: string;
  mail_from: string;
  from_header: string;
  subject: string;
  message_id_header: string | null;
  size: number;
  client_ip: string | null;
  tls: string | null;
  auth_results: string | null;
  verdict: string;
  score: number | null;
  rule_hits: string;
  recipients: string;
  timings: string;
}

function toEntry(row: LogRow): MessageLogEntry {
  return {
    id: row.id,
    at: row.at,
    direction: row.direction as MessageDirection,
    mailFrom: row.mail_from,
    recipients: JSON.parse(row.recipients) as RecipientOutcome[],
    fromHeader: row.from_header,
    subject: row.subject,
    messageIdHeader: row.message_id_header,
    size: row.size,
    clientIp: row.client_ip,
    tls: row.tls,
    authResults: row.auth_results,
    verdict: row.verdict,
    score: row.score,
    ruleHits: JSON.parse(row.rule_hits) as string[],
    timings: JSON.parse(row.timings) as Record<string, number>,
  };
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

const maxPage = 1000;

/** Builds the WHERE clause of a search; addresses go through the indexed side table. */
function buildFilter(
  query: MessageLogQuery,
  dialect: 'sqlite' | 'postgres',
): { where: string; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (query.address !== undefined) {
    const isDomain = query.address.startsWith('@');
    clauses.push(
      `id IN (SELECT entry_id FROM message_log_addresses WHERE ${isDomain ? 'domain' : 'address'} = ?)`,
    );
    params.push(isDomain ? query.address.slice(1).toLowerCase() : query.address.toLowerCase());
  }
  const simple: [unknown, string, SqlValue | undefined][] = [
    [query.direction, 'direction = ?', query.direction],
    [query.verdict, 'verdict = ?', query.verdict],
    [query.minScore, 'score >= ?', query.minScore],
    [query.from, 'at >= ?', query.from],
    [query.to, 'at < ?', query.to],
    [query.beforeId, 'id < ?', query.beforeId],
  ];
  for (const [present, clause, value] of simple) {
    if (present === undefined || value === undefined) continue;
    clauses.push(clause);
    params.push(value);
  }
  if (query.subjectContains !== undefined) {
    const pattern = `%${query.subjectContains.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // SQLite: the trigram index answers LIKE for 3+ characters; PostgreSQL's pg_trgm index is
    // used by the planner on the column itself.
    clauses.push(
      dialect === 'sqlite' && query.subjectContains.length >= 3
        ? "id IN (SELECT rowid FROM message_log_subject WHERE subject_lower LIKE ? ESCAPE '\\')"
        : "subject_lower LIKE ? ESCAPE '\\'",
    );
    params.push(pattern);
  }
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

async function insertEntry(tx: SqlExecutor, entry: NewMessageLogEntry): Promise<number> {
  const row = await tx.get<{ id: number }>(
    `INSERT INTO message_log (at, direction, mail_from, from_header, subject, subject_lower,
         message_id_header, size, client_ip, tls, auth_results, verdict, score, rule_hits, recipients, timings)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [
      entry.at,
      entry.direction,
      entry.mailFrom,
      entry.fromHeader,
      entry.subject,
      entry.subject.toLowerCase(),
      entry.messageIdHeader,
      entry.size,
      entry.clientIp,
      entry.tls,
      entry.authResults,
      entry.verdict,
      entry.score,
      JSON.stringify(entry.ruleHits),
      JSON.stringify(entry.recipients),
      JSON.stringify(entry.timings),
    ],
  );
  if (!row) throw new ChasquiError('INTERNAL', 'message log insert returned nothing');
  const addresses = [
    { address: entry.mailFrom, role: 'sender' },
    ...entry.recipients.map((r) => ({ address: r.address, role: 'recipient' })),
  ].filter((a) => a.address.includes('@'));
  for (const { address, role } of addresses) {
    await tx.run('INSERT INTO message_log_addresses (entry_id, address, domain, role) VALUES (?, ?, ?, ?)', [
      row.id,
      address.toLowerCase(),
      domainOf(address),
      role,
    ]);
  }
  return row.id;
}

export class SqlMessageLogRepository implements MessageLogRepository {
  /** One log row per delivery: concurrent deliveries share a commit, as their appends do. */
  private readonly inserts: TransactionBatcher<NewMessageLogEntry, number>;

  constructor(private readonly db: SqlDriver) {
    this.inserts = new TransactionBatcher(db, insertEntry);
  }

  add(entry: NewMessageLogEntry): Promise<number> {
    return this.inserts.submit(entry);
  }

  async updateRecipients(id: number, recipients: readonly RecipientOutcome[]): Promise<void> {
    await this.db.run('UPDATE message_log SET recipients = ? WHERE id = ?', [JSON.stringify(recipients), id]);
  }

  async search(query: MessageLogQuery): Promise<MessageLogEntry[]> {
    const { where, params } = buildFilter(query, this.db.dialect);
    const limit = Math.min(Math.max(query.limit ?? 100, 1), maxPage);
    const rows = await this.db.all<LogRow>(`SELECT * FROM message_log ${where} ORDER BY id DESC LIMIT ?`, [
      ...params,
      limit,
    ]);
    return rows.map(toEntry);
  }

  async getById(id: number): Promise<MessageLogEntry | null> {
    const row = await this.db.get<LogRow>('SELECT * FROM message_log WHERE id = ?', [id]);
    return row ? toEntry(row) : null;
  }

  trim(beforeTime: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.run(
        'DELETE FROM message_log_addresses WHERE entry_id IN (SELECT id FROM message_log WHERE at < ?)',
        [beforeTime],
      );
      return tx.run('DELETE FROM message_log WHERE at < ?', [beforeTime]);
    });
  }
}
