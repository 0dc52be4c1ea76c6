// When to try again: exponential backoff from a first delay, capped, until the message is too
// old (default five days, as Postfix's maximal_queue_lifetime); a warning once after `warnAfterMs`.

export interface RetryPolicy {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxAgeMs: number;
  readonly warnAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  firstDelayMs: 5 * 60_000,
  maxDelayMs: 4 * 3_600_000,
  maxAgeMs: 5 * 86_400_000,
  warnAfterMs: 4 * 3_600_000,
};

/** The delay before attempt number `attempts + 1` (attempts already made ≥ 1). */
export function retryDelay(policy: RetryPolicy, attempts: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(policy.firstDelayMs * 2 ** exponent, policy.maxDelayMs);
}

export function isExpired(policy: RetryPolicy, createdAt: number, now: number): boolean {
  return now - createdAt >= policy.maxAgeMs;
}

export function shouldWarn(
  policy: RetryPolicy,
  createdAt: number,
  now: number,
  warnedAt: number | null,
): boolean {
  return warnedAt === null && now - createdAt >= policy.warnAfterMs;
}
