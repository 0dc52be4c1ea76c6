// Verified-credential cache, as Dovecot's auth_cache with auth_cache_verify_password_scheme: after
// a password passed the full hash verification, a keyed digest of it lets the same account's next
// logins (phones and desktop clients reconnect all day, several connections each) skip argon2id.
// Only successes are kept, so a wrong password always pays the full verification.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@chasqui/core';

export interface CredentialCacheOptions {
  /** How long a verification is trusted, counted from the verification itself. */
  readonly ttlMs?: number;
  /** Most accounts kept; the least recently used one goes first. */
  readonly maxEntries?: number;
}

/** The fields of the account row an entry is bound to: any change of either misses. */
export interface CredentialOwner {
  readonly id: number;
  readonly passwordHash: string;
  readonly passwordChangedAt: number;
}

interface Entry {
  readonly passwordHash: string;
  readonly passwordChangedAt: number;
  readonly digest: Buffer;
  readonly expiresAt: number;
}

export const defaultCredentialCacheOptions = { ttlMs: 10 * 60_000, maxEntries: 10_000 } as const;

/**
 * Per-process map from account id to an HMAC-SHA-256 of its last verified password under a
 * random key that never leaves the process. Entries are bound to the stored hash and its
 * change time, so a password changed by any process or node misses at the next login.
 */
export class CredentialCache {
  private readonly key = randomBytes(32);
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly entries = new Map<number, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly clock: Clock,
    options: CredentialCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? defaultCredentialCacheOptions.ttlMs;
    this.maxEntries = options.maxEntries ?? defaultCredentialCacheOptions.maxEntries;
    if (!(this.ttlMs > 0) || !Number.isSafeInteger(this.maxEntries) || this.maxEntries < 1)
      throw new RangeError('credential cache: ttlMs and maxEntries must be positive');
  }

  get size(): number {
    return this.entries.size;
  }

  /** True when `password` is the one last verified for this exact account row. */
  matches(owner: CredentialOwner, password: string): boolean {
    const entry = this.entries.get(owner.id);
    if (entry === undefined) return false;
    if (
      entry.expiresAt <= this.clock.now() ||
      entry.passwordHash !== owner.passwordHash ||
      entry.passwordChangedAt !== owner.passwordChangedAt
    ) {
      this.entries.delete(owner.id);
      return false;
    }
    // Constant time: the digest comparison must not say how much of a guess was right.
    if (!timingSafeEqual(entry.digest, this.digest(owner.id, password))) return false;
    this.entries.delete(owner.id);
    this.entries.set(owner.id, entry);
    return true;
  }

  /** Records a password that has just passed the full verification for `owner`. */
  remember(owner: CredentialOwner, password: string): void {
    this.entries.delete(owner.id);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(owner.id, {
      passwordHash: owner.passwordHash,
      passwordChangedAt: owner.passwordChangedAt,
      digest: this.digest(owner.id, password),
      expiresAt: this.clock.now() + this.ttlMs,
    });
  }

  /** Drops an account's entry (password change, disable, lock, deletion in this process). */
  forget(accountId: number): void {
    this.entries.delete(accountId);
  }

  private digest(accountId: number, password: string): Buffer {
    return createHmac('sha256', this.key)
      .update(`${String(accountId)}\0${password}`)
      .digest();
  }
}
