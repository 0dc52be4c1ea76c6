// `chasqui dkim generate|rotate DOMAIN [--algorithm rsa|ed25519|both] | list [DOMAIN] | dns DOMAIN | del DOMAIN SELECTOR`
import { DkimKeyManager, dkimTxtRecord } from '@chasqui/delivery';
import { systemClock } from '@chasqui/core';
import type { DkimAlgorithm, DkimKey } from '@chasqui/store';
import { parseVerbArguments } from './arguments.js';
import { UsageError } from './cli-error.js';
import { printTable, type Verb } from './verb.js';
import { withServices } from './with-services.js';

const usage =
  'chasqui dkim generate|rotate DOMAIN [--algorithm rsa|ed25519|both] | list [DOMAIN] | dns DOMAIN | del DOMAIN SELECTOR  [--data DIR] [--json]';

function algorithms(value: string | boolean | undefined): DkimAlgorithm[] {
  if (value === undefined || value === 'both') return ['rsa-sha256', 'ed25519-sha256'];
  if (value === 'rsa') return ['rsa-sha256'];
  if (value === 'ed25519') return ['ed25519-sha256'];
  throw new UsageError(`--algorithm must be rsa, ed25519 or both (got "${String(value)}")`);
}

function printRecords(keys: readonly DkimKey[], json: boolean): void {
  const records = keys.map((key) => ({
    name: `${key.selector}._domainkey.${key.domain}`,
    type: 'TXT',
    value: dkimTxtRecord(key),
    active: key.isActive,
  }));
  if (json) console.log(JSON.stringify(records));
  else for (const record of records) console.log(`${record.name}. IN TXT "${record.value}"`);
}

export const dkimVerb: Verb = {
  name: 'dkim',
  summary: 'generate, rotate and publish DKIM keys',
  usage,
  async run(args) {
    const parsed = parseVerbArguments(args, { algorithm: { type: 'string' } });
    const [action, domain, selector] = parsed.positionals;
    const json = parsed.values['json'] === true;
    return withServices(parsed, async ({ store }) => {
      if ((action === 'generate' || action === 'rotate') && domain) {
        if (!(await store.domains.getByName(domain))) throw new UsageError(`domain ${domain} does not exist`);
        const manager = new DkimKeyManager(store, systemClock);
        const created: DkimKey[] = [];
        for (const algorithm of algorithms(parsed.values['algorithm'])) {
          created.push(await manager.rotate(domain, algorithm));
        }
        await store.audit.add({
          at: Date.now(),
          actor: 'cli',
          action: `dkim.${action}`,
          target: domain,
          detail: { selectors: created.map((k) => k.selector) },
        });
        if (!json) console.log(`Publish these records (the previous keys stay valid until you delete them):`);
        printRecords(created, json);
      } else if (action === 'list') {
        const keys = await store.dkimKeys.list(domain);
        if (json) console.log(JSON.stringify(keys.map(({ privateKey: _secret, ...rest }) => rest)));
        else
          printTable(
            ['DOMAIN', 'SELECTOR', 'ALGORITHM', 'ACTIVE', 'CREATED'],
            keys.map((k) => [
              k.domain,
              k.selector,
              k.algorithm,
              k.isActive ? 'yes' : 'no',
              new Date(k.createdAt).toISOString(),
            ]),
          );
      } else if (action === 'dns' && domain) {
        printRecords(await store.dkimKeys.list(domain), json);
      } else if (action === 'del' && domain && selector) {
        await store.dkimKeys.delete(domain, selector);
        await store.audit.add({
          at: Date.now(),
          actor: 'cli',
          action: 'dkim.delete',
          target: domain,
          detail: { selector },
        });
        console.log(`DKIM key ${selector} of ${domain} deleted`);
      } else {
        throw new UsageError(`usage: ${usage}`);
      }
      return 0;
    });
  },
};
