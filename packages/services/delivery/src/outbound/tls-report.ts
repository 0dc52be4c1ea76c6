// TLS-RPT (RFC 8460): the daily JSON report of TLS sessions to one domain, and the mail that
// carries it (§5.3: multipart/report with application/tlsrpt+gzip).
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { TlsSessionCount } from '@chasqui/store';

export interface ReportIdentity {
  /** Our organisation name and contact, as the report shows them. */
  readonly organization: string;
  readonly contact: string;
  /** The domain reports are sent from (`tls-reports@…`). */
  readonly reportingDomain: string;
}

interface PolicyReport {
  policy: { 'policy-type': string; 'policy-string': string[]; 'policy-domain': string; 'mx-host': string[] };
  summary: { 'total-successful-session-count': number; 'total-failure-session-count': number };
  'failure-details': {
    'result-type': string;
    'receiving-mx-hostname': string;
    'failed-session-count': number;
  }[];
}

export interface TlsReport {
  readonly 'organization-name': string;
  readonly 'date-range': { 'start-datetime': string; 'end-datetime': string };
  readonly 'contact-info': string;
  readonly 'report-id': string;
  readonly policies: PolicyReport[];
}

/** The report of one day's sessions to one domain. */
export function buildTlsReport(
  identity: ReportIdentity,
  day: string,
  domain: string,
  counts: readonly TlsSessionCount[],
): TlsReport {
  const policies = new Map<string, PolicyReport>();
  for (const count of counts) {
    const key = `${count.policyType}\n${count.policyString}`;
    const report = policies.get(key) ?? {
      policy: {
        'policy-type': count.policyType,
        'policy-string': count.policyString === '' ? [] : count.policyString.split('\n'),
        'policy-domain': domain,
        'mx-host': [],
      },
      summary: { 'total-successful-session-count': 0, 'total-failure-session-count': 0 },
      'failure-details': [],
    };
    if (!report.policy['mx-host'].includes(count.mxHost)) report.policy['mx-host'].push(count.mxHost);
    if (count.result === 'success') report.summary['total-successful-session-count'] += count.sessions;
    else {
      report.summary['total-failure-session-count'] += count.sessions;
      report['failure-details'].push({
        'result-type': count.result,
        'receiving-mx-hostname': count.mxHost,
        'failed-session-count': count.sessions,
      });
    }
    policies.set(key, report);
  }
  return {
    'organization-name': identity.organization,
    'date-range': { 'start-datetime': `${day}T00:00:00Z`, 'end-datetime': `${day}T23:59:59Z` },
    'contact-info': identity.contact,
    'report-id': `${day}.${domain}.${randomBytes(4).toString('hex')}@${identity.reportingDomain}`,
    policies: [...policies.values()],
  };
}

/** `rua=mailto:a@b,mailto:c@d` of a `v=TLSRPTv1` record; https reporting is not supported. */
export function parseTlsRptRecord(record: string): string[] {
  if (!/^v=TLSRPTv1\s*;/i.test(record.trim())) return [];
  const rua = /(?:^|;)\s*rua=([^;]+)/i.exec(record)?.[1] ?? '';
  return rua
    .split(',')
    .map((uri) => uri.trim())
    .filter((uri) => uri.toLowerCase().startsWith('mailto:'))
    .map((uri) => decodeURIComponent(uri.slice('mailto:'.length)).split('?')[0] ?? '')
    .filter((address) => address.includes('@'));
}

function base64Lines(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/** The report mail (RFC 8460 §5.3). */
export function tlsReportMessage(
  identity: ReportIdentity,
  domain: string,
  to: string,
  report: TlsReport,
  now: number,
): Uint8Array {
  const boundary = `=_tlsrpt_${randomBytes(10).toString('hex')}`;
  const start = report['date-range']['start-datetime'];
  const end = report['date-range']['end-datetime'];
  const file = `${identity.reportingDomain}!${domain}!${Date.parse(start) / 1000}!${Date.parse(end) / 1000}.json.gz`;
  const lines = [
    `From: TLS reports <tls-reports@${identity.reportingDomain}>`,
    `To: <${to}>`,
    `Subject: Report Domain: ${domain} Submitter: ${identity.organization} Report-ID: <${report['report-id']}>`,
    `Date: ${new Date(now).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomBytes(12).toString('hex')}@${identity.reportingDomain}>`,
    `TLS-Report-Domain: ${domain}`,
    `TLS-Report-Submitter: ${identity.organization}`,
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type="tlsrpt"; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `TLS report for ${domain}, ${start} to ${end}.`,
    `--${boundary}`,
    `Content-Type: application/tlsrpt+gzip; name="${file}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${file}"`,
    '',
    base64Lines(gzipSync(JSON.stringify(report))),
    `--${boundary}--`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}
