// Sends the vacation response (RFC 5230, RFC 3834) for mail that reached a local mailbox. It
// runs after the message is stored and off the SMTP dialogue's path: a reply never delays the
// 250, and a failure to reply is logged, never the original's problem.
import type { Clock, Logger } from '@chasqui/core';
import { messageHeaderFields, type HeaderField, type ParsedMessage } from '@chasqui/mail';
import type { Store } from '@chasqui/store';
import { ownedAddresses } from '../routing/sender-addresses.js';
import type { DeliveryContext, LocalTarget } from '../types.js';
import { composeVacationReply, responseHash } from './compose-reply.js';
import { isVacationActive, messageSilence, namedAddress } from './reply-rules.js';

/** RFC 5230 §4.1: `:days` defaults to 7 and is at least 1. */
export const defaultVacationPeriodDays = 7;
const dayMs = 86_400_000;
/** Tracking rows older than the period are useless; they are dropped this often. */
const pruneEveryMs = 3_600_000;

export interface VacationResponderDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Submits the reply through the pipeline with the null sender; false when refused. */
  readonly send: (raw: Uint8Array, recipient: string) => Promise<boolean>;
  readonly periodDays?: number;
}

/** What the responder keeps of a delivered message (the context goes on to other stages). */
interface DeliveredMessage {
  readonly sender: string;
  readonly raw: Uint8Array;
  readonly parsed: ParsedMessage;
  readonly isSpam: boolean;
  readonly authResults: string | null;
  readonly targets: readonly LocalTarget[];
}

function deliveredMessage(context: DeliveryContext): DeliveredMessage {
  const delivered = new Set(
    context.outcomes.filter((o) => o.status === 'delivered').map((o) => o.address.toLowerCase()),
  );
  return {
    sender: context.envelope.mailFrom,
    raw: context.raw,
    parsed: context.parsed,
    isSpam: context.verdict === 'quarantine',
    authResults: context.authResults,
    targets: context.local.filter((target) => delivered.has(target.address.toLowerCase())),
  };
}

export class VacationResponder {
  private readonly pending = new Set<Promise<void>>();
  private readonly periodMs: number;
  private lastPruneAt = 0;

  constructor(private readonly deps: VacationResponderDeps) {
    this.periodMs = Math.max(1, deps.periodDays ?? defaultVacationPeriodDays) * dayMs;
  }

  /** Answers a delivered message in the background; returns at once. */
  schedule(context: DeliveryContext): void {
    const message = deliveredMessage(context);
    if (message.targets.length === 0 || message.sender === '') return;
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.respond(message))
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error }, 'delivery.vacation_failed');
      })
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Resolves once every reply started so far is sent or has failed (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async respond(message: DeliveredMessage): Promise<void> {
    const fields = messageHeaderFields(message.raw);
    const silence = messageSilence({ ...message, fields });
    if (silence !== null) {
      this.deps.logger.debug({ sender: message.sender, reason: silence }, 'delivery.vacation_silent');
      return;
    }
    for (const target of message.targets) {
      try {
        await this.respondFor(target, message, fields);
      } catch (error) {
        this.deps.logger.error({ err: error, account: target.address }, 'delivery.vacation_failed');
      }
    }
    await this.pruneNow();
  }

  private async respondFor(
    target: LocalTarget,
    message: DeliveredMessage,
    fields: readonly HeaderField[],
  ): Promise<void> {
    const { store, clock, logger } = this.deps;
    const response = await store.vacationResponses.get(target.accountId);
    const now = clock.now();
    if (!isVacationActive(response, now)) return;
    const account = await store.accounts.getById(target.accountId);
    if (!account) return;
    const named = namedAddress(message.sender, fields, await ownedAddresses(store, account), target.via);
    if ('silence' in named) {
      logger.debug({ account: account.address, reason: named.silence }, 'delivery.vacation_silent');
      return;
    }
    const sender = message.sender.toLowerCase();
    const claimed = await store.vacationReplies.claim({
      accountId: account.id,
      sender,
      responseHash: responseHash(response),
      now,
      repeatSince: now - this.periodMs,
    });
    if (!claimed) return;
    try {
      const reply = await composeVacationReply({
        response,
        fromAddress: named.address,
        fromName: account.displayName,
        to: message.sender,
        originalSubject: message.parsed.subject,
        originalMessageId: message.parsed.messageIdHeader,
        originalReferences: message.parsed.references,
        now,
      });
      if (!(await this.deps.send(reply, message.sender))) throw new Error('the reply was refused');
      logger.info({ account: account.address, to: message.sender }, 'delivery.vacation_sent');
    } catch (error) {
      // Unsent: the next message from this sender may try again.
      await store.vacationReplies.release(account.id, sender, now);
      throw error;
    }
  }

  private async pruneNow(): Promise<void> {
    const now = this.deps.clock.now();
    if (now - this.lastPruneAt < pruneEveryMs) return;
    this.lastPruneAt = now;
    await this.deps.store.vacationReplies.prune(now - this.periodMs);
  }
}
