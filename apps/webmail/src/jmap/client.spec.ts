import { describe, expect, it } from 'vitest';
import {
  assertSet,
  expandTemplate,
  JmapClient,
  JmapMethodError,
  JmapRequestError,
  JmapSetError,
} from './client.ts';
import { classifyLoginFailure, login } from './auth.ts';
import { parseStateChange } from './push.ts';
import type { Invocation } from './types.ts';

const session = {
  capabilities: {},
  accounts: { A1: { name: 'ana@example.test', isPersonal: true, isReadOnly: false } },
  primaryAccounts: { 'urn:ietf:params:jmap:mail': 'A1' },
  username: 'ana@example.test',
  apiUrl: '/jmap/api',
  downloadUrl: '/jmap/download/{accountId}/{blobId}/{name}?type={type}',
  uploadUrl: '/jmap/upload/{accountId}/',
  eventSourceUrl: '/jmap/eventsource?types={types}&closeafter={closeafter}&ping={ping}',
  state: 's1',
};

/** A fake server that records requests and answers each call with a handler. */
function fakeFetch(handler: (call: Invocation) => Invocation) {
  const requests: { url: string; init: RequestInit | undefined; calls: Invocation[] }[] = [];
  const impl = (async (url: string, init?: RequestInit) => {
    if (url.endsWith('/jmap/session')) return new Response(JSON.stringify(session));
    const body = JSON.parse(String(init?.body)) as { methodCalls: Invocation[] };
    requests.push({ url, init, calls: body.methodCalls });
    return new Response(
      JSON.stringify({ methodResponses: body.methodCalls.map(handler), sessionState: 's1' }),
    );
  }) as typeof fetch;
  return { impl, requests };
}

async function makeClient(handler: (call: Invocation) => Invocation) {
  const fake = fakeFetch(handler);
  const client = new JmapClient({ fetch: fake.impl, csrfToken: 'tok' });
  await client.loadSession();
  return { client, requests: fake.requests };
}

describe('JmapClient', () => {
  it('batches calls made in the same tick into one request with accountId and CSRF header', async () => {
    const { client, requests } = await makeClient(([name, , id]) => [
      name,
      { state: 'm1', list: [], name },
      id,
    ]);
    const [a, b] = await Promise.all([client.call('Mailbox/get', {}), client.call('Identity/get', {})]);
    expect(a['name']).toBe('Mailbox/get');
    expect(b['name']).toBe('Identity/get');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.calls.map((c) => c[1]['accountId'])).toEqual(['A1', 'A1']);
    expect((requests[0]!.init?.headers as Record<string, string>)['X-Chasqui-CSRF']).toBe('tok');
  });

  it('builds RFC 8620 §3.7 back-references in an explicit batch', async () => {
    const { client, requests } = await makeClient(([name, args, id]) =>
      name === 'Email/query'
        ? [name, { ids: ['e1'], position: 0, total: 1 }, id]
        : [name, { state: 'e9', list: [{ id: 'e1' }], echo: args }, id],
    );
    const batch = client.batch();
    const query = batch.add<{ ids: string[] }>('Email/query', {
      filter: { inMailbox: 'm1' },
      position: 0,
      limit: 50,
    });
    const get = batch.add<{ list: { id: string }[] }>('Email/get', {
      '#ids': query.ref('/ids'),
      properties: ['subject'],
    });
    await batch.send();
    expect((await query.result).ids).toEqual(['e1']);
    expect((await get.result).list[0]!.id).toBe('e1');
    expect(requests[0]!.calls[1]![1]['#ids']).toEqual({
      resultOf: query.id,
      name: 'Email/query',
      path: '/ids',
    });
    expect(client.states.get('Email')).toBe('e9');
  });

  it('rejects only the failing call with a JmapMethodError', async () => {
    const { client } = await makeClient(([name, , id]) =>
      name === 'Email/changes' ? ['error', { type: 'cannotCalculateChanges' }, id] : [name, {}, id],
    );
    const failing = client.call('Email/changes', { sinceState: 'old' });
    const fine = client.call('Mailbox/get', {});
    await expect(failing).rejects.toMatchObject({ type: 'cannotCalculateChanges' });
    await expect(failing).rejects.toBeInstanceOf(JmapMethodError);
    await expect(fine).resolves.toEqual({});
  });

  it('turns HTTP failures into JmapRequestError', async () => {
    const client = new JmapClient({
      fetch: (async () =>
        new Response(JSON.stringify({ type: 'urn:ietf:params:jmap:error:limit' }), {
          status: 400,
        })) as typeof fetch,
    });
    await expect(client.request([])).rejects.toBeInstanceOf(JmapRequestError);
  });

  it('expands download templates with encoding', async () => {
    const { client } = await makeClient(([n, , id]) => [n, {}, id]);
    expect(client.downloadUrl('b/1', 'informe final.pdf', 'application/pdf')).toBe(
      '/jmap/download/A1/b%2F1/informe%20final.pdf?type=application%2Fpdf',
    );
    expect(client.eventSourceUrl()).toBe('/jmap/eventsource?types=*&closeafter=no&ping=30');
    expect(expandTemplate('/x/{a}/{missing}', { a: '1' })).toBe('/x/1/{missing}');
  });

  it('tracks state staleness', async () => {
    const { client } = await makeClient(([n, , id]) => [n, { state: 'S2', list: [] }, id]);
    await client.call('Email/get', { ids: [] });
    expect(client.isStale('Email', 'S2')).toBe(false);
    expect(client.isStale('Email', 'S3')).toBe(true);
  });
});

