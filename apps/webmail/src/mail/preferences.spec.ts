import { beforeEach, describe, expect, it } from 'vitest';
import { JmapClient } from '../jmap/client.ts';
import { CAPABILITY_PREFERENCES, type Invocation, type Preferences } from '../jmap/types.ts';
import {
  applyPatch,
  EMPTY_PREFERENCES,
  imageProxyOf,
  migrationPatch,
  PreferencesStore,
} from './preferences.ts';

/** A server holding one Preferences object; `failSet` makes Preferences/set answer notUpdated. */
function fakeServer(options: { capability: boolean; stored?: Partial<Preferences>; failSet?: boolean }) {
  let stored: Preferences = { ...EMPTY_PREFERENCES, ...options.stored };
  const calls: Invocation[] = [];
  const using: string[][] = [];
  const fetchImpl = (async (_url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { using: string[]; methodCalls: Invocation[] };
    using.push(body.using);
    calls.push(...body.methodCalls);
    const responses = body.methodCalls.map(([name, args, id]): Invocation => {
      if (name === 'Preferences/get')
        return [name, { state: 'p1', list: [{ id: 'singleton', ...stored }], notFound: [] }, id];
      const patch = (args['update'] as Record<string, Record<string, unknown>>)['singleton'] ?? {};
      if (options.failSet)
        return [
          name,
          { oldState: 'p1', newState: 'p1', notUpdated: { singleton: { type: 'invalidPatch' } } },
          id,
        ];
      stored = applyPatch(stored, patch);
      return [name, { oldState: 'p1', newState: 'p2', updated: { singleton: null } }, id];
    });
    return new Response(JSON.stringify({ methodResponses: responses }));
  }) as typeof fetch;
  const client = new JmapClient({ fetch: fetchImpl });
  client.session = {
    capabilities: options.capability
      ? { [CAPABILITY_PREFERENCES]: { imageProxyUrl: '/jmap/proxy/image?url={url}' } }
      : {},
    primaryAccounts: { 'urn:ietf:params:jmap:mail': 'A1' },
    apiUrl: '/jmap/api',
  } as never;
  return { client, calls, using, stored: () => stored };
}

function makeStore(client: JmapClient) {
  const errors: unknown[] = [];
  let changes = 0;
  const store = new PreferencesStore(
    client,
    'A1',
    () => changes++,
    (e) => errors.push(e),
  );
  return { store, errors, changes: () => changes };
}

beforeEach(() => localStorage.clear());

describe('applyPatch', () => {
  it('sets and removes map entries by JSON pointer, with ~0/~1 escapes', () => {
    const a = applyPatch(EMPTY_PREFERENCES, { 'tagColors/a~1b': '#1565c0', 'defaultSignature/id1': null });
    expect(a.tagColors).toEqual({ 'a/b': '#1565c0' });
    expect(a.defaultSignature).toEqual({ id1: null });
    expect(applyPatch(a, { 'tagColors/a~1b': null }).tagColors).toEqual({});
  });
});

describe('migrationPatch', () => {
  it('adds what the server lacks and keeps the server value on conflict', () => {
    const server = {
      ...EMPTY_PREFERENCES,
      tagColors: { $label1: '#2e7d32' },
      remoteImageSenders: ['@gob.pe'],
    };
    const local: Preferences = {
      tagColors: { $label1: '#b3261e', informe: '#1565c0' },
      signatures: [{ id: 's1', name: 'Formal', text: 'Atte.', html: null }],
      defaultSignature: { id1: 's1' },
      remoteImageSenders: ['ana@x.pe', '@gob.pe'],
    };
    expect(migrationPatch(server, local)).toEqual({
      'tagColors/informe': '#1565c0',
      signatures: local.signatures,
      'defaultSignature/id1': 's1',
      remoteImageSenders: ['@gob.pe', 'ana@x.pe'],
    });
  });
});

describe('PreferencesStore', () => {
  it('migrates localStorage values once, then reads the server only', async () => {
    localStorage.setItem('chasqui.tags.A1', JSON.stringify({ informe: '#1565c0' }));
    localStorage.setItem('chasqui.sigdefault.A1', JSON.stringify({ id1: 'none' }));
    const server = fakeServer({ capability: true });
    const { store } = makeStore(server.client);
    await store.load();
    expect(server.stored().tagColors).toEqual({ informe: '#1565c0' });
    expect(server.stored().defaultSignature).toEqual({ id1: null });
    expect(localStorage.getItem('chasqui.tags.A1')).toBeNull();
    expect(server.using[0]).toContain(CAPABILITY_PREFERENCES);
    const again = makeStore(server.client);
    server.calls.length = 0;
    await again.store.load();
    expect(server.calls.map((c) => c[0])).toEqual(['Preferences/get']);
    expect(again.store.tagColors()).toEqual({ informe: '#1565c0' });
  });

  it('applies a change at once and reverts it when Preferences/set fails', async () => {
    const server = fakeServer({ capability: true, stored: { tagColors: { a: '#b3261e' } }, failSet: true });
    const { store, errors } = makeStore(server.client);
    await store.load();
    const saving = store.setTagColor('b', '#1565c0');
    expect(store.tagColors()).toEqual({ a: '#b3261e', b: '#1565c0' });
    expect(await saving).toBe(false);
    expect(store.tagColors()).toEqual({ a: '#b3261e' });
    expect(errors).toHaveLength(1);
  });

  it('falls back to localStorage quietly without the capability', async () => {
    const server = fakeServer({ capability: false });
    const { store, errors } = makeStore(server.client);
    await store.load();
    await store.allowRemote('@Gob.pe');
    expect(server.calls).toEqual([]);
    expect(errors).toEqual([]);
    expect(JSON.parse(localStorage.getItem('chasqui.remote.A1') ?? '[]')).toEqual(['@gob.pe']);
    expect(store.isRemoteAllowed('Ana@gob.pe')).toBe(true);
    expect(store.isRemoteAllowed('ana@gob.pe.evil.example')).toBe(false);
    expect(imageProxyOf(server.client)).toBeUndefined();
  });

  it('expands the image proxy template of the session', () => {
    const proxy = imageProxyOf(fakeServer({ capability: true }).client);
    expect(proxy?.('https://x.pe/a b.png')).toBe('/jmap/proxy/image?url=https%3A%2F%2Fx.pe%2Fa%20b.png');
  });
});
