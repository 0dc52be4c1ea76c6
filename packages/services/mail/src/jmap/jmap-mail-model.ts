// What JMAP (RFC 8620/8621) needs from the mail model beyond MailService: account-wide change
// classification from the change log, the email metadata index, appends to several mailboxes,
// account-wide full-text search, blob reads checked against ownership, and the store's JMAP
// records (identities, vacation response, email submissions).
import type { Clock } from '@chasqui/core';
import type {
  Account,
  AppendResult,
  EmailSubmissionRepository,
  JmapIdentityRepository,
  PreferencesRepository,
  Store,
  StoredMessage,
  VacationResponseRepository,
} from '@chasqui/store';
import type { MailService } from '../mail-service.js';
import { normaliseQuery } from '../text/spanish.js';
import { EmailIndex, type AccountEmails } from './email-index.js';
import {
  windowOf,
  type EmailQuery,
  type EmailQueryPage,
  type EmailQueryResult,
  type EmailQueryWindow,
} from './email-filter.js';
import { queryEmailIndex } from './email-query-index.js';
import { talliesOf, type MailboxTally } from './mailbox-tallies.js';
import { planStoreQuery, queryEmailStorePage } from './email-query-store.js';
import {
  classifyEmailChanges,
  classifyMailboxChanges,
  cutWindow,
  type ObjectChanges,
} from './jmap-changes.js';

export interface JmapMailModelDeps {
  readonly store: Store;
  readonly mail: MailService;
  readonly clock: Clock;
}

export interface JmapAppend {
  readonly accountId: number;
  readonly mailboxIds: readonly number[];
  readonly raw: Uint8Array;
  readonly flags: number;
  readonly keywords: readonly string[];
  readonly receivedAt: number;
}

export type { AccountEmails, MailboxTally, ObjectChanges };

export class JmapMailModel {
  readonly emails: EmailIndex;
  readonly identities: JmapIdentityRepository;
  readonly vacation: VacationResponseRepository;
  /** Webmail preferences (urn:chasqui:params:jmap:preferences). */
  readonly preferences: PreferencesRepository;
  readonly submissions: EmailSubmissionRepository;

  constructor(private readonly deps: JmapMailModelDeps) {
    this.emails = new EmailIndex(deps.store);
    this.identities = deps.store.jmapIdentities;
    this.vacation = deps.store.vacationResponses;
    this.preferences = deps.store.preferences;
    this.submissions = deps.store.emailSubmissions;
  }

  /** An account by id (scheduled sends run without a request), or null. */
  accountById(accountId: number): Promise<Account | null> {
    return this.deps.store.accounts.getById(accountId);
  }

  /**
   * Gives a message one more mailbox (JMAP mailboxIds gaining an entry) without copying it;
   * returns false when it was already there.
   */
  async addToMailbox(accountId: number, messageId: number, mailboxId: number): Promise<boolean> {
    const added = await this.deps.store.messages.addToMailbox(accountId, [messageId], mailboxId);
    if (added.size === 0) return false;
    this.deps.mail.notifier.publish({
      accountId,
      mailboxIds: [mailboxId],
      mailboxesChanged: false,
      modseq: await this.highestModseq(accountId),
    });
    return true;
  }

  /** The account's highest modseq: the JMAP state of Mailbox, Email and Thread. */
  highestModseq(accountId: number): Promise<number> {
    return this.deps.store.changes.highestModseq(accountId);
  }

  /** Email changes since `since`; null when they cannot be calculated (below the horizon). */
  async emailChanges(accountId: number, since: number, max: number): Promise<ObjectChanges | null> {
    const window = await this.window(accountId, since);
    if (!window) return null;
    const emails = window.entries.filter((entry) => entry.type === 'email');
    const { kept, hasMore } = cutWindow(emails, max, (entry) => entry.objectId);
    const index = await this.emails.load(accountId);
    const classified = classifyEmailChanges(kept, (id) => index.byId.has(id));
    const newModseq = hasMore ? (kept.at(-1)?.modseq ?? since) : window.highest;
    return { ...classified, newModseq, hasMoreChanges: hasMore };
  }

  /** Mailbox changes, including mailboxes whose counts changed (`countsOnly`). */
  async mailboxChanges(
    accountId: number,
    since: number,
    max: number,
  ): Promise<(ObjectChanges & { countsOnly: boolean }) | null> {
    const window = await this.window(accountId, since);
    if (!window) return null;
    const key = (entry: { type: string; objectId: number; mailboxId: number | null }): number =>
      entry.type === 'mailbox' ? entry.objectId : (entry.mailboxId ?? 0);
    const { kept, hasMore } = cutWindow(window.entries, max, key);
    const existing = new Set((await this.deps.store.mailboxes.list(accountId)).map((mailbox) => mailbox.id));
    const classified = classifyMailboxChanges(kept, (id) => existing.has(id));
    const newModseq = hasMore ? (kept.at(-1)?.modseq ?? since) : window.highest;
    return { ...classified, newModseq, hasMoreChanges: hasMore };
  }

