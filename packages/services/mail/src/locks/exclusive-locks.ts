// Exclusive named locks that hold across worker processes and nodes (a POP3 maildrop, RFC 1939
// §8), built on the store's expiring leases: the holder renews while it lives, and a holder
// that crashed loses the lock when its lease runs out instead of blocking the account forever.
import { randomUUID } from 'node:crypto';
import type { LeaseRepository } from '@chasqui/store';

/** Gives a held lock back; calling it twice is harmless. */
export type ReleaseLock = () => void;

export interface ExclusiveLockOptions {
  /** How long a lock outlives its holder's last renewal. */
  readonly ttlMs?: number;
}

const defaultTtlMs = 60_000;

export class ExclusiveLocks {
  /** Unique per process; the counter makes two sessions of one process different holders. */
  private readonly processId = randomUUID();
  private taken = 0;
  private readonly ttlMs: number;

  constructor(
    private readonly leases: LeaseRepository,
    options: ExclusiveLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? defaultTtlMs;
  }

  /** Takes `name`; returns its release, or null while somebody else holds it. */
  async tryLock(name: string): Promise<ReleaseLock | null> {
    const holder = `${this.processId}:${String(++this.taken)}`;
    if (!(await this.leases.acquire(name, holder, this.ttlMs))) return null;
    // Renewing three times per lifetime lets two renewals fail (a busy database) harmlessly.
    const renewal = setInterval(() => {
      this.leases.renew(name, holder, this.ttlMs).catch(() => undefined);
    }, this.ttlMs / 3);
    renewal.unref();
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      clearInterval(renewal);
      this.leases.release(name, holder).catch(() => undefined);
    };
  }
}
