// Contract tests for domains, accounts, aliases, groups, message log and audit, on every backend.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isChasquiError } from '@chasqui/core';
import { testBackends, useBackend, seedAccount } from '@chasqui/testkit';

for (const backend of testBackends) {
  describe(`directory store (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;

    it('creates, finds and lists domains; refuses duplicates', { skip }, async () => {
      const { store } = under.opened;
      const domain = await store.domains.create('dominio.test');
      assert.equal((await store.domains.getByName('dominio.test'))?.id, domain.id);
      assert.equal((await store.domains.getById(domain.id))?.name, 'dominio.test');
      await assert.rejects(store.domains.create('dominio.test'), (e) => isChasquiError(e, 'ALREADY_EXISTS'));
      await store.domains.setCatchAll(domain.id, 'todo@dominio.test');
      assert.equal((await store.domains.getById(domain.id))?.catchAll, 'todo@dominio.test');
      assert.ok((await store.domains.list()).some((d) => d.name === 'dominio.test'));
    });

    it('keeps one address space for accounts, aliases and groups', { skip }, async () => {
      const { store } = under.opened;
      const { domain, account } = await seedAccount(store, 'uno@espacio.test');
      const taken = (e: unknown) => isChasquiError(e, 'ALREADY_EXISTS');
      await assert.rejects(
        store.aliases.create({ domainId: domain.id, address: account.address, targets: ['x@y.test'] }),
        taken,
      );
      await assert.rejects(
        store.groups.create({
          domainId: domain.id,
          address: account.address,
          name: 'G',
          postingPolicy: 'anyone',
          members: [],
        }),
        taken,
      );
      await store.aliases.create({
        domainId: domain.id,
        address: 'alias@espacio.test',
        targets: ['uno@espacio.test'],
      });
      await assert.rejects(
        store.accounts.create({
          domainId: domain.id,
          address: 'alias@espacio.test',
          displayName: '',
          passwordHash: 'x',
        }),
        taken,
      );
      await store.aliases.delete('alias@espacio.test');
      const reused = await store.accounts.create({
        domainId: domain.id,
        address: 'alias@espacio.test',
        displayName: '',
        passwordHash: 'x',
      });
      assert.equal(reused.address, 'alias@espacio.test');
    });

    it('updates and deletes accounts, and refuses to delete a domain in use', { skip }, async () => {
      const { store } = under.opened;
      const { domain, account } = await seedAccount(store, 'dos@cuentas.test');
      const updated = await store.accounts.update(account.id, {
        displayName: 'Dos',
        state: 'locked',
        quotaBytes: 1000,
      });
      assert.deepEqual([updated.displayName, updated.state, updated.quotaBytes], ['Dos', 'locked', 1000]);
      await assert.rejects(store.domains.delete(domain.id), (e) => isChasquiError(e, 'CONFLICT'));
      await store.accounts.delete(account.id);
      assert.equal(await store.accounts.getById(account.id), null);
      assert.equal((await store.mailboxes.list(account.id)).length, 0);
      await store.domains.delete(domain.id);
      assert.equal(await store.domains.getByName('cuentas.test'), null);
      await assert.rejects(store.accounts.delete(account.id), (e) => isChasquiError(e, 'NOT_FOUND'));
    });

    it('stores groups with members and replaces them', { skip }, async () => {
      const { store } = under.opened;
      const domain = await store.domains.create('listas.test');
      const group = await store.groups.create({
        domainId: domain.id,
        address: 'todos@listas.test',
        name: 'Todos',
        postingPolicy: 'members',
        members: ['b@listas.test', 'a@listas.test', 'a@listas.test'],
      });
      assert.deepEqual(group.members, ['a@listas.test', 'b@listas.test']);
      const changed = await store.groups.setMembers('todos@listas.test', ['c@listas.test']);
      assert.deepEqual(changed.members, ['c@listas.test']);
      assert.equal((await store.groups.list({ domainId: domain.id })).length, 1);
      await store.groups.delete('todos@listas.test');
      assert.equal(await store.groups.getByAddress('todos@listas.test'), null);
    });

    it(
      'searches the message log by address, domain, subject, verdict, score and time, newest first',
      { skip },
      async () => {
        const { store } = under.opened;
        const base = {
          direction: 'inbound' as const,
          fromHeader: 'x',
          messageIdHeader: null,
          size: 10,
          clientIp: '192.0.2.1',
          tls: null,
          authResults: null,
          ruleHits: [],
          timings: {},
        };
        for (let i = 0; i < 30; i++) {
          await store.messageLog.add({
            ...base,
            at: 1000 + i,
            mailFrom: i % 2 ? 'spam@malo.test' : 'ana@bueno.test',
            recipients: [{ address: `user${i % 3}@gob.test`, status: 'delivered' }],
            subject: i === 7 ? 'Actualice su CUENTA bancaria' : `Informe ${i}`,
            verdict: i % 2 ? 'quarantine' : 'accept',
            score: i,
          });
        }
        const byAddress = await store.messageLog.search({ address: 'user1@gob.test' });
        assert.equal(byAddress.length, 10);
        assert.ok(byAddress.every((e, i, all) => i === 0 || (all[i - 1]?.id ?? 0) > e.id));
        assert.equal((await store.messageLog.search({ address: '@malo.test' })).length, 15);
        assert.equal((await store.messageLog.search({ subjectContains: 'cuenta' }))[0]?.score, 7);
        assert.equal((await store.messageLog.search({ verdict: 'quarantine', minScore: 20 })).length, 5);
        assert.equal((await store.messageLog.search({ from: 1010, to: 1020 })).length, 10);
        const page1 = await store.messageLog.search({ limit: 12 });
        const page2 = await store.messageLog.search({
          limit: 12,
          beforeId: page1[page1.length - 1]?.id ?? 0,
        });
        assert.equal(page2.length, 12);
        assert.ok((page2[0]?.id ?? 0) < (page1[11]?.id ?? 0));
        const one = await store.messageLog.getById(page1[0]?.id ?? 0);
        assert.deepEqual(one?.recipients, [{ address: 'user2@gob.test', status: 'delivered' }]);
        assert.equal(await store.messageLog.trim(1015), 15);
        // Substring search (trigram index on SQLite): middle of a word, two characters, after trim.
        assert.equal((await store.messageLog.search({ subjectContains: 'ncari' }))[0]?.score, undefined);
        assert.equal((await store.messageLog.search({ subjectContains: 'forme 2' })).length, 10);
        assert.equal((await store.messageLog.search({ subjectContains: '29' })).length, 1);
        assert.equal((await store.messageLog.search({ subjectContains: '100%' })).length, 0);
      },
    );

    it('appends and lists the audit log', { skip }, async () => {
      const { store } = under.opened;
      await store.audit.add({
        at: 1,
        actor: 'admin@x.test',
        action: 'user.add',
        target: 'a@x.test',
        detail: { quota: 5 },
      });
      await store.audit.add({
        at: 2,
        actor: 'otro@x.test',
        action: 'user.del',
        target: 'a@x.test',
        detail: {},
      });
      const mine = await store.audit.list({ actor: 'admin@x.test' });
      assert.equal(mine.length, 1);
      assert.deepEqual(mine[0]?.detail, { quota: 5 });
    });
  });
}
