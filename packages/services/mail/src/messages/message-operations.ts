// Message operations for IMAP and JMAP (RFC 9051 §6.4, RFC 7162): listings with UID, flags and
// modseq, raw bytes, flag changes, copy, move, expunge, append and search. Every change is
// published to the notifier so that other sessions of the account see it.
import { ChasquiError } from '@chasqui/core';
import type { FlagChange, Mailbox, MailboxEntry, Store, StoredMessage } from '@chasqui/store';
import type { MailNotifier } from '../notify/mail-notifier.js';
import { normaliseQuery } from '../text/spanish.js';

/** What changed in a mailbox since a modseq (IMAP refresh, CONDSTORE, QRESYNC). */
export interface MailboxChanges {
  /** The mailbox's HIGHESTMODSEQ, read before the changes: ask again from here. */
  readonly highestModseq: number;
  /** Entries appended or changed since (modseq above `since`), by UID. */
  readonly changed: readonly MailboxEntry[];
  /** UIDs that left the mailbox since (expunged or moved away), ascending. */
  readonly vanished: readonly number[];
  /** False when `since` is older than the change log keeps: `vanished` may miss some. */
  readonly isExact: boolean;
}

export interface AppendOptions {
  readonly flags?: number;
  readonly keywords?: readonly string[];
  readonly receivedAt?: number;
}

export type IngestFunction = (request: {
  accountId: number;
  mailboxId: number;
  raw: Uint8Array;
  flags?: number;
  keywords?: readonly string[];
  receivedAt?: number;
}) => Promise<{ messageId: number; uids: ReadonlyMap<number, number>; modseq: number }>;

export class MessageOperations {
  constructor(
    private readonly store: Store,
    private readonly notifier: MailNotifier,
    private readonly ingest: IngestFunction,
  ) {}

  /** Every message of a mailbox in UID order. */
  async list(accountId: number, mailboxId: number): Promise<MailboxEntry[]> {
    await this.mailboxOf(accountId, mailboxId);
    return this.store.messages.listMailbox(mailboxId);
  }

  /** What changed in a mailbox since `since` (see MailboxChanges). */
  async changesSince(accountId: number, mailboxId: number, since: number): Promise<MailboxChanges> {
    const mailbox = await this.mailboxOf(accountId, mailboxId);
    const [changed, log, horizon] = await Promise.all([
      this.store.messages.listChangedSince(mailboxId, since),
      this.store.changes.since(accountId, since, { type: 'email', mailboxId }),
      this.store.changes.horizon(accountId),
    ]);
    const vanished = new Set<number>();
    for (const entry of log) {
      if (entry.op === 'destroyed' && entry.uid !== null) vanished.add(entry.uid);
    }
    // A UID is never reused, so one that is listed now has not vanished.
    for (const entry of changed) vanished.delete(entry.uid);
    return {
      highestModseq: mailbox.highestModseq,
      changed,
      vanished: [...vanished].sort((a, b) => a - b),
      isExact: since >= horizon,
    };
  }

  /** Stored metadata (size, dates, envelope fields) of messages of the account. */
  get(accountId: number, messageIds: readonly number[]): Promise<StoredMessage[]> {
    return this.store.messages.getMany(accountId, messageIds);
  }

  /** The raw RFC 5322 bytes of a message; NOT_FOUND when it is not the account's. */
  async readRaw(accountId: number, messageId: number): Promise<Buffer> {
    const message = await this.store.messages.getById(accountId, messageId);
    if (!message) throw new ChasquiError('NOT_FOUND', 'no such message');
    const raw = await this.store.blobs.get(message.blobId);
    if (!raw) throw new ChasquiError('INTERNAL', `blob ${message.blobId} is missing`);
    return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  }

