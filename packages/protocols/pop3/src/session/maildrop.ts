// The maildrop of a POP3 session (RFC 1939 §5): INBOX as listed at login, numbered 1..n for
// the whole session, with deletion marks applied only by QUIT (§6). Sizes come from message
// metadata, fetched only when asked for: login reads the listing and one size sum, never a
// message. Changes made meanwhile by other sessions (IMAP EXPUNGE, MOVE) are detected through
// the notifier: such a message is "gone" and cannot be retrieved.
import { isChasquiError } from '@chasqui/core';
import type { MailService, Mailbox, MailboxEntry } from '@chasqui/mail';
import type { MessageSizeCache } from './size-cache.js';

const unknownSize = -1;
const goneSize = -2;

/** One message of the maildrop as a command sees it. */
export interface MaildropMessage {
  readonly number: number;
  readonly uid: number;
  readonly messageId: number;
}

export class Maildrop {
  /** Octets per message; unknownSize until fetched, goneSize once it left INBOX. */
  private readonly sizes: Float64Array;
  private readonly deleted: Uint8Array;
  private deletedCount = 0;

  private constructor(
    private readonly mail: MailService,
    private readonly cache: MessageSizeCache | null,
    private readonly accountId: number,
    private readonly mailbox: Mailbox,
    private readonly entries: readonly MailboxEntry[],
    /** The sum of all sizes at login, when it could be read consistently. */
    private readonly totalSize: number | null,
    /** Set once INBOX changed after login: check a message is still there before reading it. */
    private readonly watch: { isStale: boolean },
    private readonly unsubscribe: () => void,
  ) {
    this.sizes = new Float64Array(entries.length).fill(unknownSize);
    this.deleted = new Uint8Array(entries.length);
  }

  private get isStale(): boolean {
    return this.watch.isStale;
  }

  /**
   * Snapshots INBOX. Changes are watched from before the listing is read, so none is missed.
   * The size sum is trusted only when the mailbox's modseq did not move while the listing and
   * the sum were read (every change to a mailbox bumps it).
   */
  static async open(
    mail: MailService,
    accountId: number,
    inbox: Mailbox,
    cache: MessageSizeCache | null = null,
  ): Promise<Maildrop> {
    const watch = { isStale: false };
    const unsubscribe = mail.notifier.subscribe(accountId, (change) => {
      if (change.mailboxIds.includes(inbox.id)) watch.isStale = true;
    });
    try {
      const before = await mail.mailboxes.getById(accountId, inbox.id);
      const entries = await mail.messages.list(accountId, inbox.id);
      const status = await mail.mailboxes.status(accountId, inbox.id);
      const after = await mail.mailboxes.getById(accountId, inbox.id);
      const isConsistent = before.highestModseq === after.highestModseq && status.messages === entries.length;
      const total = isConsistent ? status.sizeBytes : null;
      return new Maildrop(mail, cache, accountId, before, entries, total, watch, unsubscribe);
    } catch (error) {
      unsubscribe();
      throw error;
    }
  }

  /** Messages at login, deleted ones included (the highest valid number). */
  get count(): number {
    return this.entries.length;
  }

  /** Messages not marked deleted. */
  get liveCount(): number {
    return this.entries.length - this.deletedCount;
  }

  /** The message numbered `number` unless out of range or marked deleted. */
  message(number: number): MaildropMessage | null {
    const entry = this.entries[number - 1];
    if (entry === undefined || this.deleted[number - 1] === 1) return null;
    return { number, uid: entry.uid, messageId: entry.messageId };
  }

  isDeleted(number: number): boolean {
    return this.deleted[number - 1] === 1;
  }

  /** RFC 1939 §7 UIDL: UIDVALIDITY and UID, stable across sessions and unique. */
  uniqueId(message: MaildropMessage): string {
    return `${this.mailbox.uidValidity}.${message.uid}`;
  }

  /** Marks a message deleted (DELE); the mark takes effect at QUIT. */
  markDeleted(message: MaildropMessage): void {
    const index = message.number - 1;
    if (this.deleted[index] === 1) return;
    this.deleted[index] = 1;
    this.deletedCount++;
  }

  /** RSET: unmarks every message. */
  reset(): void {
    this.deleted.fill(0);
    this.deletedCount = 0;
  }

