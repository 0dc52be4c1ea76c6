// The verified-credential cache through the real store, on every backend: repeated logins skip
// the hash, while password changes (here or on another node), disabled accounts, expiry and the
// brute-force limiter keep their full force.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isChasquiError, ManualClock, silentLogger } from '@chasqui/core';
import { CredentialCache, DirectoryService, MemoryAuthLimiter, PasswordHasher } from '@chasqui/directory';
import { testBackends, useBackend } from '@chasqui/testkit';

const password = 'Río Rímac sube 2026!';
const newPassword = 'Nevado Huascarán 6768!';
const code = (name: Parameters<typeof isChasquiError>[1]) => (error: unknown) => isChasquiError(error, name);

/** A real argon2id hasher (small parameters) that counts the verifications it runs. */
class CountingHasher extends PasswordHasher {
  verifications = 0;
  constructor() {
    super({ memoryCost: 4096, timeCost: 2, parallelism: 1 });
  }
  override verify(hash: string, candidate: string): Promise<boolean> {
    this.verifications += 1;
    return super.verify(hash, candidate);
  }
}

const login = (username: string, secret = password) => ({
  username,
  password: secret,
  protocol: 'imap' as const,
  remoteIp: '198.51.100.7',
});

for (const backend of testBackends) {
  describe(`verified-credential cache (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;
    const hasher = new CountingHasher();
    let nodeA: DirectoryService;
    let nodeB: DirectoryService;
    let limiter: MemoryAuthLimiter;
    before(async () => {
      if (skip) return;
      const { store, clock } = under.opened;
      limiter = new MemoryAuthLimiter({ clock, maxFailuresPerUser: 3, blockMs: 60_000 });
      const deps = { store, clock, logger: silentLogger, limiter, hasher };
      nodeA = new DirectoryService({ ...deps, credentialCache: { ttlMs: 5 * 60_000, maxEntries: 100 } });
      // A second node (another process) over the same store, with its own cache.
      nodeB = new DirectoryService(deps);
      await nodeA.addDomain('cache.test');
    });

    it('verifies the hash once, then serves repeated logins from the cache', { skip }, async () => {
      await nodeA.addAccount({ address: 'rosa@cache.test', password });
      const before = hasher.verifications;
      await nodeA.authenticate(login('rosa@cache.test'));
      for (let i = 0; i < 5; i++) await nodeA.authenticate(login('Rosa@Cache.test'));
      assert.equal(hasher.verifications - before, 1);
    });

    it('misses after a password change made on another node', { skip }, async () => {
      await nodeA.addAccount({ address: 'hugo@cache.test', password });
      await nodeA.authenticate(login('hugo@cache.test'));
      await nodeB.setPassword('hugo@cache.test', newPassword);
      const before = hasher.verifications;
      await assert.rejects(nodeA.authenticate(login('hugo@cache.test')), code('AUTH_FAILED'));
      assert.equal(hasher.verifications - before, 1, 'the old password went through argon2id');
      await nodeA.authenticate(login('hugo@cache.test', newPassword));
    });

    it('refuses a disabled account despite a cached login, also from another node', { skip }, async () => {
      await nodeA.addAccount({ address: 'eva@cache.test', password });
      await nodeA.authenticate(login('eva@cache.test'));
      await nodeB.updateAccount('eva@cache.test', { state: 'disabled' });
      await assert.rejects(nodeA.authenticate(login('eva@cache.test')), code('ACCOUNT_DISABLED'));
      await nodeB.updateAccount('eva@cache.test', { state: 'active' });
      await nodeA.authenticate(login('eva@cache.test'));
    });

    it('expires entries after the TTL (manual clock)', { skip }, async () => {
      const { clock } = under.opened;
      await nodeA.addAccount({ address: 'tito@cache.test', password });
      await nodeA.authenticate(login('tito@cache.test'));
      clock.advance(4 * 60_000);
      let before = hasher.verifications;
      await nodeA.authenticate(login('tito@cache.test'));
      assert.equal(hasher.verifications - before, 0, 'still fresh after 4 minutes');
      clock.advance(2 * 60_000);
      before = hasher.verifications;
      await nodeA.authenticate(login('tito@cache.test'));
      assert.equal(hasher.verifications - before, 1, 'verified again after 6 minutes');
    });

    it(
      'still verifies and counts every wrong password (hostile: guessing a cached account)',
      { skip },
      async () => {
        await nodeA.addAccount({ address: 'lia@cache.test', password });
        await nodeA.authenticate(login('lia@cache.test'));
        const before = hasher.verifications;
        for (let i = 0; i < 3; i++)
          await assert.rejects(
            nodeA.authenticate(login('lia@cache.test', `adivina-${String(i)}`)),
            code('AUTH_FAILED'),
          );
        assert.equal(hasher.verifications - before, 3, 'each guess cost a full verification');
        await assert.rejects(nodeA.authenticate(login('lia@cache.test')), code('AUTH_THROTTLED'));
        under.opened.clock.advance(61_000);
        // The block lifted; the right password works again (the entry was not dropped by failures).
        await nodeA.authenticate(login('lia@cache.test'));
      },
    );
  });
}

describe('credential cache bounds', () => {
  const owner = (id: number) => ({ id, passwordHash: `$argon2id$hash-${String(id)}`, passwordChangedAt: 0 });

  it('evicts the least recently used account when full', () => {
    const cache = new CredentialCache(new ManualClock(), { maxEntries: 2 });
    cache.remember(owner(1), password);
    cache.remember(owner(2), password);
    assert.equal(cache.matches(owner(1), password), true);
    cache.remember(owner(3), password);
    assert.equal(cache.size, 2);
    assert.equal(cache.matches(owner(2), password), false);
    assert.equal(cache.matches(owner(1), password), true);
    assert.equal(cache.matches(owner(3), password), true);
  });

  it('binds an entry to its account and to the stored hash', () => {
    const cache = new CredentialCache(new ManualClock());
    cache.remember(owner(1), password);
    assert.equal(cache.matches(owner(2), password), false);
    assert.equal(cache.matches({ ...owner(1), passwordChangedAt: 1 }, password), false);
    assert.equal(cache.matches(owner(1), password), false, 'a stale entry is dropped');
  });

  it('refuses nonsensical settings', () => {
    assert.throws(() => new CredentialCache(new ManualClock(), { ttlMs: 0 }), RangeError);
    assert.throws(() => new CredentialCache(new ManualClock(), { maxEntries: 0 }), RangeError);
  });
});
