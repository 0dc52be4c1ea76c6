// TLS-RPT session counters: one upsert per delivery session, read back once a day per domain.
import type { TlsReportRepository, TlsSessionCount } from '../interfaces/index.js';
import type { SqlDriver, SqlRow } from '../sql/driver.js';

interface CountRow extends SqlRow {
  day: string;
  domain: string;
  policy_type: string;
  policy_string: string;
  mx_host: string;
  result_type: string;
  sessions: number;
}

export class SqlTlsReportRepository implements TlsReportRepository {
  constructor(private readonly db: SqlDriver) {}

  async record(entry: Omit<TlsSessionCount, 'sessions'>): Promise<void> {
    await this.db.run(
      `INSERT INTO tls_report_counts (day, domain, policy_type, policy_string, mx_host, result_type, sessions)
       VALUES (?, ?, ?, ?, ?, ?, 1)
       ON CONFLICT (day, domain, policy_type, mx_host, result_type)
       DO UPDATE SET sessions = tls_report_counts.sessions + 1, policy_string = excluded.policy_string`,
      [entry.day, entry.domain, entry.policyType, entry.policyString, entry.mxHost, entry.result],
    );
  }

  async before(day: string): Promise<TlsSessionCount[]> {
    const rows = await this.db.all<CountRow>(
      'SELECT * FROM tls_report_counts WHERE day < ? ORDER BY day, domain, policy_type, mx_host',
      [day],
    );
    return rows.map((row) => ({
      day: row.day,
      domain: row.domain,
      policyType: row.policy_type,
      policyString: row.policy_string,
      mxHost: row.mx_host,
      result: row.result_type,
      sessions: row.sessions,
    }));
  }

  async deleteDay(day: string, domain: string): Promise<void> {
    await this.db.run('DELETE FROM tls_report_counts WHERE day = ? AND domain = ?', [day, domain]);
  }
}
