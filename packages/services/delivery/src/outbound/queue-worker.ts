// Drains the persistent queue: leases due entries, attempts each destination domain, records the
// outcome per recipient, retries with backoff, warns of delays and bounces failures (RFC 3464).
import type { Clock, Logger } from '@chasqui/core';
import type { QueueEntry, QueuedRecipient, Store } from '@chasqui/store';
import { domainOf } from '../headers.js';
import { attemptDomain, type DomainAttemptOptions, type RecipientAttempt } from './attempt-domain.js';
import { buildDsn, type DsnRecipient } from './dsn.js';
import { KeyedSemaphore } from './keyed-semaphore.js';
import { isExpired, retryDelay, shouldWarn, type RetryPolicy } from './retry-schedule.js';

export interface QueueWorkerOptions extends DomainAttemptOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  readonly perDomainConcurrency: number;
  readonly batchSize: number;
  /** Longest sleep between checks of the queue. */
  readonly pollMs: number;
  /** Sends a generated message (bounce, warning) with the null sender through the pipeline. */
  readonly sendGenerated: (raw: Uint8Array, recipient: string) => Promise<void>;
}

const leaseMs = 10 * 60_000;

function enhancedStatus(reply: string, fallback: string): string {
  return /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1] ?? fallback;
}

function wants(recipient: QueuedRecipient, kind: 'FAILURE' | 'DELAY' | 'SUCCESS'): boolean {
  if (!recipient.notify || recipient.notify.length === 0) return kind !== 'SUCCESS';
  return recipient.notify.includes(kind);
}

function merge(recipient: QueuedRecipient, attempt: RecipientAttempt | undefined): QueuedRecipient {
  if (!attempt) return recipient;
  const status = attempt.status === 'pending' ? 'pending' : attempt.status;
  return {
    ...recipient,
    status,
    lastError: attempt.status === 'delivered' ? '' : attempt.reply,
    remoteReply: attempt.reply,
    ...(attempt.remoteMta ? { remoteMta: attempt.remoteMta } : {}),
  };
}

/** A recipient still pending when the message is too old: failed with 4.4.7 (RFC 3463). */
function expire(recipient: QueuedRecipient): QueuedRecipient {
  const { remoteReply, ...rest } = recipient;
  const last = remoteReply ?? recipient.lastError ?? 'no answer';
  return { ...rest, status: 'failed', lastError: `4.4.7 delivery time expired; last attempt: ${last}` };
}

export class QueueWorker {
  private readonly semaphore: KeyedSemaphore;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private wakeRequested = false;

  constructor(private readonly options: QueueWorkerOptions) {
    this.semaphore = new KeyedSemaphore(options.perDomainConcurrency);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for the attempts in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** New mail was queued: look now rather than at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  /** Processes every due entry once; returns how many were attempted. */
  async runOnce(): Promise<number> {
    const { store, clock, batchSize } = this.options;
    let total = 0;
    for (;;) {
      const now = clock.now();
      const entries = await store.outboundQueue.claimDue(now, now + leaseMs, batchSize);
      if (entries.length === 0) return total;
      total += entries.length;
      await Promise.all(entries.map((entry) => this.process(entry)));
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
      });
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const { store, clock, logger, pollMs } = this.options;
    try {
      this.wakeRequested = false;
      await this.runOnce();
    } catch (error) {
      logger.error({ err: error }, 'queue.tick_failed');
    }
    if (this.stopped) return;
    if (this.wakeRequested) {
      this.schedule(0);
      return;
    }
    const next = await store.outboundQueue.nextDueAt().catch(() => null);
    const delay = next === null ? pollMs : Math.min(Math.max(next - clock.now(), 0), pollMs);
    this.schedule(delay);
  }

