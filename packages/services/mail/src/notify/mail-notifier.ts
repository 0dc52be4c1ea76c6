// In-process change notification (ARCHITECTURE.md §1 "notifier"): IMAP IDLE and other live
// sessions of an account learn that a mailbox changed. A PostgreSQL LISTEN/NOTIFY or Redis
// notifier implements the same interface for several nodes.
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

/**
 * One process: a Set of listeners per account. Thousands of listeners on one account are
 * expected (JMAP push connections): subscribing and leaving cost the same with one or many.
 */
export class LocalMailNotifier implements MailNotifier {
  /** Subscriptions are objects: one function subscribed twice is called twice, left once a call. */
  private readonly listeners = new Map<number, Set<{ readonly listener: MailChangeListener }>>();

  subscribe(accountId: number, listener: MailChangeListener): () => void {
    let listeners = this.listeners.get(accountId);
    if (listeners === undefined) {
      listeners = new Set();
      this.listeners.set(accountId, listeners);
    }
    const entry = { listener };
    listeners.add(entry);
    return () => {
      this.unsubscribe(accountId, entry);
    };
  }

  private unsubscribe(accountId: number, entry: { readonly listener: MailChangeListener }): void {
    const listeners = this.listeners.get(accountId);
    if (listeners === undefined) return;
    listeners.delete(entry);
    if (listeners.size === 0) this.listeners.delete(accountId);
  }

  publish(change: MailChange): void {
    const listeners = this.listeners.get(change.accountId);
    if (listeners === undefined) return;
    // A copy: a listener may subscribe or leave while it is told. A listener's failure must not
    // reach the writer whose change already committed.
    for (const entry of [...listeners]) {
      try {
        entry.listener(change);
      } catch {
        // Listeners handle their own errors; nothing useful to do here.
      }
    }
  }
}
