// Brute-force limiter seam: consulted by the one authentication entry point of every protocol.
// MemoryAuthLimiter serves one process; a shared (Redis) one implements the same interface.
import type { Clock } from '@chasqui/core';

export type AuthProtocol =
  'smtp' | 'imap' | 'pop3' | 'http' | 'jmap' | 'activesync' | 'dav' | 'managesieve' | 'admin';

export interface AuthAttempt {
  readonly username: string;
  readonly remoteIp: string;
  readonly protocol: AuthProtocol;
}

export interface AuthLimiter {
  check(attempt: AuthAttempt): Promise<{ allowed: boolean; retryAfterMs: number }>;
  recordFailure(attempt: AuthAttempt): Promise<void>;
  recordSuccess(attempt: AuthAttempt): Promise<void>;
}

export interface MemoryAuthLimiterOptions {
  readonly clock: Clock;
  readonly maxFailuresPerIp?: number;
  readonly maxFailuresPerUser?: number;
  readonly windowMs?: number;
  readonly blockMs?: number;
}

interface Window {
  failures: number[];
  blockedUntil: number;
}

/** Sliding-window failure counts per IP and per user; blocks for `blockMs` when exceeded. */
export class MemoryAuthLimiter implements AuthLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly clock: Clock;
  private readonly maxPerIp: number;
  private readonly maxPerUser: number;
  private readonly windowMs: number;
  private readonly blockMs: number;

  constructor(options: MemoryAuthLimiterOptions) {
    this.clock = options.clock;
    this.maxPerIp = options.maxFailuresPerIp ?? 20;
    this.maxPerUser = options.maxFailuresPerUser ?? 10;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.blockMs = options.blockMs ?? 15 * 60_000;
  }

  check(attempt: AuthAttempt): Promise<{ allowed: boolean; retryAfterMs: number }> {
    const now = this.clock.now();
    const blockedUntil = Math.max(
      this.blockedUntil(`ip:${attempt.remoteIp}`),
      this.blockedUntil(userKey(attempt)),
    );
    return Promise.resolve({ allowed: blockedUntil <= now, retryAfterMs: Math.max(0, blockedUntil - now) });
  }

  recordFailure(attempt: AuthAttempt): Promise<void> {
    this.addFailure(`ip:${attempt.remoteIp}`, this.maxPerIp);
    this.addFailure(userKey(attempt), this.maxPerUser);
    return Promise.resolve();
  }

  recordSuccess(attempt: AuthAttempt): Promise<void> {
    this.windows.delete(userKey(attempt));
    return Promise.resolve();
  }

  private blockedUntil(key: string): number {
    return this.windows.get(key)?.blockedUntil ?? 0;
  }

  private addFailure(key: string, limit: number): void {
    const now = this.clock.now();
    const window = this.windows.get(key) ?? { failures: [], blockedUntil: 0 };
    window.failures = window.failures.filter((at) => at > now - this.windowMs);
    window.failures.push(now);
    if (window.failures.length >= limit) window.blockedUntil = now + this.blockMs;
    this.windows.set(key, window);
  }
}

function userKey(attempt: AuthAttempt): string {
  return `user:${attempt.username.toLowerCase()}`;
}
