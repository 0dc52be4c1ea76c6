// `chasqui log tail [-n N] [--follow] | search [--address A|@domain] [--subject S] [--direction D]
//  [--verdict V] [--min-score N] [--since DATE] [--until DATE] [--limit N]`
import type { MessageLogEntry, MessageLogQuery, Store } from '@chasqui/store';
import { parseVerbArguments, type ParsedArguments } from './arguments.js';
import { UsageError } from './cli-error.js';
import { printTable, type Verb } from './verb.js';
import { withServices } from './with-services.js';

const usage =
  'chasqui log tail [-n N] [--follow] | search [--address A|@domain] [--subject S] [--direction in|out|internal] [--verdict V] [--min-score N] [--since DATE] [--until DATE] [--limit N]  [--data DIR] [--json]';

const directions = {
  in: 'inbound',
  out: 'outbound',
  internal: 'internal',
  inbound: 'inbound',
  outbound: 'outbound',
} as const;

function row(entry: MessageLogEntry): string[] {
  return [
    String(entry.id),
    new Date(entry.at).toISOString().replace('T', ' ').slice(0, 19),
    entry.direction,
    entry.verdict,
    entry.mailFrom || '<>',
    entry.recipients.map((r) => `${r.address}:${r.status}`).join(' '),
    entry.subject.slice(0, 50),
  ];
}

function print(entries: readonly MessageLogEntry[], json: boolean, header = true): void {
  if (json) {
    for (const entry of entries) console.log(JSON.stringify(entry));
    return;
  }
  if (header)
    printTable(['ID', 'TIME', 'DIRECTION', 'VERDICT', 'FROM', 'RECIPIENTS', 'SUBJECT'], entries.map(row));
  else for (const entry of entries) console.log(row(entry).join('  '));
}

function time(value: unknown, name: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = Date.parse(value);
  if (!Number.isFinite(parsed))
    throw new UsageError(`--${name}: not a date (example: 2026-11-24 or 2026-11-24T10:00)`);
  return parsed;
}

function searchQuery(values: ParsedArguments['values']): MessageLogQuery {
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  const direction = text('direction');
  if (direction !== undefined && !(direction in directions))
    throw new UsageError('--direction must be in, out or internal');
  const query: Record<string, unknown> = {
    address: text('address'),
    subjectContains: text('subject'),
    direction: direction === undefined ? undefined : directions[direction as keyof typeof directions],
    verdict: text('verdict'),
    minScore: text('min-score') === undefined ? undefined : Number(text('min-score')),
    from: time(values['since'], 'since'),
    to: time(values['until'], 'until'),
    limit: Number(text('limit') ?? 100),
  };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
}

async function follow(store: Store, lastId: number, json: boolean): Promise<never> {
  let last = lastId;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const fresh = (await store.messageLog.search({ limit: 1000 })).filter((e) => e.id > last).reverse();
    if (fresh.length > 0) last = fresh.at(-1)?.id ?? last;
    print(fresh, json, false);
  }
}

export const logVerb: Verb = {
  name: 'log',
  summary: 'show and search the message log',
  usage,
  async run(args) {
    const parsed = parseVerbArguments(args, {
      n: { type: 'string', short: 'n' },
      follow: { type: 'boolean', short: 'f' },
      address: { type: 'string' },
      subject: { type: 'string' },
      direction: { type: 'string' },
      verdict: { type: 'string' },
      'min-score': { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string' },
    });
    const [action] = parsed.positionals;
    const json = parsed.values['json'] === true;
    return withServices(parsed, async ({ store }) => {
      if (action === 'tail') {
        const count = Number(parsed.values['n'] ?? 20);
        const entries = (await store.messageLog.search({ limit: count })).reverse();
        print(entries, json);
        if (parsed.values['follow'] === true) await follow(store, entries.at(-1)?.id ?? 0, json);
      } else if (action === 'search') {
        print(await store.messageLog.search(searchQuery(parsed.values)), json);
      } else {
        throw new UsageError(`usage: ${usage}`);
      }
      return 0;
    });
  },
};