  private async process(entry: QueueEntry): Promise<void> {
    const { store, clock, logger } = this.options;
    const raw = await store.outboundQueue.raw(entry.id);
    if (!raw) return;
    const attempts = await this.attemptAll(entry, raw);
    const recipients = entry.recipients.map((r) => merge(r, attempts.get(r.address.toLowerCase())));
    const now = clock.now();
    const pending = recipients.filter((r) => r.status === 'pending');
    logger.info({ queueId: entry.id, attempt: entry.attempts + 1, pending: pending.length }, 'queue.attempt');
    if (pending.length > 0 && !isExpired(this.options.retry, entry.createdAt, now)) {
      const warn = shouldWarn(this.options.retry, entry.createdAt, now, entry.warnedAt);
      if (warn)
        await this.notify(
          entry,
          raw,
          pending.filter((r) => wants(r, 'DELAY')),
          'delayed',
        );
      await store.outboundQueue.update(entry.id, {
        recipients,
        attempts: entry.attempts + 1,
        nextAttemptAt: now + retryDelay(this.options.retry, entry.attempts + 1),
        warnedAt: warn ? now : null,
        lastError: pending[0]?.lastError ?? null,
      });
      await this.updateLog(entry, recipients);
      return;
    }
    const final = recipients.map((r) => (r.status === 'pending' ? expire(r) : r));
    // The log records the outcome before any bounce is sent: whoever reads the bounce then
    // finds the log already final. The entry is deleted last, so a crash re-sends, never loses.
    await this.updateLog(entry, final);
    await this.notify(
      entry,
      raw,
      final.filter((r) => r.status === 'failed' && wants(r, 'FAILURE')),
      'failed',
    );
    await this.notify(
      entry,
      raw,
      final.filter((r) => r.status === 'delivered' && wants(r, 'SUCCESS') && r.notify),
      'delivered',
    );
    await store.outboundQueue.delete(entry.id);
  }

  private async attemptAll(entry: QueueEntry, raw: Uint8Array): Promise<Map<string, RecipientAttempt>> {
    const byDomain = new Map<string, string[]>();
    for (const recipient of entry.recipients) {
      if (recipient.status !== 'pending') continue;
      const domain = domainOf(recipient.address);
      byDomain.set(domain, [...(byDomain.get(domain) ?? []), recipient.address]);
    }
    const results = new Map<string, RecipientAttempt>();
    await Promise.all(
      [...byDomain].map(([domain, addresses]) =>
        this.semaphore.run(domain, async () => {
          const replies = await attemptDomain(
            {
              domain,
              mailFrom: entry.mailFrom,
              recipients: addresses,
              raw,
              ...(entry.envid || entry.ret
                ? {
                    dsn: {
                      ...(entry.envid ? { envid: entry.envid } : {}),
                      ...(entry.ret ? { ret: entry.ret } : {}),
                    },
                  }
                : {}),
            },
            this.options,
          );
          for (const reply of replies) results.set(reply.address.toLowerCase(), reply);
        }),
      ),
    );
    return results;
  }

  private async notify(
    entry: QueueEntry,
    raw: Uint8Array,
    recipients: readonly QueuedRecipient[],
    action: DsnRecipient['action'],
  ): Promise<void> {
    if (recipients.length === 0 || entry.mailFrom === '') return;
    const fallback = action === 'failed' ? '5.0.0' : action === 'delayed' ? '4.0.0' : '2.0.0';
    const dsn = buildDsn({
      reportingMta: this.options.heloName,
      sender: entry.mailFrom,
      arrivalDate: entry.createdAt,
      now: this.options.clock.now(),
      envid: entry.envid,
      ret: entry.ret,
      original: raw,
      retryUntil: entry.createdAt + this.options.retry.maxAgeMs,
      recipients: recipients.map((r) => ({
        address: r.address,
        action,
        status: enhancedStatus(r.remoteReply ?? r.lastError ?? '', fallback),
        ...(r.orcpt ? { orcpt: r.orcpt } : {}),
        ...(r.remoteMta ? { remoteMta: r.remoteMta } : {}),
        ...(r.remoteReply || r.lastError ? { diagnostic: r.remoteReply ?? r.lastError ?? '' } : {}),
      })),
    });
    try {
      await this.options.sendGenerated(dsn, entry.mailFrom);
    } catch (error) {
      this.options.logger.error({ err: error, queueId: entry.id }, 'queue.dsn_failed');
    }
  }

  private async updateLog(entry: QueueEntry, recipients: readonly QueuedRecipient[]): Promise<void> {
    if (entry.logId === null) return;
    const log = await this.options.store.messageLog.getById(entry.logId);
    if (!log) return;
    const status = { pending: 'deferred', delivered: 'delivered', failed: 'bounced' } as const;
    const byAddress = new Map(recipients.map((r) => [r.address.toLowerCase(), r]));
    await this.options.store.messageLog.updateRecipients(
      entry.logId,
      log.recipients.map((outcome) => {
        const queued = byAddress.get(outcome.address.toLowerCase());
        if (!queued) return outcome;
        const detail = queued.remoteReply ?? queued.lastError;
        return { address: outcome.address, status: status[queued.status], ...(detail ? { detail } : {}) };
      }),
    );
  }
}
