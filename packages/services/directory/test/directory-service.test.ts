// DirectoryService through the real store, on every backend.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isChasquiError, silentLogger } from '@chasqui/core';
import { DirectoryService, MemoryAuthLimiter, PasswordHasher } from '@chasqui/directory';
import { testBackends, useBackend } from '@chasqui/testkit';

const password = 'Río Rímac sube 2026!';
const fastHasher = new PasswordHasher({ memoryCost: 4096, timeCost: 2, parallelism: 1 });
const code = (name: Parameters<typeof isChasquiError>[1]) => (error: unknown) => isChasquiError(error, name);

for (const backend of testBackends) {
  describe(`directory service (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;
    let directory: DirectoryService;
    before(async () => {
      if (skip) return;
      const { store, clock } = under.opened;
      const limiter = new MemoryAuthLimiter({ clock, maxFailuresPerUser: 3, blockMs: 60_000 });
      directory = new DirectoryService({ store, clock, logger: silentLogger, limiter, hasher: fastHasher });
      await directory.addDomain('Gob-Region.Test');
    });

    it('adds accounts into existing domains only, with valid addresses and passwords', { skip }, async () => {
      const account = await directory.addAccount({
        address: 'Ana.Quispe@gob-region.test',
        password,
        quotaBytes: 2 ** 30,
      });
      assert.equal(account.address, 'ana.quispe@gob-region.test');
      assert.match(account.passwordHash, /^\$argon2id\$/);
      await assert.rejects(directory.addAccount({ address: 'x@nodomain.test', password }), code('NOT_FOUND'));
      await assert.rejects(
        directory.addAccount({ address: 'not an address', password }),
        code('INVALID_ADDRESS'),
      );
      await assert.rejects(
        directory.addAccount({ address: 'corto@gob-region.test', password: 'corta' }),
        code('INVALID_ARGUMENT'),
      );
      await assert.rejects(
        directory.addAccount({ address: 'ana.quispe@gob-region.test', password }),
        code('ALREADY_EXISTS'),
      );
      assert.equal((await directory.listAccounts('gob-region.test')).length, 1);
      const audit = await under.opened.store.audit.list({ actor: 'system' });
      assert.ok(
        audit.some(
          (entry) => entry.action === 'account.add' && entry.target === 'ana.quispe@gob-region.test',
        ),
      );
    });

    it('authenticates, refuses a wrong password, throttles guessing and recovers', { skip }, async () => {
      await directory.addAccount({ address: 'luis@gob-region.test', password });
      const request = {
        username: 'LUIS@gob-region.test',
        password,
        protocol: 'imap' as const,
        remoteIp: '192.0.2.10',
      };
      assert.equal((await directory.authenticate(request)).address, 'luis@gob-region.test');
      for (let i = 0; i < 3; i++) {
        await assert.rejects(directory.authenticate({ ...request, password: 'mala' }), code('AUTH_FAILED'));
      }
      await assert.rejects(directory.authenticate(request), code('AUTH_THROTTLED'));
      under.opened.clock.advance(60_001);
      assert.equal((await directory.authenticate(request)).address, 'luis@gob-region.test');
      await assert.rejects(
        directory.authenticate({ ...request, username: 'nadie@gob-region.test' }),
        code('AUTH_FAILED'),
      );
    });

    it('honours disabled accounts and password changes', { skip }, async () => {
      await directory.addAccount({ address: 'rosa@gob-region.test', password });
      const request = {
        username: 'rosa@gob-region.test',
        password,
        protocol: 'smtp' as const,
        remoteIp: '192.0.2.11',
      };
      await directory.updateAccount('rosa@gob-region.test', { state: 'disabled' });
      await assert.rejects(directory.authenticate(request), code('ACCOUNT_DISABLED'));
      await directory.updateAccount('rosa@gob-region.test', { state: 'active' });
      await directory.setPassword('rosa@gob-region.test', 'Nueva clave del Cusco 7');
      await assert.rejects(directory.authenticate(request), code('AUTH_FAILED'));
      assert.ok(await directory.authenticate({ ...request, password: 'Nueva clave del Cusco 7' }));
    });

    it('upgrades an imported legacy hash to argon2id at first login', { skip }, async () => {
      const legacy =
        '{SHA512-CRYPT}$6$Nv9sQw3eRtYu$yJslsp85sbSZ40/Vaq5m5p2ar24chk1JIZaaWBpWguOFztSa66wp.APIazY6TAmKk911lC79KUr7ttHRf.nq/.';
      await directory.importAccount({ address: 'migrado@gob-region.test', passwordHash: legacy });
      const request = {
        username: 'migrado@gob-region.test',
        password: 'Clave-Segura-2026',
        protocol: 'pop3' as const,
        remoteIp: '192.0.2.12',
      };
      const account = await directory.authenticate(request);
      assert.match(account.passwordHash, /^\$argon2id\$/);
      assert.match(
        (await directory.getAccount('migrado@gob-region.test'))?.passwordHash ?? '',
        /^\$argon2id\$/,
      );
      assert.ok(await directory.authenticate(request));
    });

    it(
      'resolves accounts, subaddresses, aliases, groups, catch-all, unknown and external',
      { skip },
      async () => {
        await directory.addAccount({ address: 'mesa@gob-region.test', password });
        await directory.addAlias('soporte@gob-region.test', ['mesa@gob-region.test', 'externo@otro.test']);
        await directory.addGroup({
          address: 'todos@gob-region.test',
          name: 'Todos',
          members: ['mesa@gob-region.test'],
        });
        assert.equal((await directory.resolveRecipient('mesa+tickets@gob-region.test')).kind, 'account');
        const alias = await directory.resolveRecipient('Soporte@Gob-Region.test');
        assert.deepEqual(alias.kind === 'alias' ? alias.targets : [], [
          'mesa@gob-region.test',
          'externo@otro.test',
        ]);
        assert.equal((await directory.resolveRecipient('todos@gob-region.test')).kind, 'group');
        assert.equal((await directory.resolveRecipient('nadie@gob-region.test')).kind, 'unknown');
        assert.equal((await directory.resolveRecipient('alguien@gmail.test')).kind, 'external');
        await directory.setCatchAll('gob-region.test', 'mesa@gob-region.test');
        const caught = await directory.resolveRecipient('nadie@gob-region.test');
        assert.equal(caught.kind === 'account' ? caught.account.address : '', 'mesa@gob-region.test');
        await directory.setCatchAll('gob-region.test', null);
        await assert.rejects(
          directory.addAlias('mesa@gob-region.test', ['x@y.test']),
          code('ALREADY_EXISTS'),
        );
        await directory.deleteAlias('soporte@gob-region.test');
        await directory.setGroupMembers('todos@gob-region.test', []);
        await directory.deleteGroup('todos@gob-region.test');
        assert.equal((await directory.listAliases()).length, 0);
        assert.equal((await directory.listGroups('gob-region.test')).length, 0);
      },
    );

    it('deletes accounts and refuses to delete a domain in use', { skip }, async () => {
      await directory.addDomain('temporal.test');
      await directory.addAccount({ address: 'temp@temporal.test', password });
      await assert.rejects(directory.deleteDomain('temporal.test'), code('CONFLICT'));
      await directory.deleteAccount('temp@temporal.test');
      await directory.deleteDomain('temporal.test');
      assert.ok(!(await directory.listDomains()).some((d) => d.name === 'temporal.test'));
      await assert.rejects(directory.addDomain('no_valido'), code('INVALID_ARGUMENT'));
    });
  });
}
