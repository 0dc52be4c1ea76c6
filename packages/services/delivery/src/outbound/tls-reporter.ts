// Counts TLS sessions per destination as the queue delivers, and once a day mails each domain
// that publishes `_smtp._tls` its TLS-RPT report (RFC 8460).
import { promises as dns } from 'node:dns';
import type { Clock, Logger } from '@chasqui/core';
import type { Store, TlsSessionCount } from '@chasqui/store';
import { buildTlsReport, parseTlsRptRecord, tlsReportMessage, type ReportIdentity } from './tls-report.js';

export interface TlsPolicyInfo {
  readonly type: 'sts' | 'no-policy-found';
  readonly policyString: string;
}

export interface TlsReporterOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly identity: ReportIdentity;
  readonly send: (raw: Uint8Array, recipient: string) => Promise<void>;
  readonly resolveTxt?: (name: string) => Promise<string[][]>;
}

function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export class TlsReporter {
  constructor(private readonly options: TlsReporterOptions) {}

  /** One session: `success`, or an RFC 8460 result type such as `certificate-host-mismatch`. */
  async record(domain: string, mxHost: string, policy: TlsPolicyInfo, result: string): Promise<void> {
    try {
      await this.options.store.tlsReports.record({
        day: dayOf(this.options.clock.now()),
        domain,
        policyType: policy.type,
        policyString: policy.policyString,
        mxHost,
        result,
      });
    } catch (error) {
      this.options.logger.warn({ err: error, domain }, 'tlsrpt.record_failed');
    }
  }

  /** Sends the reports of every finished day; returns how many were sent. */
  async sendDue(): Promise<number> {
    const { store, clock } = this.options;
    const counts = await store.tlsReports.before(dayOf(clock.now()));
    const groups = new Map<string, TlsSessionCount[]>();
    for (const count of counts) {
      const key = `${count.day} ${count.domain}`;
      groups.set(key, [...(groups.get(key) ?? []), count]);
    }
    let sent = 0;
    for (const [key, group] of groups) {
      const [day = '', domain = ''] = key.split(' ');
      sent += await this.report(day, domain, group);
      await store.tlsReports.deleteDay(day, domain);
    }
    return sent;
  }

  private async report(day: string, domain: string, counts: readonly TlsSessionCount[]): Promise<number> {
    const recipients = await this.reportAddresses(domain);
    if (recipients.length === 0) return 0;
    const report = buildTlsReport(this.options.identity, day, domain, counts);
    for (const to of recipients) {
      const raw = tlsReportMessage(this.options.identity, domain, to, report, this.options.clock.now());
      await this.options.send(raw, to);
    }
    return recipients.length;
  }

  private async reportAddresses(domain: string): Promise<string[]> {
    const resolveTxt = this.options.resolveTxt ?? ((name: string) => dns.resolveTxt(name));
    try {
      const records = await resolveTxt(`_smtp._tls.${domain}`);
      return records.map((chunks) => chunks.join('')).flatMap(parseTlsRptRecord);
    } catch {
      return [];
    }
  }
}
