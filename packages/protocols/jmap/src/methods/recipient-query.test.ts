// urn:chasqui:params:jmap:directory Recipient/query on both store backends: recipients learnt
// from EmailSubmission, the global address list (accounts and lists; disabled and system
// accounts left out), accent- and case-insensitive matching, ranking, de-duplication, the
// directory cache's TTL, and invalidArguments.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends, useBackend } from '@chasqui/testkit';
import { callOne, startBackendJmap, type BackendJmap } from '../../test/backend-harness.js';

interface Match {
  name: string | null;
  email: string;
  kind: string;
  uses: number;
}

for (const backend of testBackends) {
  describe(`Recipient/query (${backend.name})`, async () => {
    const under = await useBackend(backend);
    let jmap: BackendJmap;
    const query = async (text: unknown, limit?: unknown) => {
      const args = { accountId: jmap.accountId, text, ...(limit === undefined ? {} : { limit }) };
      return callOne(jmap, 'Recipient/query', args);
    };
    const list = async (text: string, limit?: number) => (await query(text, limit))[1]['list'] as Match[];

    before(async () => {
      if (under.skip) return;
      jmap = await startBackendJmap(under.opened);
      const { store } = under.opened;
      const domain = await store.domains.getByName('example.test');
      const domainId = domain?.id ?? 0;
      const add = (address: string, displayName: string) =>
        store.accounts.create({ domainId, address, displayName, passwordHash: 'x' });
      await add('jose.perez@example.test', 'José Pérez');
      await add('maria.nunez@example.test', 'María Núñez');
      await add('postmaster@example.test', 'Postmaster');
      const gone = await add('jose.disabled@example.test', 'José Deshabilitado');
      await store.accounts.update(gone.id, { state: 'disabled' });
      await jmap.directory.addGroup({
        address: 'logistica@example.test',
        name: 'Área de Logística',
        members: ['bob@example.test'],
      });
    });
    after(async () => jmap?.close());
    const options = { skip: under.skip };

    it('learns To, Cc and Bcc with their names from EmailSubmission/set', options, async () => {
      const boxes = (await callOne(jmap, 'Mailbox/get', { accountId: jmap.accountId }))[1]['list'] as {
        id: string;
        role: string | null;
      }[];
      const drafts = boxes.find((box) => box.role === 'drafts')?.id ?? '';
      const identity = (
        (await callOne(jmap, 'Identity/get', { accountId: jmap.accountId }))[1]['list'] as { id: string }[]
      )[0];
      const responses = await jmap.api([
        [
          'Email/set',
          {
            accountId: jmap.accountId,
            create: {
              d: {
                mailboxIds: { [drafts]: true },
                from: [{ email: 'ana@example.test' }],
                to: [{ name: 'José Pérez', email: 'jose.perez@example.test' }],
                cc: [{ name: 'Juana Pérez Quispe', email: 'Juana@Externo.PE' }],
                bcc: [{ email: 'auditoria@externo.pe' }],
                subject: 'Informe',
                textBody: [{ partId: 't', type: 'text/plain' }],
                bodyValues: { t: { value: 'Adjunto el informe.' } },
              },
            },
          },
          'e',
        ],
        [
          'EmailSubmission/set',
          { accountId: jmap.accountId, create: { s: { identityId: identity?.id, emailId: '#d' } } },
          's',
        ],
      ]);
      const created = responses[1]?.[1]['created'] as Record<string, unknown> | null;
      assert.ok(created?.['s'], JSON.stringify(responses));
      assert.deepEqual(await list('juana'), [
        { name: 'Juana Pérez Quispe', email: 'juana@externo.pe', kind: 'contact', uses: 1 },
      ]);
      assert.deepEqual(await list('auditoria'), [
        { name: null, email: 'auditoria@externo.pe', kind: 'contact', uses: 1 },
      ]);
    });

    it(
      'matches any word of the name or the start of the address, ignoring accents and case',
      options,
      async () => {
        assert.deepEqual(
          (await list('JOSÉ')).map((m) => m.email),
          ['jose.perez@example.test'],
        );
        assert.deepEqual(
          (await list('jose.p')).map((m) => m.email),
          ['jose.perez@example.test'],
        );
        assert.deepEqual(
          (await list('nunez')).map((m) => m.email),
          ['maria.nunez@example.test'],
        );
        assert.deepEqual(
          (await list('logistica')).map((m) => [m.email, m.kind]),
          [['logistica@example.test', 'list']],
        );
        assert.deepEqual(await list('xyz'), []);
        assert.deepEqual(await list('ez'), [], 'a match starts a word');
      },
    );

    it('keeps a directory entry the user has written to as "gal", with its uses, once', options, async () => {
      assert.deepEqual(await list('jose'), [
        { name: 'José Pérez', email: 'jose.perez@example.test', kind: 'gal', uses: 1 },
      ]);
    });

    it('leaves out disabled accounts and system addresses', options, async () => {
      assert.deepEqual(await list('deshabilitado'), []);
      assert.deepEqual(await list('postmaster'), []);
    });

    it('ranks prefixes of the address or name first, then uses, then recency', options, async () => {
      const { mail, anaId, backend: opened } = jmap;
      await mail.recipients.record(anaId, [{ email: 'perez.rosa@externo.pe', name: 'Rosa Pérez' }]);
      opened.clock.advance(1000);
      for (let i = 0; i < 3; i++)
        await mail.recipients.record(anaId, [{ email: 'carlos@externo.pe', name: 'Carlos Pérez' }]);
      const ranked = (await list('perez')).map((m) => m.email);
      // "perez…" starts Rosa's address; the others match a later word, most used first.
      assert.deepEqual(ranked, [
        'perez.rosa@externo.pe',
        'carlos@externo.pe',
        'jose.perez@example.test',
        'juana@externo.pe',
      ]);
      assert.deepEqual((await list('perez', 2)).length, 2);
    });

    it('sees a new directory account once the cached list expires', options, async () => {
      const { store } = under.opened;
      const domain = await store.domains.getByName('example.test');
      await list('rocio');
      await store.accounts.create({
        domainId: domain?.id ?? 0,
        address: 'rocio@example.test',
        displayName: 'Rocío',
        passwordHash: 'x',
      });
      jmap.backend.clock.advance(61_000);
      assert.deepEqual(
        (await list('rocio')).map((m) => m.email),
        ['rocio@example.test'],
      );
    });

    it('rejects empty or too long text and a bad limit with invalidArguments', options, async () => {
      for (const [text, limit] of [
        ['', undefined],
        ['   ', undefined],
        ['x'.repeat(101), undefined],
        [7, undefined],
        ['jo', 0],
        ['jo', 51],
        ['jo', 2.5],
        ['jo', '3'],
      ] as const) {
        const [name, error] = await query(text, limit);
        assert.equal(name, 'error');
        assert.equal(error['type'], 'invalidArguments', JSON.stringify([text, limit]));
      }
      const [, wrong] = await callOne(jmap, 'Recipient/query', { accountId: 'A999999', text: 'jo' });
      assert.equal(wrong['type'], 'accountNotFound');
    });
  });
}