  /** The message's size, or null once it has left INBOX. */
  async sizeOf(message: MaildropMessage): Promise<number | null> {
    await this.loadSizes([message.number - 1]);
    const size = this.sizes[message.number - 1] ?? goneSize;
    return size < 0 ? null : size;
  }

  /** [number, size] for every message not deleted; gone messages count 0 octets. */
  async scanListing(): Promise<[number, number][]> {
    await this.loadSizes(this.liveIndices());
    return this.liveIndices().map((index) => [index + 1, Math.max(0, this.sizes[index] ?? 0)]);
  }

  /** STAT (RFC 1939 §5): messages not deleted and their octets. */
  async stat(): Promise<{ count: number; size: number }> {
    const deletedIndices = this.deletedIndices();
    await this.loadSizes(deletedIndices);
    const isExact = deletedIndices.every((index) => (this.sizes[index] ?? goneSize) >= 0);
    if (this.totalSize !== null && isExact) {
      let size = this.totalSize;
      for (const index of deletedIndices) size -= this.sizes[index] ?? 0;
      return { count: this.liveCount, size };
    }
    const listing = await this.scanListing();
    return { count: listing.length, size: listing.reduce((sum, [, size]) => sum + size, 0) };
  }

  /** The stored bytes, or null when the message has left INBOX meanwhile. */
  async read(message: MaildropMessage): Promise<Buffer | null> {
    if (this.isStale && !(await this.isStillInInbox(message))) return null;
    try {
      return await this.mail.messages.readRaw(this.accountId, message.messageId);
    } catch (error) {
      // Destroyed between the check and the read: its row or its blob is gone.
      if (isChasquiError(error, 'NOT_FOUND') || isChasquiError(error, 'INTERNAL')) {
        this.sizes[message.number - 1] = goneSize;
        return null;
      }
      throw error;
    }
  }

  /** UPDATE (RFC 1939 §6): expunges the deleted messages; returns how many went. */
  async commit(): Promise<number> {
    const uids = this.deletedIndices().map((index) => this.entries[index]?.uid ?? 0);
    if (uids.length === 0) return 0;
    const removed = await this.mail.messages.expunge(this.accountId, this.mailbox.id, uids);
    return removed.length;
  }

  /** Stops listening for changes; call when the session ends. */
  close(): void {
    this.unsubscribe();
  }

  private async isStillInInbox(message: MaildropMessage): Promise<boolean> {
    await this.loadSizes([message.number - 1], true);
    return (this.sizes[message.number - 1] ?? goneSize) >= 0;
  }

  /**
   * Fetches the sizes not known yet, from the cache when INBOX did not change since login (a
   * cached message is then surely still there). `isRefresh` re-reads `indices` from the store
   * to learn whether they are still in INBOX.
   */
  private async loadSizes(indices: readonly number[], isRefresh = false): Promise<void> {
    let wanted = indices.filter((index) => isRefresh || this.sizes[index] === unknownSize);
    if (!isRefresh && !this.isStale) wanted = wanted.filter((index) => !this.fromCache(index));
    if (wanted.length === 0) return;
    const ids = wanted.map((index) => this.entries[index]?.messageId ?? 0);
    // One read for all: the sizes of those still in INBOX.
    const sizes = await this.mail.messages.sizesOf(this.accountId, ids, this.mailbox.id);
    for (const [id, size] of sizes) this.cache?.set(id, size);
    for (const index of wanted) {
      const size = sizes.get(this.entries[index]?.messageId ?? 0);
      this.sizes[index] = size ?? goneSize;
    }
  }

  /** Takes the size of the message at `index` from the cache; false when it is not there. */
  private fromCache(index: number): boolean {
    const entry = this.entries[index];
    const size = entry === undefined ? undefined : this.cache?.get(entry.messageId);
    if (size === undefined) return false;
    this.sizes[index] = size;
    return true;
  }

  private liveIndices(): number[] {
    const out: number[] = [];
    for (let index = 0; index < this.entries.length; index++) if (this.deleted[index] === 0) out.push(index);
    return out;
  }

  private deletedIndices(): number[] {
    const out: number[] = [];
    for (let index = 0; index < this.entries.length; index++) if (this.deleted[index] === 1) out.push(index);
    return out;
  }
}
