// Sessions watching their selected mailbox for changes: one notifier subscription per account,
// fanned out to the sessions that selected each of its mailboxes. Ten thousand IDLE sessions
// on one INBOX are then one listener and one Set, not ten thousand listener closures.
import type { MailChange, MailNotifier } from '@chasqui/mail';
import { forgetMailbox, noteMailboxChanged } from './shared-changes.js';

/** A session told of changes to the mailbox it watches. */
export interface MailboxWatcher {
  onMailboxChange(): void;
}

class AccountWatch {
  readonly byMailbox = new Map<number, Set<MailboxWatcher>>();
  readonly unsubscribe: () => void;

  constructor(
    private readonly notifier: MailNotifier,
    accountId: number,
  ) {
    this.unsubscribe = notifier.subscribe(accountId, (change) => {
      this.deliver(change);
    });
  }

  private deliver(change: MailChange): void {
    for (const mailboxId of change.mailboxIds) {
      const watchers = this.byMailbox.get(mailboxId);
      if (watchers === undefined) continue;
      noteMailboxChanged(this.notifier, mailboxId);
      for (const watcher of watchers) {
        try {
          watcher.onMailboxChange();
        } catch {
          // One session's failure must not keep the others from hearing the change.
        }
      }
    }
  }
}

const watchesByNotifier = new WeakMap<MailNotifier, Map<number, AccountWatch>>();

/** Calls `watcher.onMailboxChange()` on every change to the mailbox until unwatchMailbox(). */
export function watchMailbox(
  notifier: MailNotifier,
  accountId: number,
  mailboxId: number,
  watcher: MailboxWatcher,
): void {
  let accounts = watchesByNotifier.get(notifier);
  if (accounts === undefined) {
    accounts = new Map();
    watchesByNotifier.set(notifier, accounts);
  }
  let account = accounts.get(accountId);
  if (account === undefined) {
    account = new AccountWatch(notifier, accountId);
    accounts.set(accountId, account);
  }
  let watchers = account.byMailbox.get(mailboxId);
  if (watchers === undefined) {
    watchers = new Set();
    account.byMailbox.set(mailboxId, watchers);
  }
  watchers.add(watcher);
}

export function unwatchMailbox(
  notifier: MailNotifier,
  accountId: number,
  mailboxId: number,
  watcher: MailboxWatcher,
): void {
  const accounts = watchesByNotifier.get(notifier);
  const account = accounts?.get(accountId);
  const watchers = account?.byMailbox.get(mailboxId);
  if (accounts === undefined || account === undefined || watchers === undefined) return;
  watchers.delete(watcher);
  if (watchers.size > 0) return;
  account.byMailbox.delete(mailboxId);
  forgetMailbox(notifier, mailboxId);
  if (account.byMailbox.size > 0) return;
  account.unsubscribe();
  accounts.delete(accountId);
}
