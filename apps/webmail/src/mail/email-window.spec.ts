import { describe, expect, it } from 'vitest';
import { JmapClient } from '../jmap/client.ts';
import type { Invocation } from '../jmap/types.ts';
import { EmailWindow, PAGE_SIZE } from './email-window.ts';

const TOTAL = 100_000;

function fakeServer() {
  const calls: Invocation[] = [];
  const fetchImpl = (async (_url: string, init?: RequestInit) => {
    const { methodCalls } = JSON.parse(String(init?.body)) as { methodCalls: Invocation[] };
    calls.push(...methodCalls);
    let ids: string[] = [];
    const responses = methodCalls.map(([name, args, id]): Invocation => {
      if (name === 'Email/query') {
        const position = Number(args['position']);
        const limit = Number(args['limit']);
        ids = Array.from({ length: Math.min(limit, TOTAL - position) }, (_, i) => `e${String(position + i)}`);
        return [name, { ids, position, total: TOTAL, queryState: 'q1' }, id];
      }
      return [name, { state: 's', list: ids.map((e) => ({ id: e, subject: e })) }, id];
    });
    return new Response(JSON.stringify({ methodResponses: responses }));
  }) as typeof fetch;
  const client = new JmapClient({ fetch: fetchImpl });
  client.session = {
    capabilities: {},
    primaryAccounts: { 'urn:ietf:params:jmap:mail': 'A' },
    apiUrl: '/jmap/api',
  } as never;
  return { client, calls };
}

describe('EmailWindow', () => {
  it('loads only the pages of the visible range of a 100,000-message mailbox', async () => {
    const { client, calls } = fakeServer();
    const window = new EmailWindow(client, { filter: { inMailbox: 'm' }, collapseThreads: false }, new Map());
    await window.ensureRange(50_010, 50_040);
    expect(window.total).toBe(TOTAL);
    expect(window.emailAt(50_020)?.subject).toBe('e50020');
    expect(window.emailAt(0)).toBeUndefined();
    expect(calls.filter((c) => c[0] === 'Email/query')).toHaveLength(1);
    expect(calls[0]![1]['position']).toBe(Math.floor(50_010 / PAGE_SIZE) * PAGE_SIZE);
    expect(calls[1]![1]['#ids']).toMatchObject({ name: 'Email/query', path: '/ids' });
  });

  it('does not refetch a loaded page and removes ids optimistically', async () => {
    const { client, calls } = fakeServer();
    const window = new EmailWindow(client, { filter: {}, collapseThreads: true }, new Map());
    await window.ensureRange(0, 30);
    await window.ensureRange(10, 40);
    expect(calls.filter((c) => c[0] === 'Email/query')).toHaveLength(1);
    expect(calls[0]![1]['collapseThreads']).toBe(true);
    window.removeIds(['e1']);
    expect(window.idAt(1)).toBe('e2');
    expect(window.total).toBe(TOTAL - 1);
  });
});
