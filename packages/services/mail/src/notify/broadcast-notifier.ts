// The mail notifier of a node in a multi-node deployment: changes reach this process's
// sessions at once and every other process through the store's broadcast (PostgreSQL
// LISTEN/NOTIFY), so IMAP IDLE and JMAP push see mail stored by any node.
import { randomUUID } from 'node:crypto';
import type { Broadcast } from '@chasqui/store';
import {
  LocalMailNotifier,
  type MailChange,
  type MailChangeListener,
  type MailNotifier,
} from './mail-notifier.js';

const channel = 'mail_changes';
/** Mailbox ids per notice: keeps every payload far below PostgreSQL's 8,000-byte limit. */
const mailboxesPerNotice = 500;

interface Notice {
  /** The publishing process: it delivered the change locally already. */
  readonly origin: string;
  readonly change: MailChange;
}

export class BroadcastMailNotifier implements MailNotifier {
  private readonly local = new LocalMailNotifier();
  private readonly origin = randomUUID();
  private readonly listening: Promise<unknown>;

  constructor(
    private readonly broadcast: Broadcast,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.listening = broadcast.subscribe(channel, (payload) => {
      this.receive(payload);
    });
    this.listening.catch(onError);
  }

  /** Resolves once this process hears other nodes (start-up waits for it). */
  async ready(): Promise<void> {
    await this.listening;
  }

  subscribe(accountId: number, listener: MailChangeListener): () => void {
    return this.local.subscribe(accountId, listener);
  }

  publish(change: MailChange): void {
    this.local.publish(change);
    for (const part of splitChange(change)) {
      const notice: Notice = { origin: this.origin, change: part };
      this.broadcast.publish(channel, JSON.stringify(notice)).catch(this.onError);
    }
  }

  private receive(payload: string): void {
    let notice: Notice;
    try {
      notice = JSON.parse(payload) as Notice;
    } catch {
      return;
    }
    if (notice.origin !== this.origin) this.local.publish(notice.change);
  }
}

function splitChange(change: MailChange): MailChange[] {
  if (change.mailboxIds.length <= mailboxesPerNotice) return [change];
  const parts: MailChange[] = [];
  for (let i = 0; i < change.mailboxIds.length; i += mailboxesPerNotice)
    parts.push({ ...change, mailboxIds: change.mailboxIds.slice(i, i + mailboxesPerNotice) });
  return parts;
}
