// The one authentication entry point for every protocol (ARCHITECTURE.md §5): limiter first,
// constant work for unknown users, state and expiry checks, rehash of legacy hashes.
import { ChasquiError, parseEmailAddress, type Clock, type Logger } from '@chasqui/core';
import type { Account, Store } from '@chasqui/store';
import type { AuthAttempt, AuthLimiter } from './limiter.js';
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
    const account = await this.verify(request);
    if (!account) {
      await limiter?.recordFailure(request);
      logger.warn(
        { username: request.username, ip: request.remoteIp, protocol: request.protocol },
        'auth.failed',
      );
      throw new ChasquiError('AUTH_FAILED');
    }
    await limiter?.recordSuccess(request);
    if (account.state !== 'active') throw new ChasquiError('ACCOUNT_DISABLED', `account is ${account.state}`);
    if (isPasswordExpired(account.passwordChangedAt, this.deps.clock.now(), this.deps.policy)) {
      throw new ChasquiError('PASSWORD_EXPIRED');
    }
    return account;
  }

  /** The account when the password matches; upgrades a legacy hash on success. */
  private async verify(request: AuthRequest): Promise<Account | null> {
    const { store, hasher } = this.deps;
    const address = parseEmailAddress(request.username)?.address;
    const account = address === undefined ? null : await store.accounts.getByAddress(address);
    if (!account) {
      this.decoyHash ??= hasher.hash('chasqui-decoy-password');
      await hasher.verify(await this.decoyHash, request.password);
      return null;
    }
    if (!(await hasher.verify(account.passwordHash, request.password))) return null;
    if (hasher.needsRehash(account.passwordHash)) {
      const upgraded = await hasher.hash(request.password);
      return store.accounts.update(account.id, { passwordHash: upgraded });
    }
    return account;
  }
}