describe('assertSet', () => {
  it('throws the first SetError', () => {
    expect(() => assertSet({ notUpdated: { m1: { type: 'mailboxHasEmail' } } })).toThrow(JmapSetError);
    expect(assertSet({ notUpdated: null })).toEqual({ notUpdated: null });
  });
});

describe('login', () => {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    (async () => new Response(JSON.stringify(body), { status, headers })) as typeof fetch;

  it('returns the CSRF token on success', async () => {
    await expect(login('ana', 'x', answer(200, { accessToken: 'a', csrfToken: 'c' }))).resolves.toEqual({
      ok: true,
      csrfToken: 'c',
      accessToken: 'a',
    });
  });
  it('explains wrong password, lock-out and expiry', async () => {
    await expect(login('ana', 'x', answer(401, { type: 'invalidCredentials' }))).resolves.toMatchObject({
      reason: 'invalid',
    });
    await expect(login('ana', 'x', answer(429, {}, { 'Retry-After': '120' }))).resolves.toMatchObject({
      reason: 'locked',
      retryAfterSeconds: 120,
    });
    await expect(login('ana', 'x', answer(401, { type: 'accountLocked' }))).resolves.toMatchObject({
      reason: 'locked',
    });
    await expect(login('ana', 'x', answer(401, { type: 'passwordExpired' }))).resolves.toMatchObject({
      reason: 'expired',
    });
  });
  it('reports network failures', async () => {
    const offline = (async () => {
      throw new TypeError('offline');
    }) as typeof fetch;
    await expect(login('ana', 'x', offline)).resolves.toMatchObject({ reason: 'network' });
  });
  it('classifies text reasons', () => {
    expect(classifyLoginFailure(403, { error: 'account disabled' })).toBe('disabled');
    expect(classifyLoginFailure(500, {})).toBe('server');
  });
});

describe('parseStateChange', () => {
  it('accepts StateChange and rejects anything else', () => {
    expect(
      parseStateChange('{"@type":"StateChange","changed":{"A1":{"Email":"s2"}}}')?.changed['A1']?.['Email'],
    ).toBe('s2');
    expect(parseStateChange('{"@type":"Other"}')).toBeNull();
    expect(parseStateChange('not json')).toBeNull();
  });
});
