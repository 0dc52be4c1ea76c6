// `chasqui domain add|list|del NAME`
import { parseVerbArguments } from './arguments.js';
import { UsageError } from './cli-error.js';
import { printTable, type Verb } from './verb.js';
import { withServices } from './with-services.js';

export const domainVerb: Verb = {
  name: 'domain',
  summary: 'add, list or delete mail domains',
  usage: 'chasqui domain add NAME | list | del NAME  [--data DIR] [--config FILE] [--json]',
  async run(args) {
    const parsed = parseVerbArguments(args);
    const [action, name] = parsed.positionals;
    return withServices(parsed, async ({ directory, delivery }) => {
      if (action === 'add' && name) {
        const domain = await directory.addDomain(name, { actor: 'cli' });
        await delivery.ensureDkimKeys(domain.name);
        console.log(
          parsed.values['json']
            ? JSON.stringify(domain)
            : `domain ${domain.name} added (DKIM keys created: chasqui dkim dns ${domain.name})`,
        );
      } else if (action === 'del' && name) {
        await directory.deleteDomain(name, { actor: 'cli' });
        console.log(`domain ${name} deleted`);
      } else if (action === 'list') {
        const domains = await directory.listDomains();
        if (parsed.values['json']) console.log(JSON.stringify(domains));
        else
          printTable(
            ['DOMAIN', 'CATCH-ALL', 'CREATED'],
            domains.map((d) => [d.name, d.catchAll ?? '-', new Date(d.createdAt).toISOString()]),
          );
      } else {
        throw new UsageError(`usage: ${domainVerb.usage}`);
      }
      return 0;
    });
  },
};
