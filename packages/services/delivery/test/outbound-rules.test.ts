// The pure rules of outbound delivery: backoff, DSN format (RFC 3464), MTA-STS (RFC 8461 §4.1).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyStsPolicy,
  buildDsn,
  buildTlsReport,
  defaultRetryPolicy,
  parseTlsRptRecord,
  resolveDestinations,
} from '@chasqui/delivery';
import { retryDelay, isExpired, shouldWarn } from '../src/outbound/retry-schedule.js';

describe('retry schedule', () => {
  it('doubles from five minutes up to four hours and gives up after five days', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 10].map((n) => retryDelay(defaultRetryPolicy, n) / 60_000);
    assert.deepEqual(delays, [5, 10, 20, 40, 80, 160, 240, 240]);
    assert.equal(isExpired(defaultRetryPolicy, 0, 5 * 86_400_000 - 1), false);
    assert.equal(isExpired(defaultRetryPolicy, 0, 5 * 86_400_000), true);
    assert.equal(shouldWarn(defaultRetryPolicy, 0, 4 * 3_600_000, null), true);
    assert.equal(shouldWarn(defaultRetryPolicy, 0, 4 * 3_600_000, 1), false);
  });
});

describe('delivery status notification', () => {
  const original = new TextEncoder().encode('From: bob@example.test\r\nSubject: Informe\r\n\r\ncuerpo\r\n');

  it('has the RFC 3464 structure with per-recipient fields and the original message', () => {
    const dsn = Buffer.from(
      buildDsn({
        reportingMta: 'mx.example.test',
        sender: 'bob@example.test',
        recipients: [
          {
            address: 'x@far.test',
            orcpt: 'rfc822;x@far.test',
            action: 'failed',
            status: '5.1.1',
            remoteMta: 'mx.far.test',
            diagnostic: '550 5.1.1 unknown',
          },
        ],
        original,
        arrivalDate: Date.UTC(2026, 10, 24),
        now: Date.UTC(2026, 10, 24, 1),
        envid: 'abc123',
      }),
    ).toString();
    assert.match(dsn, /^From: Sistema de correo <MAILER-DAEMON@mx\.example\.test>\r\n/);
    assert.match(dsn, /Auto-Submitted: auto-replied/);
    assert.match(dsn, /Content-Type: multipart\/report; report-type=delivery-status; boundary="([^"]+)"/);
    assert.match(
      dsn,
      /Reporting-MTA: dns; mx\.example\.test\r\nOriginal-Envelope-Id: abc123\r\nArrival-Date: Tue, 24 Nov 2026 00:00:00 \+0000/,
    );
    assert.match(
      dsn,
      /Original-Recipient: rfc822;x@far\.test\r\nFinal-Recipient: rfc822; x@far\.test\r\nAction: failed\r\nStatus: 5\.1\.1\r\nRemote-MTA: dns; mx\.far\.test\r\nDiagnostic-Code: smtp; 550 5\.1\.1 unknown/,
    );
    assert.match(dsn, /Content-Type: message\/rfc822\r\n\r\nFrom: bob@example\.test\r\nSubject: Informe/);
  });

  it('returns headers only when RET=HDRS, and says it will retry for a delay', () => {
    const dsn = Buffer.from(
      buildDsn({
        reportingMta: 'mx.example.test',
        sender: 'bob@example.test',
        recipients: [{ address: 'x@far.test', action: 'delayed', status: '4.4.1' }],
        original,
        arrivalDate: 0,
        now: 0,
        ret: 'HDRS',
        retryUntil: 432_000_000,
      }),
    ).toString();
    assert.match(dsn, /Subject: Entrega demorada \/ Delivery delayed/);
    assert.match(dsn, /Will-Retry-Until: Tue, 06 Jan 1970 00:00:00 \+0000/);
    assert.match(dsn, /Content-Type: text\/rfc822-headers/);
    assert.doesNotMatch(dsn, /cuerpo/);
  });
});

