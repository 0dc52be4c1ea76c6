// The JMAP VacationResponse (RFC 8621 §8): one row per account, written whole.
import type { VacationResponseRecord, VacationResponseRepository } from '../interfaces/index.js';
import type { SqlDriver, SqlRow } from '../sql/driver.js';

interface VacationRow extends SqlRow {
  is_enabled: number;
  from_date: number | null;
  to_date: number | null;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  version: number;
}

const defaults: VacationResponseRecord = {
  isEnabled: false,
  fromDate: null,
  toDate: null,
  subject: null,
  textBody: null,
  htmlBody: null,
  version: 0,
};

function toRecord(row: VacationRow): VacationResponseRecord {
  return {
    isEnabled: row.is_enabled === 1,
    fromDate: row.from_date,
    toDate: row.to_date,
    subject: row.subject,
    textBody: row.text_body,
    htmlBody: row.html_body,
    version: row.version,
  };
}

export class SqlVacationResponseRepository implements VacationResponseRepository {
  constructor(private readonly db: SqlDriver) {}

  async get(accountId: number): Promise<VacationResponseRecord> {
    const row = await this.db.get<VacationRow>('SELECT * FROM vacation_responses WHERE account_id = ?', [
      accountId,
    ]);
    return row ? toRecord(row) : defaults;
  }

  update(
    accountId: number,
    fields: Partial<Omit<VacationResponseRecord, 'version'>>,
  ): Promise<VacationResponseRecord> {
    return this.db.transaction(async (tx) => {
      const current = await tx.get<VacationRow>(
        `SELECT * FROM vacation_responses WHERE account_id = ?${tx.dialect === 'postgres' ? ' FOR UPDATE' : ''}`,
        [accountId],
      );
      const next = { ...(current ? toRecord(current) : defaults), ...fields };
      const row = await tx.get<VacationRow>(
        `INSERT INTO vacation_responses (account_id, is_enabled, from_date, to_date, subject, text_body, html_body, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT (account_id) DO UPDATE SET is_enabled = excluded.is_enabled, from_date = excluded.from_date,
           to_date = excluded.to_date, subject = excluded.subject, text_body = excluded.text_body,
           html_body = excluded.html_body, version = vacation_responses.version + 1
         RETURNING *`,
        [
          accountId,
          next.isEnabled ? 1 : 0,
          next.fromDate,
          next.toDate,
          next.subject,
          next.textBody,
          next.htmlBody,
        ],
      );
      if (!row) throw new Error('vacation upsert returned nothing');
      return toRecord(row);
    });
  }
}
