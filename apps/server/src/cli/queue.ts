// `chasqui queue list | retry ID|all | delete ID`
import type { QueueEntry } from '@chasqui/store';
import { parseVerbArguments } from './arguments.js';
import { UsageError } from './cli-error.js';
import { printTable, type Verb } from './verb.js';
import { withServices } from './with-services.js';

const usage = 'chasqui queue list | retry ID|all | delete ID  [--data DIR] [--json]';

function describe(entry: QueueEntry): string[] {
  const pending = entry.recipients.filter((r) => r.status === 'pending').map((r) => r.address);
  return [
    String(entry.id),
    new Date(entry.createdAt).toISOString(),
    entry.mailFrom || '<>',
    pending.join(', '),
    String(entry.attempts),
    new Date(entry.nextAttemptAt).toISOString(),
    (entry.lastError ?? '').slice(0, 60),
  ];
}

function queueId(value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new UsageError(`usage: ${usage}`);
  return Number(value);
}

export const queueVerb: Verb = {
  name: 'queue',
  summary: 'list, retry or delete outgoing mail waiting in the queue',
  usage,
  async run(args) {
    const parsed = parseVerbArguments(args);
    const [action, target] = parsed.positionals;
    return withServices(parsed, async ({ store }) => {
      if (action === 'list') {
        const entries = await store.outboundQueue.list();
        if (parsed.values['json']) console.log(JSON.stringify(entries));
        else
          printTable(
            ['ID', 'QUEUED', 'FROM', 'PENDING', 'TRIES', 'NEXT', 'LAST ERROR'],
            entries.map(describe),
          );
      } else if (action === 'retry' && target === 'all') {
        const entries = await store.outboundQueue.list(100_000);
        for (const entry of entries) await store.outboundQueue.retryNow(entry.id, Date.now());
        console.log(`${entries.length} messages will be retried now`);
      } else if (action === 'retry') {
        const id = queueId(target);
        if (!(await store.outboundQueue.retryNow(id, Date.now())))
          throw new UsageError(`no queued message ${id}`);
        console.log(`message ${id} will be retried now`);
      } else if (action === 'delete') {
        const id = queueId(target);
        if (!(await store.outboundQueue.delete(id))) throw new UsageError(`no queued message ${id}`);
        await store.audit.add({
          at: Date.now(),
          actor: 'cli',
          action: 'queue.delete',
          target: String(id),
          detail: {},
        });
        console.log(`message ${id} deleted from the queue (no bounce is sent)`);
      } else {
        throw new UsageError(`usage: ${usage}`);
      }
      return 0;
    });
  },
};
