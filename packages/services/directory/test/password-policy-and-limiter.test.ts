// Password policy and the brute-force limiter, with a manual clock.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isChasquiError, ManualClock } from '@chasqui/core';
import {
  checkPassword,
  defaultPasswordPolicy,
  isPasswordExpired,
  MemoryAuthLimiter,
} from '@chasqui/directory';

describe('password policy', () => {
  it('refuses short, name-containing and common passwords', () => {
    const invalid = (e: unknown) => isChasquiError(e, 'INVALID_ARGUMENT');
    assert.throws(() => {
      checkPassword('corta', 'ana', defaultPasswordPolicy);
    }, invalid);
    assert.throws(() => {
      checkPassword('mariana-2026-segura', 'mariana', defaultPasswordPolicy);
    }, invalid);
    assert.throws(() => {
      checkPassword('Contraseña', 'ana', defaultPasswordPolicy);
    }, invalid);
    assert.doesNotThrow(() => {
      checkPassword('Río Rímac sube 2026!', 'ana', defaultPasswordPolicy);
    });
  });

  it('expires passwords after the maximum age only when one is set', () => {
    const day = 86_400_000;
    assert.equal(isPasswordExpired(0, 400 * day, defaultPasswordPolicy), false);
    assert.equal(isPasswordExpired(0, 91 * day, { minLength: 10, maxAgeDays: 90 }), true);
    assert.equal(isPasswordExpired(0, 89 * day, { minLength: 10, maxAgeDays: 90 }), false);
  });
});

describe('brute-force limiter (hostile: password spraying and guessing)', () => {
  it('blocks a user after repeated failures and releases after the block', async () => {
    const clock = new ManualClock();
    const limiter = new MemoryAuthLimiter({
      clock,
      maxFailuresPerUser: 3,
      maxFailuresPerIp: 100,
      blockMs: 60_000,
    });
    const attempt = { username: 'ana@x.test', remoteIp: '203.0.113.9', protocol: 'imap' as const };
    for (let i = 0; i < 3; i++) await limiter.recordFailure(attempt);
    const blocked = await limiter.check(attempt);
    assert.deepEqual(blocked, { allowed: false, retryAfterMs: 60_000 });
    clock.advance(60_001);
    assert.equal((await limiter.check(attempt)).allowed, true);
  });

  it('blocks one IP spraying many users', async () => {
    const clock = new ManualClock();
    const limiter = new MemoryAuthLimiter({ clock, maxFailuresPerIp: 5, maxFailuresPerUser: 100 });
    for (let i = 0; i < 5; i++) {
      await limiter.recordFailure({ username: `u${i}@x.test`, remoteIp: '198.51.100.7', protocol: 'smtp' });
    }
    assert.equal(
      (await limiter.check({ username: 'nuevo@x.test', remoteIp: '198.51.100.7', protocol: 'pop3' })).allowed,
      false,
    );
    assert.equal(
      (await limiter.check({ username: 'nuevo@x.test', remoteIp: '198.51.100.8', protocol: 'pop3' })).allowed,
      true,
    );
  });

  it('forgets failures outside the window', async () => {
    const clock = new ManualClock();
    const limiter = new MemoryAuthLimiter({ clock, maxFailuresPerUser: 3, windowMs: 1000 });
    const attempt = { username: 'ana@x.test', remoteIp: '203.0.113.9', protocol: 'imap' as const };
    await limiter.recordFailure(attempt);
    await limiter.recordFailure(attempt);
    clock.advance(2000);
    await limiter.recordFailure(attempt);
    assert.equal((await limiter.check(attempt)).allowed, true);
  });
});