  /** Thread changes, derived from email changes; null when a vanished thread is unknown. */
  async threadChanges(accountId: number, since: number, max: number): Promise<ObjectChanges | null> {
    const emails = await this.emailChanges(accountId, since, Number.MAX_SAFE_INTEGER);
    if (!emails) return null;
    const index = await this.emails.load(accountId);
    const created = new Set<number>();
    const updated = new Set<number>();
    const destroyed = new Set<number>();
    const createdEmails = new Set(emails.created);
    for (const id of [...emails.created, ...emails.updated]) {
      const threadId = index.byId.get(id)?.threadId;
      if (threadId === undefined) continue;
      // A new thread's id is its first message's id (store insert), so a new first message means a new thread.
      (createdEmails.has(threadId) ? created : updated).add(threadId);
    }
    for (const id of emails.destroyed) {
      const threadId = this.emails.threadOfDestroyed(id);
      if (threadId === undefined) return null;
      (index.byThread.has(threadId) ? updated : destroyed).add(threadId);
    }
    for (const id of created) updated.delete(id);
    const total = created.size + updated.size + destroyed.size;
    if (total > max) return null;
    return {
      created: [...created],
      updated: [...updated],
      destroyed: [...destroyed],
      newModseq: emails.newModseq,
      hasMoreChanges: false,
    };
  }

  /**
   * Email/query (RFC 8621 §4.4), one window of it; null when the anchor is not found. Until
   * the account's index is built, queries SQL can answer exactly come from the store (and
   * start the build); the others wait for the index.
   */
  async queryEmailPage(
    accountId: number,
    query: EmailQuery,
    window: EmailQueryWindow,
  ): Promise<EmailQueryPage | null> {
    if (!this.emails.isReady(accountId)) {
      const plan = planStoreQuery(query, this.deps.store.jmapEmails.hasFastTextQueries);
      if (plan) {
        this.emails.warm(accountId);
        return queryEmailStorePage(this.deps.store, accountId, plan, window);
      }
    }
    return windowOf(await this.queryEmailIndex(accountId, query), window);
  }

  /** Email/query over the email index, waiting for it to be built. */
  async queryEmailIndex(accountId: number, query: EmailQuery): Promise<EmailQueryResult> {
    const emails = await this.emails.load(accountId);
    return queryEmailIndex(query, { emails, textHits: (text) => this.searchText(accountId, text) });
  }

  /**
   * Email, thread and unread counts of every mailbox of the account (RFC 8621 §2): from SQL
   * until the account's index is built (Mailbox/get is the webmail's first call), then from it.
   */
  async mailboxTallies(accountId: number): Promise<Map<number, MailboxTally>> {
    if (!this.emails.isReady(accountId)) {
      this.emails.warm(accountId);
      const counts = await this.deps.store.jmapEmails.mailboxCounts(accountId);
      return new Map(counts.map(({ mailboxId, ...tally }) => [mailboxId, tally]));
    }
    return talliesOf(await this.emails.load(accountId));
  }

  /** Stores a message in one or more mailboxes at once (Email/set create, Email/import). */
  appendEmail(request: JmapAppend): Promise<AppendResult> {
    return this.deps.mail.appendToMailboxes(request);
  }

  /** Account-wide full-text search (Spanish-aware); an empty query matches nothing. */
  async searchText(accountId: number, text: string): Promise<Set<number>> {
    const query = normaliseQuery(text);
    if (query === '') return new Set();
    return new Set(await this.deps.store.messages.searchText(accountId, query));
  }

  /** The account's own address and the aliases that deliver to it (Identity/get). */
  async ownedAddresses(account: Account): Promise<string[]> {
    const aliases = await this.deps.store.aliases.list({ domainId: account.domainId });
    const own = account.address.toLowerCase();
    const mine = aliases
      .filter((alias) => alias.targets.some((target) => target.toLowerCase() === own))
      .map((alias) => alias.address.toLowerCase());
    return [own, ...mine];
  }

  /** The bytes of a blob when it is the raw message of one of the account's emails. */
  async readEmailBlob(accountId: number, blobId: string): Promise<Uint8Array | null> {
    const index = await this.emails.load(accountId);
    let owned: StoredMessage | undefined;
    for (const message of index.byId.values()) {
      if (message.blobId === blobId) {
        owned = message;
        break;
      }
    }
    return owned ? this.deps.store.blobs.get(blobId) : null;
  }

  /** Quota in bytes and use of an account (overQuota checks before an upload is imported). */
  async quota(accountId: number): Promise<{ usedBytes: number; quotaBytes: number | null }> {
    const account = await this.deps.store.accounts.getById(accountId);
    return { usedBytes: account?.usedBytes ?? 0, quotaBytes: account?.quotaBytes ?? null };
  }

  private async window(accountId: number, since: number) {
    const { changes } = this.deps.store;
    const [horizon, highest] = await Promise.all([
      changes.horizon(accountId),
      changes.highestModseq(accountId),
    ]);
    if (since < horizon || since > highest) return null;
    const entries = await changes.since(accountId, since);
    return { entries, highest };
  }
}
