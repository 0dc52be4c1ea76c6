// The one authentication entry point for every protocol (ARCHITECTURE.md §5): limiter first,
// constant work for unknown users, state and expiry checks, rehash of legacy hashes, and the
// verified-credential cache that spares repeated logins the hash (never a failed one).
import { ChasquiError, parseEmailAddress, type Clock, type Logger } from '@chasqui/core';
import type { Account, Store } from '@chasqui/store';
import type { AuthAttempt, AuthLimiter } from './limiter.js';
import type { CredentialCache } from './passwords/credential-cache.js';
import type { PasswordHasher } from './passwords/password-hasher.js';
import { isPasswordExpired, type PasswordPolicy } from './password-policy.js';

export interface AuthRequest extends AuthAttempt {
  readonly password: string;
}

export interface AuthenticatorDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly hasher: PasswordHasher;
  readonly limiter: AuthLimiter | null;
  readonly policy: PasswordPolicy;
  /** Null turns the cache off: every login verifies the hash. */
  readonly cache: CredentialCache | null;
}

interface Verified {
  readonly account: Account;
  /** True when the verified-credential cache vouched for the password (no hash was run). */
  readonly isFromCache: boolean;
}

export class Authenticator {
  /** Verified when the user does not exist, so both paths cost one hash verification. */
  private decoyHash: Promise<string> | undefined;

  constructor(private readonly deps: AuthenticatorDeps) {}

  async authenticate(request: AuthRequest): Promise<Account> {
    const { limiter, logger } = this.deps;
    const verdict = await limiter?.check(request);
    if (verdict && !verdict.allowed) {
      throw new ChasquiError(
        'AUTH_THROTTLED',
        `too many failed attempts; retry in ${Math.ceil(verdict.retryAfterMs / 1000)} s`,
      );
    }
    const verified = await this.verify(request);
    if (!verified) {
      await limiter?.recordFailure(request);
      logger.warn(
        { username: request.username, ip: request.remoteIp, protocol: request.protocol },
        'auth.failed',
      );
      throw new ChasquiError('AUTH_FAILED');
    }
    await limiter?.recordSuccess(request);
    const { account, isFromCache } = verified;
    if (account.state !== 'active') throw new ChasquiError('ACCOUNT_DISABLED', `account is ${account.state}`);
    if (isPasswordExpired(account.passwordChangedAt, this.deps.clock.now(), this.deps.policy)) {
      throw new ChasquiError('PASSWORD_EXPIRED');
    }
    // Remembered only after a hash verification and every check: a refused account is never
    // cached, and a hit does not extend the entry (the hash runs again once per TTL).
    if (!isFromCache) this.deps.cache?.remember(account, request.password);
    return account;
  }

  /** Forgets what the cache holds for an account (its password, state or existence changed). */
  forget(accountId: number): void {
    this.deps.cache?.forget(accountId);
  }

  /** The account when the password matches; upgrades a legacy hash on success. */
  private async verify(request: AuthRequest): Promise<Verified | null> {
    const { store, hasher } = this.deps;
    const address = parseEmailAddress(request.username)?.address;
    const account = address === undefined ? null : await store.accounts.getByAddress(address);
    if (!account) {
      this.decoyHash ??= hasher.hash('chasqui-decoy-password');
      await hasher.verify(await this.decoyHash, request.password);
      return null;
    }
    if (this.deps.cache?.matches(account, request.password) === true) return { account, isFromCache: true };
    if (!(await hasher.verify(account.passwordHash, request.password))) return null;
    if (hasher.needsRehash(account.passwordHash)) {
      const upgraded = await hasher.hash(request.password);
      return {
        account: await store.accounts.update(account.id, { passwordHash: upgraded }),
        isFromCache: false,
      };
    }
    return { account, isFromCache: false };
  }
}
