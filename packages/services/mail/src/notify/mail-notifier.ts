// In-process change notification (ARCHITECTURE.md §1 "notifier"): IMAP IDLE and other live
// sessions of an account learn that a mailbox changed. A PostgreSQL LISTEN/NOTIFY or Redis
// notifier implements the same interface for several nodes.
import { EventEmitter } from 'node:events';

/** Something changed in these mailboxes of an account; read the change log for what. */
export interface MailChange {
  readonly accountId: number;
  /** Mailboxes whose messages changed (appended, flags, expunged, moved in or out). */
  readonly mailboxIds: readonly number[];
  /** True when mailboxes themselves were created, renamed or deleted. */
  readonly mailboxesChanged: boolean;
  /** The account's highest modseq after the change (0 when unknown). */
  readonly modseq: number;
  /** Other JMAP types whose state changed (e.g. "Preferences"); mailboxIds is then empty. */
  readonly jmapTypes?: readonly string[];
}

export type MailChangeListener = (change: MailChange) => void;

export interface MailNotifier {
  /** Listens to one account's changes; returns the function that stops listening. */
  subscribe(accountId: number, listener: MailChangeListener): () => void;
  publish(change: MailChange): void;
  /** Resolves once changes from other processes are heard (a notifier that needs set-up). */
  ready?(): Promise<void>;
}

/** One process: an EventEmitter with one event name per account. */
export class LocalMailNotifier implements MailNotifier {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every IMAP session of an account listens: thousands of listeners are expected.
    this.emitter.setMaxListeners(0);
  }

  subscribe(accountId: number, listener: MailChangeListener): () => void {
    const event = eventName(accountId);
    this.emitter.on(event, listener);
    return () => {
      this.emitter.off(event, listener);
    };
  }

  publish(change: MailChange): void {
    // A listener's failure must not reach the writer whose change already committed.
    for (const listener of this.emitter.listeners(eventName(change.accountId))) {
      try {
        (listener as MailChangeListener)(change);
      } catch {
        // Listeners handle their own errors; nothing useful to do here.
      }
    }
  }
}

function eventName(accountId: number): string {
  return `account:${accountId}`;
}
