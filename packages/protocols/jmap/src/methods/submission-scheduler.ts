// Sending an EmailSubmission (RFC 8621 §7.5) through DeliveryService as a submission, and the
// scheduler for sendAt in the future. Pending submissions live in the store, so they survive
// restarts; every node polls for due ones and leases each before sending it (one node sends
// it), and the node that accepted a submission also arms a timer for its exact sendAt.
import { randomUUID } from 'node:crypto';
import type { Envelope } from '@chasqui/delivery';
import { findBodyStart, messageHeaderFields, type EmailSubmissionRecord } from '@chasqui/mail';
import { addressesOf, type JmapAddress } from '../mail/header-forms.js';
import { SetFailure } from '../api/set-support.js';
import type { JmapServices } from '../api/types.js';
import type { Account } from '../api/account.js';

/** RFC 8621 §7 Envelope as stored with a submission. */
export interface JmapEnvelope {
  readonly mailFrom: { email: string };
  readonly rcptTo: { email: string }[];
}

export type DeliveryStatus = Record<string, { smtpReply: string; delivered: string; displayed: string }>;

function isEnvelope(value: unknown): value is JmapEnvelope {
  if (value === null || typeof value !== 'object') return false;
  const { mailFrom, rcptTo } = value as { mailFrom?: unknown; rcptTo?: unknown };
  const isAddress = (item: unknown) =>
    item !== null && typeof item === 'object' && typeof (item as { email?: unknown }).email === 'string';
  return isAddress(mailFrom) && Array.isArray(rcptTo) && rcptTo.every(isAddress);
}

/** The addresses in the message's header fields of that (lower-case) name. */
function headerAddresses(raw: Buffer): (name: string) => JmapAddress[] {
  const fields = messageHeaderFields(raw);
  return (name) => fields.filter((f) => f.name.toLowerCase() === name).flatMap((f) => addressesOf(f.value));
}

/** To, Cc and Bcc of a message, with their display names. */
function headerRecipients(values: (name: string) => JmapAddress[]): JmapAddress[] {
  return [...values('to'), ...values('cc'), ...values('bcc')];
}

/** The SMTP envelope: the given one, or Sender/From and To/Cc/Bcc of the message. */
export function envelopeOf(raw: Buffer, given: unknown): Envelope {
  if (isEnvelope(given)) {
    return { mailFrom: given.mailFrom.email, recipients: given.rcptTo.map((r) => ({ address: r.email })) };
  }
  const values = headerAddresses(raw);
  const from = values('sender')[0] ?? values('from')[0];
  const recipients = headerRecipients(values).map((a) => ({ address: a.email }));
  if (!from) throw new SetFailure('invalidEmail', 'the Email has no From address', ['from']);
  if (recipients.length === 0) throw new SetFailure('noRecipients');
  return { mailFrom: from.email, recipients };
}

/** Removes Bcc header fields from the copy that leaves (RFC 5322 §3.6.3). */
function withoutBcc(raw: Buffer): Buffer {
  const bodyStart = findBodyStart(raw, 0, raw.length);
  const header = raw.subarray(0, bodyStart).toString('latin1');
  const kept = header.replace(/^bcc:.*(?:\r?\n[ \t].*)*\r?\n/gim, '');
  return Buffer.concat([Buffer.from(kept, 'latin1'), raw.subarray(bodyStart)]);
}

/** Sends a stored message now; returns its delivery status. SetFailure when refused. */
export async function sendMessage(
  services: JmapServices,
  account: Account,
  messageId: number,
  givenEnvelope: unknown,
): Promise<DeliveryStatus> {
  const raw = await services.mail.messages.readRaw(account.id, messageId);
  const envelope = envelopeOf(raw, givenEnvelope);
  const session = {
    entry: 'submission' as const,
    clientIp: null,
    clientHostname: null,
    helo: null,
    tls: null,
    account,
    sessionId: `jmap-${randomUUID()}`,
  };
  const result = await services.delivery.deliver(session, envelope, withoutBcc(raw));
  if (result.verdict === 'reject' || result.verdict === 'tempfail') {
    const text = result.refusal?.text ?? 'refused';
    throw new SetFailure(/from|sender/i.test(text) ? 'forbiddenFrom' : 'forbiddenToSend', text);
  }
  // Address autocomplete learns the recipients in delivery's recipient-history stage, which
  // serves SMTP submission and JMAP alike.
  return Object.fromEntries(
    envelope.recipients.map((r) => [
      r.address,
      { smtpReply: '250 2.0.0 queued', delivered: 'queued', displayed: 'unknown' },
    ]),
  );
}

/** Sends due pending submissions from the store; arms timers for ones accepted here. */
export class SubmissionScheduler {
  private running: Promise<void> | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private poller: NodeJS.Timeout | null = null;
  private stopped = false;
  private users = 0;

  constructor(
    private readonly services: () => JmapServices,
    private readonly pollMs: number,
    private readonly leaseMs: number,
  ) {}

  /**
   * Starts polling (and sends what is already due, e.g. after a restart). One plugin may be
   * mounted on several servers (HTTP and HTTPS): each start needs its stop, and only the
   * last stop ends the scheduler.
   */
  start(): void {
    this.users++;
    if (this.poller) return;
    this.stopped = false;
    this.poller = setInterval(() => void this.runDue(), this.pollMs);
    this.poller.unref();
    void this.runDue();
  }

  /** Stops timers and waits for a run in progress (after the last user's stop). */
  async stop(): Promise<void> {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0) return;
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.running;
  }

  /** Runs once at `sendAt` (this node's fast path; polling covers every other case). */
  wake(sendAt: number): void {
    if (this.stopped) return;
    const delay = Math.max(0, sendAt - this.services().clock.now());
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.runDue();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  /** Sends what is due; runs are not concurrent within a node. */
  runDue(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) return this.running.then(() => this.runDue());
    this.running = this.sendDue()
      .catch((error: unknown) => {
        this.services().logger.warn({ err: error }, 'jmap.scheduler_failed');
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  private async sendDue(): Promise<void> {
    const services = this.services();
    for (;;) {
      const now = services.clock.now();
      const due = await services.model.submissions.claimDue(now, now + this.leaseMs, 20);
      for (const submission of due) await this.sendOne(services, submission);
      if (due.length < 20 || this.stopped) return;
    }
  }

  private async sendOne(services: JmapServices, submission: EmailSubmissionRecord): Promise<void> {
    const { submissions } = services.model;
    try {
      const account = await services.model.accountById(submission.accountId);
      if (!account) throw new Error(`account ${submission.accountId} is gone`);
      const status = await sendMessage(services, account, submission.messageId, submission.envelope);
      await submissions.markFinal(submission.id, status);
    } catch (error) {
      services.logger.warn({ err: error, submission: submission.id }, 'jmap.scheduled_send_failed');
      await submissions.markFailed(submission.id);
    }
  }
}