  /** Changes flags; returns the entries changed (all mailboxes) and the ids skipped by UNCHANGEDSINCE. */
  async setFlags(
    accountId: number,
    messageIds: readonly number[],
    change: FlagChange,
  ): Promise<{ changed: MailboxEntry[]; skipped: number[] }> {
    const result = await this.store.messages.setFlags(accountId, messageIds, change);
    if (result.changed.length > 0) await this.publishFor(accountId, result.changed);
    return result;
  }

  /** COPY: returns source message id → UID in the target. */
  async copy(
    accountId: number,
    messageIds: readonly number[],
    toMailboxId: number,
  ): Promise<Map<number, number>> {
    await this.mailboxOf(accountId, toMailboxId);
    const copied = await this.store.messages.copy(accountId, messageIds, toMailboxId);
    this.publish(accountId, [toMailboxId]);
    return copied;
  }

  /** MOVE: returns message id → UID in the target. */
  async move(
    accountId: number,
    messageIds: readonly number[],
    fromMailboxId: number,
    toMailboxId: number,
  ): Promise<Map<number, number>> {
    await this.mailboxOf(accountId, fromMailboxId);
    await this.mailboxOf(accountId, toMailboxId);
    const moved = await this.store.messages.move(accountId, messageIds, fromMailboxId, toMailboxId);
    this.publish(accountId, [fromMailboxId, toMailboxId]);
    return moved;
  }

  /** Removes UIDs from a mailbox; returns those actually removed, ascending. */
  async expunge(accountId: number, mailboxId: number, uids: readonly number[]): Promise<number[]> {
    await this.mailboxOf(accountId, mailboxId);
    if (uids.length === 0) return [];
    const removed = await this.store.messages.expunge(mailboxId, uids);
    if (removed.length > 0) this.publish(accountId, [mailboxId]);
    return removed;
  }

  /** APPEND: stores a message through ingest; returns its UID in the mailbox. */
  async append(
    accountId: number,
    mailboxId: number,
    raw: Uint8Array,
    options: AppendOptions = {},
  ): Promise<{ messageId: number; uid: number; uidValidity: number }> {
    const mailbox = await this.mailboxOf(accountId, mailboxId);
    const result = await this.ingest({ accountId, mailboxId, raw, ...options });
    const uid = result.uids.get(mailboxId);
    if (uid === undefined) throw new ChasquiError('INTERNAL', 'append returned no UID');
    return { messageId: result.messageId, uid, uidValidity: mailbox.uidValidity };
  }

  /**
   * Full-text search (Spanish-aware: accents folded, plural/gender stemmed) within a mailbox.
   * Returns the matching message ids; an empty query matches nothing.
   */
  async searchText(accountId: number, mailboxId: number, text: string): Promise<Set<number>> {
    const query = normaliseQuery(text);
    if (query === '') return new Set();
    return new Set(await this.store.messages.searchText(accountId, query, mailboxId));
  }

  private async mailboxOf(accountId: number, mailboxId: number): Promise<Mailbox> {
    const mailbox = await this.store.mailboxes.getById(mailboxId);
    if (mailbox?.accountId !== accountId) throw new ChasquiError('NOT_FOUND', 'no such mailbox');
    return mailbox;
  }

  private async publishFor(accountId: number, changed: readonly MailboxEntry[]): Promise<void> {
    const ids = [...new Set(changed.map((entry) => entry.messageId))];
    // Finding each message's mailboxes costs a query per message: past a few, name them all.
    if (ids.length > 50) {
      const all = await this.store.mailboxes.list(accountId);
      this.publish(
        accountId,
        all.map((mailbox) => mailbox.id),
      );
      return;
    }
    const messages = await this.store.messages.getMany(accountId, ids);
    const mailboxIds = new Set<number>();
    for (const message of messages) for (const mailboxId of message.uids.keys()) mailboxIds.add(mailboxId);
    this.publish(accountId, [...mailboxIds]);
  }

  private publish(accountId: number, mailboxIds: readonly number[]): void {
    this.notifier.publish({ accountId, mailboxIds, mailboxesChanged: false, modseq: 0 });
  }
}