describe('destinations and MTA-STS', () => {
  const resolver = (records: { exchange: string; priority: number }[]) => ({
    resolveMx: () => Promise.resolve(records),
  });

  it('orders MX by preference, falls back to the domain, and honours a null MX', async () => {
    const ordered = await resolveDestinations('far.test', {
      routes: {},
      smartHost: null,
      resolver: resolver([
        { exchange: 'b.far.test', priority: 20 },
        { exchange: 'a.far.test', priority: 10 },
      ]),
    });
    assert.deepEqual(
      ordered.map((d) => d.host),
      ['a.far.test', 'b.far.test'],
    );
    const implicit = await resolveDestinations('far.test', {
      routes: {},
      smartHost: null,
      resolver: resolver([]),
    });
    assert.deepEqual(implicit, [{ host: 'far.test', port: 25, fromMx: false }]);
    await assert.rejects(
      resolveDestinations('far.test', {
        routes: {},
        smartHost: null,
        resolver: resolver([{ exchange: '', priority: 0 }]),
      }),
      /null MX/,
    );
    const routed = await resolveDestinations('FAR.test', {
      routes: { 'far.test': '127.0.0.1:2526' },
      smartHost: null,
    });
    assert.deepEqual(routed, [{ host: '127.0.0.1', port: 2526, fromMx: false }]);
  });

  it('in enforce mode keeps only the MX hosts the policy lists and requires verified TLS', () => {
    const destinations = [
      { host: 'mx1.far.test', port: 25, fromMx: true },
      { host: 'evil.attacker.test', port: 25, fromMx: true },
      { host: 'mx2.backup.far.test', port: 25, fromMx: true },
    ];
    const enforce = applyStsPolicy(
      { mode: 'enforce', mx: ['mx1.far.test', '*.backup.far.test'] },
      destinations,
    );
    assert.deepEqual(
      enforce.destinations.map((d) => d.host),
      ['mx1.far.test', 'mx2.backup.far.test'],
    );
    assert.equal(enforce.requireVerifiedTls, true);
    const testing = applyStsPolicy({ mode: 'testing', mx: ['mx1.far.test'] }, destinations);
    assert.equal(testing.destinations.length, 3);
    assert.equal(testing.requireVerifiedTls, false);
  });
});

describe('TLS-RPT', () => {
  it('reads mailto addresses of a TLSRPTv1 record and ignores https and other versions', () => {
    assert.deepEqual(parseTlsRptRecord('v=TLSRPTv1; rua=mailto:tls@far.test,https://r.far.test/v1'), [
      'tls@far.test',
    ]);
    assert.deepEqual(parseTlsRptRecord('v=TLSRPTv1;rua=mailto:a%40b@far.test?subject=x'), ['a@b@far.test']);
    assert.deepEqual(parseTlsRptRecord('v=spf1 -all'), []);
  });

  it('reports successes and failures per policy, with failure details by MX host', () => {
    const base = {
      day: '2026-11-24',
      domain: 'far.test',
      policyType: 'sts',
      policyString: 'version: STSv1\nmode: enforce',
    };
    const report = buildTlsReport(
      { organization: 'gob.test', contact: 'postmaster@gob.test', reportingDomain: 'gob.test' },
      '2026-11-24',
      'far.test',
      [
        { ...base, mxHost: 'mx1.far.test', result: 'success', sessions: 9 },
        { ...base, mxHost: 'mx2.far.test', result: 'certificate-host-mismatch', sessions: 2 },
      ],
    );
    assert.deepEqual(report['date-range'], {
      'start-datetime': '2026-11-24T00:00:00Z',
      'end-datetime': '2026-11-24T23:59:59Z',
    });
    const [policy] = report.policies;
    assert.deepEqual(policy?.policy['policy-string'], ['version: STSv1', 'mode: enforce']);
    assert.deepEqual(policy?.policy['mx-host'], ['mx1.far.test', 'mx2.far.test']);
    assert.deepEqual(policy?.summary, {
      'total-successful-session-count': 9,
      'total-failure-session-count': 2,
    });
    assert.deepEqual(policy?.['failure-details'], [
      {
        'result-type': 'certificate-host-mismatch',
        'receiving-mx-hostname': 'mx2.far.test',
        'failed-session-count': 2,
      },
    ]);
  });
});
