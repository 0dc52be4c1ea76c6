// `chasqui doctor`: checks the configuration, ports, TLS files, data directory and store, then
// prints the DNS records each domain must publish. Exit 1 when a check fails.
import { loadConfig, type Config } from '../config/load-config.js';
import { primaryDomainOf } from '../bootstrap.js';
import { createLogger } from '../logger.js';
import { openServices } from '../services.js';
import { environmentWith, parseVerbArguments } from './arguments.js';
import { checkDataDir, checkPorts, checkTls, type CheckResult } from './doctor-checks.js';
import { dkimTxtRecord } from '@chasqui/delivery';
import { formatRecords, recordsForDomain, type DkimRecord, type DnsRecord } from './dns-records.js';
import type { Verb } from './verb.js';

async function checkStore(
  config: Config,
): Promise<{ result: CheckResult; domains: string[]; dkim: Map<string, DkimRecord[]> }> {
  try {
    const services = await openServices(config, createLogger('fatal', 'stderr'));
    try {
      await services.store.ping();
      const domains = (await services.directory.listDomains()).map((domain) => domain.name);
      const detail = `${services.store.backend} reachable, ${domains.length} domain(s)`;
      const dkim = new Map<string, DkimRecord[]>();
      for (const key of await services.store.dkimKeys.list()) {
        dkim.set(key.domain, [
          ...(dkim.get(key.domain) ?? []),
          { selector: key.selector, value: dkimTxtRecord(key) },
        ]);
      }
      return { result: { check: 'store', status: 'ok', detail }, domains, dkim };
    } finally {
      await services.store.close();
    }
  } catch (error) {
    return {
      result: { check: 'store', status: 'fail', detail: (error as Error).message },
      domains: [],
      dkim: new Map(),
    };
  }
}

function printHuman(checks: readonly CheckResult[], dns: Record<string, DnsRecord[]>): void {
  const width = Math.max(...checks.map((result) => result.check.length));
  console.log('Checks');
  for (const result of checks)
    console.log(`  [${result.status}]`.padEnd(9) + `${result.check.padEnd(width)}  ${result.detail}`);
  for (const [domain, records] of Object.entries(dns)) {
    console.log(`\nDNS records for ${domain}`);
    for (const line of formatRecords(records)) console.log(`  ${line}`);
  }
}

export const doctorVerb: Verb = {
  name: 'doctor',
  summary: 'check configuration, ports, TLS, data directory and store; print DNS records',
  usage: 'chasqui doctor [--data DIR] [--config FILE] [--json]',
  async run(args) {
    const parsed = parseVerbArguments(args);
    const configFile = typeof parsed.values['config'] === 'string' ? parsed.values['config'] : undefined;
    const config = loadConfig({ file: configFile, env: environmentWith(parsed.values) });
    const now = Date.now();
    const store = await checkStore(config);
    const checks: CheckResult[] = [
      { check: 'config', status: 'ok', detail: config.file ?? 'no file: defaults and CHASQUI_* environment' },
      checkDataDir(config),
      store.result,
      ...checkTls(config, now),
      ...(await checkPorts(config)),
    ];
    const domains = store.domains.length > 0 ? store.domains : [primaryDomainOf(config.hostname)];
    const stsId = new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
    const dns = Object.fromEntries(
      domains.map((domain) => [
        domain,
        recordsForDomain(domain, config.hostname, stsId, store.dkim.get(domain)),
      ]),
    );
    if (parsed.values['json']) console.log(JSON.stringify({ checks, dns }));
    else printHuman(checks, dns);
    return checks.some((result) => result.status === 'fail') ? 1 : 0;
  },
};
