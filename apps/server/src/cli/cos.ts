// `chasqui cos add|set NAME [limits] | list | del NAME | assign ADDRESS NAME|none`
import type { ClassOfService, ClassOfServiceLimits } from '@chasqui/store';
import { parseSize, parseVerbArguments, type ParsedArguments } from './arguments.js';
import { UsageError } from './cli-error.js';
import { printTable, type Verb } from './verb.js';
import { withServices } from './with-services.js';

const usage =
  'chasqui cos add|set NAME [--max-recipients N] [--max-size 25M] [--quota 2G] [--max-sent-per-hour N] | list | del NAME | assign ADDRESS NAME|none  [--data DIR] [--json]';

function count(value: string | boolean | undefined, name: string): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return null;
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    throw new UsageError(`--${name} must be a number or none`);
  return Number(value);
}

function size(value: string | boolean | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return null;
  return parseSize(String(value));
}

function limitsFrom(values: ParsedArguments['values']): ClassOfServiceLimits {
  const limits: Record<string, number | null | undefined> = {
    maxRecipients: count(values['max-recipients'], 'max-recipients'),
    maxMessageBytes: size(values['max-size']),
    quotaBytes: size(values['quota']),
    maxSentPerHour: count(values['max-sent-per-hour'], 'max-sent-per-hour'),
  };
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
}

const show = (value: number | null) => (value === null ? '-' : String(value));

function print(classes: readonly ClassOfService[], json: boolean): void {
  if (json) console.log(JSON.stringify(classes));
  else
    printTable(
      ['NAME', 'MAX RECIPIENTS', 'MAX SIZE', 'QUOTA', 'SENT/HOUR'],
      classes.map((c) => [
        c.name,
        show(c.maxRecipients),
        show(c.maxMessageBytes),
        show(c.quotaBytes),
        show(c.maxSentPerHour),
      ]),
    );
}

export const cosVerb: Verb = {
  name: 'cos',
  summary: 'classes of service: limits shared by groups of accounts',
  usage,
  async run(args) {
    const parsed = parseVerbArguments(args, {
      'max-recipients': { type: 'string' },
      'max-size': { type: 'string' },
      quota: { type: 'string' },
      'max-sent-per-hour': { type: 'string' },
    });
    const [action, name, target] = parsed.positionals;
    const json = parsed.values['json'] === true;
    return withServices(parsed, async ({ directory }) => {
      const classes = directory.classes;
      if (action === 'add' && name) print([await classes.add(name, limitsFrom(parsed.values), 'cli')], json);
      else if (action === 'set' && name)
        print([await classes.update(name, limitsFrom(parsed.values), 'cli')], json);
      else if (action === 'list') print(await classes.list(), json);
      else if (action === 'del' && name) {
        await classes.delete(name, 'cli');
        console.log(`class of service ${name} deleted; its accounts use the defaults`);
      } else if (action === 'assign' && name && target) {
        await classes.assign(name, target === 'none' ? null : target, 'cli');
        console.log(`${name} → ${target === 'none' ? 'defaults' : target}`);
      } else throw new UsageError(`usage: ${usage}`);
      return 0;
    });
  },
};
