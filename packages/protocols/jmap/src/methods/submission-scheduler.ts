// Sending an EmailSubmission (RFC 8621 §7.5) through DeliveryService as a submission, and the
// scheduler for sendAt in the future: pending submissions persist in the account's record and
// are sent when due, for every account that used JMAP since this process started.
import { randomUUID } from 'node:crypto';
import type { Envelope } from '@chasqui/delivery';
import { addressesOf } from '../mail/header-forms.js';
import { SetFailure } from '../api/set-support.js';
import type { JmapServices } from '../api/types.js';
import type { Account } from '../api/account.js';
import { findBodyStart, parseHeaderFields } from '@chasqui/mail';

export interface SubmissionRecord {
  readonly id: string;
  readonly identityId: string;
  readonly emailId: string;
  readonly threadId: string;
  readonly envelope: { mailFrom: { email: string }; rcptTo: { email: string }[] } | null;
  readonly sendAt: string;
  readonly undoStatus: 'pending' | 'final' | 'canceled';
  readonly deliveryStatus: Record<string, { smtpReply: string; delivered: string; displayed: string }> | null;
  readonly dsnBlobIds: string[];
  readonly mdnBlobIds: string[];
  readonly version: number;
  readonly createdVersion: number;
}

export interface Submissions {
  readonly nextId: number;
  readonly items: Record<string, SubmissionRecord>;
}

function envelopeOf(raw: Buffer, record: SubmissionRecord): Envelope {
  if (record.envelope) {
    return {
      mailFrom: record.envelope.mailFrom.email,
      recipients: record.envelope.rcptTo.map((r) => ({ address: r.email })),
    };
  }
  const fields = parseHeaderFields(raw, 0, findBodyStart(raw, 0, raw.length));
  const values = (name: string) =>
    fields.filter((f) => f.name.toLowerCase() === name).flatMap((f) => addressesOf(f.value));
  const from = values('sender')[0] ?? values('from')[0];
  const recipients = [...values('to'), ...values('cc'), ...values('bcc')].map((a) => ({ address: a.email }));
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

/** Sends now; returns the record as final. SetFailure when delivery refuses it. */
export async function sendSubmission(
  services: JmapServices,
  account: Account,
  record: SubmissionRecord,
): Promise<SubmissionRecord> {
  const messageId = Number(record.emailId.slice(1));
  const raw = await services.mail.messages.readRaw(account.id, messageId);
  const envelope = envelopeOf(raw, record);
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
    throw new SetFailure(/from/i.test(text) ? 'forbiddenFrom' : 'forbiddenToSend', text);
  }
  const deliveryStatus = Object.fromEntries(
    envelope.recipients.map((r) => [
      r.address,
      { smtpReply: '250 2.0.0 queued', delivered: 'queued', displayed: 'unknown' },
    ]),
  );
  return { ...record, undoStatus: 'final', deliveryStatus };
}

/** Sends pending submissions whose sendAt has come, for the accounts it has been told about. */
export class SubmissionScheduler {
  private readonly accounts = new Map<number, Account>();
  private running: Promise<void> | null = null;

  constructor(private readonly services: () => JmapServices) {}

  /** Remembers an account with JMAP activity (so its pending submissions are watched). */
  watch(account: Account): void {
    this.accounts.set(account.id, account);
  }

  /** Sends what is due; safe to call from a timer (runs are not concurrent). */
  runDue(): Promise<void> {
    this.running ??= this.sendDue().finally(() => (this.running = null));
    return this.running;
  }

  private async sendDue(): Promise<void> {
    const services = this.services();
    const now = services.clock.now();
    for (const account of this.accounts.values()) {
      const record = await services.model.records.read<Submissions>(account.id, 'submissions');
      const due = Object.values(record?.value.items ?? {}).filter(
        (i) => i.undoStatus === 'pending' && Date.parse(i.sendAt) <= now,
      );
      for (const item of due) {
        let sent: SubmissionRecord;
        try {
          sent = await sendSubmission(services, account, item);
        } catch (error) {
          services.logger.warn({ err: error, submission: item.id }, 'jmap.scheduled_send_failed');
          sent = { ...item, undoStatus: 'canceled' };
        }
        await services.model.records.update<Submissions>(account.id, 'submissions', (current) => ({
          nextId: current?.nextId ?? 1,
          items: { ...(current?.items ?? {}), [item.id]: { ...sent, version: (record?.version ?? 0) + 1 } },
        }));
      }
    }
  }
}
