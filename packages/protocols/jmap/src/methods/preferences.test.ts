// urn:chasqui:params:jmap:preferences through the API on both store backends: defaults, JSON
// pointer patches, validation naming the properties, singleton rules, ifInState, /changes,
// another node seeing the same object, and the StateChange push.
import assert from 'node:assert/strict';
import { get, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { testBackends, useBackend } from '@chasqui/testkit';
import { callOne, startBackendJmap, type BackendJmap } from '../../test/backend-harness.js';

const defaults = { tagColors: {}, signatures: [], defaultSignature: {}, remoteImageSenders: [] };

for (const backend of testBackends) {
  describe(`Preferences (${backend.name})`, async () => {
    const under = await useBackend(backend);
    let jmap: BackendJmap;
    before(async () => {
      if (!under.skip) jmap = await startBackendJmap(under.opened, { listen: true });
    });
    after(async () => jmap?.close());
    const options = { skip: under.skip };

    const getPrefs = async () => (await callOne(jmap, 'Preferences/get', { accountId: jmap.accountId }))[1];
    const update = (patch: unknown, extra: Record<string, unknown> = {}) =>
      callOne(jmap, 'Preferences/set', { accountId: jmap.accountId, update: { singleton: patch }, ...extra });

    it('advertises the capabilities in the session, with the image proxy template', options, async () => {
      const response = await jmap.app.inject({ url: '/jmap/session', headers: { authorization: jmap.auth } });
      const session = response.json<{
        capabilities: Record<string, unknown>;
        accounts: Record<string, { accountCapabilities: Record<string, unknown> }>;
      }>();
      assert.deepEqual(session.capabilities['urn:chasqui:params:jmap:preferences'], {
        imageProxyUrl: '/jmap/proxy/image?url={url}',
      });
      assert.deepEqual(session.capabilities['urn:chasqui:params:jmap:directory'], {});
      const account = session.accounts[jmap.accountId]?.accountCapabilities ?? {};
      assert.deepEqual(account['urn:chasqui:params:jmap:preferences'], {});
      assert.deepEqual(account['urn:chasqui:params:jmap:directory'], {});
    });

    it(
      'gives the defaults to an account that never wrote any, and honours ids and properties',
      options,
      async () => {
        const first = await getPrefs();
        assert.equal(first['state'], '0');
        assert.deepEqual(first['list'], [{ id: 'singleton', ...defaults }]);
        assert.deepEqual(first['notFound'], []);
        const [, picked] = await callOne(jmap, 'Preferences/get', {
          accountId: jmap.accountId,
          ids: ['singleton', 'other'],
          properties: ['tagColors'],
        });
        assert.deepEqual(picked['list'], [{ id: 'singleton', tagColors: {} }]);
        assert.deepEqual(picked['notFound'], ['other']);
      },
    );

    it('is unknown without the capability in using', options, async () => {
      const [response] = await jmap.api(
        [['Preferences/get', { accountId: jmap.accountId }, 'c']],
        ['urn:ietf:params:jmap:core'],
      );
      assert.equal(response?.[1]['type'], 'unknownMethod');
    });

    it('applies JSON-pointer patches and normalises keywords and senders', options, async () => {
      const [, set] = await update({
        'tagColors/$Label1': '#1565c0',
        'tagColors/trabajo': '#2E7D32',
        signatures: [
          { id: 'firma1', name: 'Formal', text: 'Atentamente,\nAna', html: '<p>Atentamente,<br>Ana</p>' },
          { id: 'firma2', name: 'Breve', text: 'Ana', html: null },
        ],
        defaultSignature: { I1: 'firma1', I2: null },
        remoteImageSenders: ['Boletin@Gob.PE', '@Example.ORG', 'boletin@gob.pe'],
      });
      assert.equal(Number(set['newState']), Number(set['oldState']) + 1);
      const updated = (set['updated'] as Record<string, Record<string, unknown>>)['singleton'];
      assert.deepEqual(updated?.['remoteImageSenders'], ['boletin@gob.pe', '@example.org']);
      assert.deepEqual(updated?.['tagColors'], { $label1: '#1565c0', trabajo: '#2E7D32' });
      await update({
        'tagColors/$label1': null,
        'tagColors/$label2': '#ff0000',
        'defaultSignature/I1': 'firma2',
      });
      const now = await getPrefs();
      assert.equal(Number(now['state']), Number(set['newState']) + 1);
      const [object] = now['list'] as Record<string, unknown>[];
      assert.deepEqual(object?.['tagColors'], { trabajo: '#2E7D32', $label2: '#ff0000' });
      assert.deepEqual(object?.['defaultSignature'], { I1: 'firma2', I2: null });
      assert.equal((object?.['signatures'] as unknown[]).length, 2);
    });

    it('drops a default that pointed to a signature the client removed', options, async () => {
      await update({
        signatures: [
          { id: 'firma1', name: 'Formal', text: 'Atentamente', html: null },
          { id: 'firma2', name: 'Breve', text: 'Ana', html: null },
        ],
        defaultSignature: { I1: 'firma2', I2: null },
      });
      await update({ signatures: [{ id: 'firma1', name: 'Formal', text: 'Atentamente', html: null }] });
      const [object] = (await getPrefs())['list'] as Record<string, unknown>[];
      assert.deepEqual(object?.['defaultSignature'], { I2: null });
    });

    it('rejects invalid values with invalidProperties naming each property', options, async () => {
      const cases: [unknown, string[]][] = [
        [{ 'tagColors/$label1': 'blue' }, ['tagColors']],
        [{ 'tagColors/bad(keyword': '#000000' }, ['tagColors']],
        [
          {
            signatures: Array.from({ length: 51 }, (_, i) => ({
              id: `s${i}`,
              name: 'n',
              text: '',
              html: null,
            })),
          },
          ['signatures'],
        ],
        [
          {
            signatures: [
              { id: 'a', name: 'x', text: '', html: null },
              { id: 'a', name: 'y', text: '', html: null },
            ],
          },
          ['signatures'],
        ],
        [{ signatures: [{ id: 'a', name: 'x'.repeat(101), text: '', html: null }] }, ['signatures']],
        [{ signatures: [{ id: 'a', name: 'x', text: 't'.repeat(10_001), html: null }] }, ['signatures']],
        [{ signatures: [{ id: 'a', name: 'x', text: '', html: 'h'.repeat(10_001) }] }, ['signatures']],
        [{ 'defaultSignature/I1': 'nope' }, ['defaultSignature']],
        [{ remoteImageSenders: ['not an address'] }, ['remoteImageSenders']],
        [
          { remoteImageSenders: Array.from({ length: 1001 }, (_, i) => `u${i}@example.org`) },
          ['remoteImageSenders'],
        ],
        [{ colour: 'x', 'tagColors/a': 'red' }, ['colour', 'tagColors']],
      ];
      const before = (await getPrefs())['state'];
      for (const [patch, properties] of cases) {
        const [, set] = await update(patch);
        const error = (set['notUpdated'] as Record<string, { type: string; properties: string[] }>)[
          'singleton'
        ];
        assert.equal(error?.type, 'invalidProperties', JSON.stringify(patch));
        assert.deepEqual(error?.properties, properties, JSON.stringify(patch));
      }
      assert.equal((await getPrefs())['state'], before, 'nothing was written');
    });

    it(
      'rejects patches that point inside an array, overlap or are not objects (invalidPatch)',
      options,
      async () => {
        for (const patch of [{ 'signatures/0': {} }, { tagColors: {}, 'tagColors/x': '#000000' }, 'x']) {
          const [, set] = await update(patch);
          const error = (set['notUpdated'] as Record<string, { type: string }>)['singleton'];
          assert.equal(error?.type, 'invalidPatch', JSON.stringify(patch));
        }
      },
    );

    it('refuses create and destroy as singleton errors, and unknown ids as notFound', options, async () => {
      const [, set] = await callOne(jmap, 'Preferences/set', {
        accountId: jmap.accountId,
        create: { k: { tagColors: {} } },
        destroy: ['singleton'],
        update: { other: { tagColors: {} } },
      });
      assert.equal((set['notCreated'] as Record<string, { type: string }>)['k']?.type, 'singleton');
      assert.equal((set['notDestroyed'] as Record<string, { type: string }>)['singleton']?.type, 'singleton');
      assert.equal((set['notUpdated'] as Record<string, { type: string }>)['other']?.type, 'notFound');
    });

    it('keeps the state when a patch changes nothing', options, async () => {
      await update({ 'tagColors/igual': '#010203' });
      const state = (await getPrefs())['state'];
      const [, set] = await update({ 'tagColors/igual': '#010203' });
      assert.equal(set['newState'], state);
      assert.deepEqual(set['updated'], { singleton: null });
    });

    it('answers stateMismatch when ifInState is not the current state', options, async () => {
      const [name, error] = await update({ 'tagColors/x': '#000000' }, { ifInState: '999' });
      assert.equal(name, 'error');
      assert.equal(error['type'], 'stateMismatch');
      const state = String((await getPrefs())['state']);
      const [, ok] = await update({ 'tagColors/x': '#000000' }, { ifInState: state });
      assert.equal(ok['newState'], String(Number(state) + 1));
    });

    it('Preferences/changes reports the singleton as updated since an older state', options, async () => {
      const state = String((await getPrefs())['state']);
      const [, fromZero] = await callOne(jmap, 'Preferences/changes', {
        accountId: jmap.accountId,
        sinceState: '0',
      });
      assert.deepEqual(fromZero['updated'], ['singleton']);
      assert.equal(fromZero['newState'], state);
      const [, none] = await callOne(jmap, 'Preferences/changes', {
        accountId: jmap.accountId,
        sinceState: state,
      });
      assert.deepEqual(none['updated'], []);
      const [, future] = await callOne(jmap, 'Preferences/changes', {
        accountId: jmap.accountId,
        sinceState: '99999',
      });
      assert.equal(future['type'], 'invalidArguments');
      const [, bad] = await callOne(jmap, 'Preferences/changes', {
        accountId: jmap.accountId,
        sinceState: 'x',
      });
      assert.equal(bad['type'], 'invalidArguments');
    });

    it('is kept in the store: another node sees and patches the same object', options, async () => {
      const other = await startBackendJmap(under.opened, { isSecondNode: true });
      try {
        await callOne(other, 'Preferences/set', {
          accountId: other.accountId,
          update: { singleton: { 'tagColors/nodo-b': '#abcdef' } },
        });
        const [object] = (await getPrefs())['list'] as { tagColors: Record<string, string> }[];
        assert.equal(object?.tagColors['nodo-b'], '#abcdef');
      } finally {
        await other.close();
      }
    });

    it('pushes a StateChange of type Preferences over EventSource', options, async () => {
      const address = jmap.app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const events: string[] = [];
      const stream = await new Promise<IncomingMessage>((resolve) => {
        get(
          {
            host: '127.0.0.1',
            port,
            path: '/jmap/eventsource?types=Preferences&closeafter=no&ping=0',
            headers: { authorization: jmap.auth },
          },
          resolve,
        );
      });
      const received = new Promise<string>((resolve) => {
        stream.on('data', (chunk: Buffer) => {
          events.push(chunk.toString());
          const text = events.join('');
          if (text.includes('event: state')) resolve(text);
        });
      });
      await update({ 'tagColors/push': '#123456' });
      const text = await received;
      stream.destroy();
      const data = JSON.parse(/data: (.*)/.exec(text.slice(text.indexOf('event: state')))?.[1] ?? '{}') as {
        changed: Record<string, Record<string, string>>;
      };
      const state = String((await getPrefs())['state']);
      assert.deepEqual(data.changed[jmap.accountId], { Preferences: state });
    });
  });
}
