// The brute-force limiter of a worker process: it asks the primary, which keeps one count for
// every worker, so spreading guesses over connections that land on different workers gains an
// attacker nothing. If the primary does not answer in time the worker's own limiter decides.
import { MemoryAuthLimiter, type AuthAttempt, type AuthLimiter } from '@chasqui/directory';
import type { Clock } from '@chasqui/core';
import type { ClusterChannel, LimiterOperation, LimiterVerdict } from './messages.js';

const replyTimeoutMs = 2_000;

interface Pending {
  readonly resolve: (verdict: LimiterVerdict | null) => void;
  readonly timer: NodeJS.Timeout;
}

export class ClusterAuthLimiter implements AuthLimiter {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly fallback: MemoryAuthLimiter;

  constructor(
    private readonly channel: ClusterChannel,
    clock: Clock,
  ) {
    this.fallback = new MemoryAuthLimiter({ clock });
    channel.onMessage((message) => {
      if (message.type !== 'chasqui:limiter-reply') return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      waiting.resolve(message.verdict);
    });
  }

  async check(attempt: AuthAttempt): Promise<{ allowed: boolean; retryAfterMs: number }> {
    return (await this.ask('check', attempt)) ?? this.fallback.check(attempt);
  }

  async recordFailure(attempt: AuthAttempt): Promise<void> {
    await this.fallback.recordFailure(attempt);
    await this.ask('failure', attempt);
  }

  async recordSuccess(attempt: AuthAttempt): Promise<void> {
    await this.fallback.recordSuccess(attempt);
    await this.ask('success', attempt);
  }

  private ask(operation: LimiterOperation, attempt: AuthAttempt): Promise<LimiterVerdict | null> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(null);
      }, replyTimeoutMs);
      timer.unref();
      this.pending.set(id, { resolve, timer });
      this.channel.send({ type: 'chasqui:limiter', id, operation, attempt });
    });
  }
}

/** The primary's side: one limiter for all workers, answering each request on its channel. */
export async function answerLimiter(
  limiter: AuthLimiter,
  operation: LimiterOperation,
  attempt: AuthAttempt,
): Promise<LimiterVerdict> {
  if (operation === 'check') return limiter.check(attempt);
  if (operation === 'failure') await limiter.recordFailure(attempt);
  else await limiter.recordSuccess(attempt);
  return { allowed: true, retryAfterMs: 0 };
}
