// A mail notifier for one of several processes: changes reach this process's sessions at once,
// and the other processes through a relay (a cluster's IPC channel, PostgreSQL LISTEN/NOTIFY),
// so an IMAP IDLE session or a JMAP push connection sees changes made anywhere.
import {
  LocalMailNotifier,
  type MailChange,
  type MailChangeListener,
  type MailNotifier,
} from './mail-notifier.js';

/** Carries changes between processes; never hands a process back its own changes. */
export interface MailChangeRelay {
  send(change: MailChange): void;
  /** Calls `deliver` with every change made elsewhere; resolves once listening. */
  listen(deliver: (change: MailChange) => void): Promise<void>;
}

export class RelayedMailNotifier implements MailNotifier {
  private readonly local = new LocalMailNotifier();
  private readonly listening: Promise<void>;

  constructor(
    private readonly relay: MailChangeRelay,
    onError: (error: unknown) => void = () => undefined,
  ) {
    this.listening = relay.listen((change) => {
      this.local.publish(change);
    });
    this.listening.catch(onError);
  }

  /** Resolves once this process hears the others (start-up waits for it). */
  ready(): Promise<void> {
    return this.listening;
  }

  subscribe(accountId: number, listener: MailChangeListener): () => void {
    return this.local.subscribe(accountId, listener);
  }

  publish(change: MailChange): void {
    this.local.publish(change);
    this.relay.send(change);
  }
}
