// The mail notifier of a worker process: changes are announced to this process's sessions at
// once, and through the primary to every other worker's, so an IMAP IDLE session or a JMAP push
// connection sees a change made by a session that landed on another worker.
import {
  LocalMailNotifier,
  type MailChange,
  type MailChangeListener,
  type MailNotifier,
} from '@chasqui/mail';
import type { ClusterChannel } from './messages.js';

export class ClusterMailNotifier implements MailNotifier {
  private readonly local = new LocalMailNotifier();

  constructor(private readonly channel: ClusterChannel) {
    channel.onMessage((message) => {
      if (message.type === 'chasqui:mail-change') this.local.publish(message.change);
    });
  }

  subscribe(accountId: number, listener: MailChangeListener): () => void {
    return this.local.subscribe(accountId, listener);
  }

  publish(change: MailChange): void {
    this.local.publish(change);
    this.channel.send({ type: 'chasqui:mail-change', change });
  }
}
