// `chasqui alias add ADDRESS TARGET… | list [DOMAIN] | del ADDRESS`
import { parseVerbArguments } from './arguments.js';
import { UsageError } from './cli-error.js';
import { printTable, type Verb } from './verb.js';
import { withServices } from './with-services.js';

export const aliasVerb: Verb = {
  name: 'alias',
  summary: 'add, list or delete aliases',
  usage: 'chasqui alias add ADDRESS TARGET... | list [DOMAIN] | del ADDRESS  [--data DIR] [--json]',
  async run(args) {
    const parsed = parseVerbArguments(args);
    const [action, address, ...targets] = parsed.positionals;
    return withServices(parsed, async ({ directory }) => {
      if (action === 'add' && address && targets.length > 0) {
        const alias = await directory.addAlias(address, targets, { actor: 'cli' });
        console.log(
          parsed.values['json']
            ? JSON.stringify(alias)
            : `alias ${alias.address} → ${alias.targets.join(', ')}`,
        );
      } else if (action === 'del' && address) {
        await directory.deleteAlias(address, { actor: 'cli' });
        console.log(`alias ${address} deleted`);
      } else if (action === 'list') {
        const aliases = await directory.listAliases(address);
        if (parsed.values['json']) console.log(JSON.stringify(aliases));
        else
          printTable(
            ['ALIAS', 'TARGETS'],
            aliases.map((a) => [a.address, a.targets.join(', ')]),
          );
      } else {
        throw new UsageError(`usage: ${aliasVerb.usage}`);
      }
      return 0;
    });
  },
};
