import { describe, expect, it } from 'vitest';
import { JmapClient } from '../jmap/client.ts';
import { CAPABILITY_DIRECTORY, type Invocation } from '../jmap/types.ts';
import { RecentCorrespondents } from './prefs.ts';
import { mergeSuggestions, searchRecipients } from './recipient-search.ts';
import { currentToken, pickInto } from '../ui/address-field.tsx';

function directoryClient(onRequest: (calls: Invocation[], signal: AbortSignal | null | undefined) => void) {
  const fetchImpl = (async (_url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { methodCalls: Invocation[] };
    onRequest(body.methodCalls, init?.signal);
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const [[name, , id]] = body.methodCalls as [Invocation];
    const list = [{ name: 'José Pérez', email: 'jperez@gob.pe', kind: 'gal', uses: 0 }];
    return new Response(JSON.stringify({ methodResponses: [[name, { list }, id]] }));
  }) as typeof fetch;
  const client = new JmapClient({ fetch: fetchImpl });
  client.session = {
    capabilities: { [CAPABILITY_DIRECTORY]: {} },
    primaryAccounts: { 'urn:ietf:params:jmap:mail': 'A1' },
    apiUrl: '/jmap/api',
  } as never;
  return client;
}

describe('searchRecipients', () => {
  it('asks Recipient/query in a request of its own and keeps the server ranking', async () => {
    const seen: Invocation[][] = [];
    const client = directoryClient((calls) => seen.push(calls));
    const found = await searchRecipients(
      client,
      new RecentCorrespondents('A1'),
      'pere',
      new AbortController().signal,
    );
    expect(seen).toEqual([
      [['Recipient/query', { accountId: 'A1', text: 'pere', limit: 8 }, expect.any(String)]],
    ]);
    expect(found).toEqual([{ name: 'José Pérez', email: 'jperez@gob.pe', kind: 'gal' }]);
  });

  it('passes the abort signal, so a newer keystroke cancels the request', async () => {
    const abort = new AbortController();
    let signal: AbortSignal | null | undefined;
    const client = directoryClient((_calls, s) => (signal = s));
    abort.abort();
    await expect(
      searchRecipients(client, new RecentCorrespondents('A1'), 'pe', abort.signal),
    ).rejects.toThrow();
    expect(signal?.aborted).toBe(true);
  });

  it('merges local and contact suggestions without repeating an address', () => {
    const merged = mergeSuggestions(
      [{ name: null, email: 'Ana@x.pe', kind: 'recent' }],
      [
        { name: 'Ana', email: 'ana@x.pe', kind: 'contact' },
        { name: 'Luis', email: 'luis@x.pe', kind: 'contact' },
      ],
    );
    expect(merged.map((s) => s.email)).toEqual(['Ana@x.pe', 'luis@x.pe']);
  });
});

describe('address field text', () => {
  it('suggests for the last address and replaces only it when picking', () => {
    const value = 'ana@x.pe, "Pérez, José" <j@x.pe>; lu';
    expect(currentToken(value)).toBe('lu');
    expect(pickInto('ana@x.pe, lu', { name: 'Luis Peña', email: 'luis@x.pe' })).toBe(
      'ana@x.pe, Luis Peña <luis@x.pe>, ',
    );
    expect(pickInto('', { name: 'Mesa de partes, GORE', email: 'mp@x.pe' })).toBe(
      '"Mesa de partes, GORE" <mp@x.pe>, ',
    );
  });
});
