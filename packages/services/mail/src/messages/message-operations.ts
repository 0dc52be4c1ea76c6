// Message operations for IMAP and JMAP (RFC 9051 §6.4, RFC 7162): listings with UID, flags and
// modseq, raw bytes, flag changes, copy, move, expunge, append and search. Every change is
// published to the notifier so that other sessions of the owner's account see it. Each call
// names the acting account; on another account's mailbox it needs RFC 4314 rights (r to read,
// s/w/t to flag, i to insert, e to expunge), and \Seen there is the actor's own.
import { ChasquiError } from '@chasqui/core';
import type { FlagChange, MailboxEntry, MailboxListing, Store, StoredMessage } from '@chasqui/store';
import type { MailboxAccess, MailboxGrant, MailboxTarget } from '../acl/mailbox-access.js';
import { overlaySeen, seenByUid } from '../acl/shared-seen.js';
import type { MessageSummary } from '../mime/message-summary.js';
import type { MailNotifier } from '../notify/mail-notifier.js';
import type { FlagChangeObserver } from '../feedback/spam-feedback.js';
import { normaliseQuery } from '../text/spanish.js';
import { appendMessages, type AppendItem } from './append-messages.js';
import { copyAcross, type TransferItem } from './cross-account.js';
import { MessageSummaries } from './message-summaries.js';
import { readScope } from './read-scope.js';
import { setSharedFlags } from './shared-flags.js';

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

/** Several IngestFunction requests stored in order and committed together; each result or error. */
export type IngestAllFunction = (
  requests: readonly Parameters<IngestFunction>[0][],
) => Promise<({ messageId: number; uids: ReadonlyMap<number, number>; modseq: number } | Error)[]>;

/** Bytes of message content held at once by readInGroups(). */
const defaultGroupBytes = 4 * 1024 * 1024;

export class MessageOperations {
  private readonly summaries: MessageSummaries;

  constructor(
    private readonly store: Store,
    private readonly notifier: MailNotifier,
    private readonly ingest: IngestFunction,
    private readonly ingestAll: IngestAllFunction,
    private readonly access: MailboxAccess,
    /** Sees each flag change before it applies (spam training from $junk / $notjunk). */
    private readonly observeFlags: FlagChangeObserver | null = null,
  ) {
    this.summaries = new MessageSummaries(store, access);
  }

  /**
   * Every message of a mailbox in UID order, as the actor sees it. The owner's listing may be
   * the store's cached one, shared by every caller: never changed in place.
   */
  async list(actorId: number, mailboxId: number): Promise<readonly MailboxEntry[]> {
    return (await this.listing(actorId, mailboxId)).entries;
  }

  /** list() with the HIGHESTMODSEQ it reflects (IMAP SELECT), for a mailbox or a grant held. */
  async listing(actorId: number, target: MailboxTarget): Promise<MailboxListing> {
    const { mailbox, isOwner } = await this.access.grantOf(actorId, target, 'r');
    const listing = await this.store.messages.readListing(mailbox.id);
    if (isOwner) return listing;
    // The grantee's own \Seen changes carry modseqs of their own.
    const seen = await this.store.mailboxAcl.listSeen(actorId, mailbox.id);
    const entries = overlaySeen(listing.entries, seenByUid(seen));
    const highestModseq = entries.reduce((highest, entry) => Math.max(highest, entry.modseq), 0);
    return { entries, highestModseq: Math.max(highestModseq, listing.highestModseq) };
  }

  /**
   * The mailbox's HIGHESTMODSEQ now, or null once it is gone: one indexed read, no rights
   * lookup (only a number is told), so that a session can skip changesSince() when it did not move.
   */
  modseqOf(mailboxId: number): Promise<number | null> {
    return this.store.mailboxes.highestModseq(mailboxId);
  }

  /** What changed in a mailbox since `since` (see MailboxChanges), as the actor sees it. */
  async changesSince(actorId: number, mailboxId: number, since: number): Promise<MailboxChanges> {
    const { mailbox, isOwner } = await this.access.require(actorId, mailboxId, 'r');
    const ownerId = mailbox.accountId;
    const [changed, log, horizon, seen] = await Promise.all([
      this.store.messages.listChangedSince(mailboxId, since),
      this.store.changes.since(ownerId, since, { type: 'email', mailboxId }),
      this.store.changes.horizon(ownerId),
      isOwner ? null : this.store.mailboxAcl.listSeen(actorId, mailboxId),
    ]);
    const vanished = new Set<number>();
    for (const entry of log) {
      if (entry.op === 'destroyed' && entry.uid !== null) vanished.add(entry.uid);
    }
    // A UID is never reused, so one that is listed now has not vanished.
    for (const entry of changed) vanished.delete(entry.uid);
    return {
      highestModseq: mailbox.highestModseq,
      changed: seen === null ? changed : await this.withOwnSeen(mailboxId, changed, seen, since),
      vanished: [...vanished].sort((a, b) => a - b),
      isExact: since >= horizon,
    };
  }

  /** Adds the entries whose only change is the grantee's own \Seen, then overlays it. */
  private async withOwnSeen(
    mailboxId: number,
    changed: readonly MailboxEntry[],
    seen: Parameters<typeof seenByUid>[0],
    since: number,
  ): Promise<MailboxEntry[]> {
    const known = new Set(changed.map((entry) => entry.uid));
    const extra = new Set(seen.filter((s) => s.modseq > since && !known.has(s.uid)).map((s) => s.uid));
    let entries = [...changed];
    if (extra.size > 0) {
      const all = await this.store.messages.listMailbox(mailboxId);
      entries = entries.concat(all.filter((entry) => extra.has(entry.uid))).sort((a, b) => a.uid - b.uid);
    }
    return overlaySeen(entries, seenByUid(seen));
  }

  /**
   * Stored metadata (size, dates, envelope fields) of messages: the actor's own, or with
   * `mailboxId` those in that mailbox (needs "r" on another account's).
   */
  async get(
    actorId: number,
    messageIds: readonly number[],
    mailbox?: MailboxTarget,
  ): Promise<StoredMessage[]> {
    const { accountId, onlyIn } = await readScope(this.access, actorId, mailbox);
    const found = await this.store.messages.getMany(accountId, messageIds);
    return onlyIn === undefined ? found : found.filter((message) => message.uids.has(onlyIn));
  }

  /** The raw RFC 5322 bytes of a message (see get() for `mailboxId`); NOT_FOUND otherwise. */
  async readRaw(actorId: number, messageId: number, mailboxId?: number): Promise<Buffer> {
    const raw = (await this.readFew(actorId, [messageId], mailboxId)).get(messageId);
    if (raw === undefined) throw new ChasquiError('NOT_FOUND', 'no such message');
    return raw;
  }

  /**
   * Message id → size in octets of the actor's messages, or with `mailboxId` of those still in
   * that mailbox (needs "r" on another account's); the others are left out (POP3 LIST).
   */
  async sizesOf(
    actorId: number,
    messageIds: readonly number[],
    mailboxId?: number,
  ): Promise<Map<number, number>> {
    const { accountId } = await readScope(this.access, actorId, mailboxId);
    return this.store.messages.getSizes(accountId, messageIds, mailboxId);
  }

  /**
   * The raw bytes of a few messages in one read, as message id → bytes in the order asked (see
   * get() for `mailboxId`); unknown ids are left out. For many, readInGroups() bounds memory.
   */
  async readFew(
    actorId: number,
    messageIds: readonly number[],
    mailbox?: MailboxTarget,
  ): Promise<Map<number, Buffer>> {
    const { accountId, onlyIn } = await readScope(this.access, actorId, mailbox);
    return this.contents(accountId, messageIds, onlyIn);
  }

  /**
   * The raw bytes of messages in the order asked (see get() for `mailboxId`), as message id →
   * bytes maps of about `groupBytes` each so that memory stays bounded: one size read for
   * all, then one content read per group. Unknown ids are left out.
   */
  async *readInGroups(
    actorId: number,
    messageIds: readonly number[],
    mailbox?: MailboxTarget,
    groupBytes = defaultGroupBytes,
  ): AsyncGenerator<Map<number, Buffer>> {
    const { accountId, onlyIn } = await readScope(this.access, actorId, mailbox);
    const sizes = await this.store.messages.getSizes(accountId, messageIds, onlyIn);
    let group: number[] = [];
    let bytes = 0;
    for (const id of messageIds) {
      const size = sizes.get(id);
      if (size === undefined) continue;
      if (group.length > 0 && bytes + size > groupBytes) {
        yield await this.contents(accountId, group, onlyIn);
        group = [];
        bytes = 0;
      }
      group.push(id);
      bytes += size;
    }
    if (group.length > 0) yield await this.contents(accountId, group, onlyIn);
  }

  private async contents(
    accountId: number,
    ids: readonly number[],
    onlyIn?: number,
  ): Promise<Map<number, Buffer>> {
    const found = await this.store.blobs.getForMessages(accountId, ids, onlyIn);
    const out = new Map<number, Buffer>();
    for (const id of ids) {
      const raw = found.get(id);
      if (raw === null) throw new ChasquiError('INTERNAL', `the content of message ${id} is missing`);
      // Expunged meanwhile: left out.
      if (raw !== undefined) out.set(id, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
    }
    return out;
  }

  /**
   * ENVELOPE, BODYSTRUCTURE and header size of messages by id (see get() for `mailboxId`),
   * from the store without reading the messages; computed and stored once for older ones.
   */
  summariesOf(
    actorId: number,
    messageIds: readonly number[],
    mailbox?: MailboxTarget,
  ): Promise<Map<number, MessageSummary>> {
    return this.summaries.get(actorId, messageIds, mailbox);
  }

  /**
   * Changes flags; returns the entries changed and the ids skipped by UNCHANGEDSINCE. With
   * `mailboxId` of another account's mailbox, the RFC 4314 flag rights apply (see shared-flags).
   */
  async setFlags(
    actorId: number,
    messageIds: readonly number[],
    change: FlagChange,
    mailboxId?: number,
  ): Promise<{ changed: MailboxEntry[]; skipped: number[] }> {
    const grant = mailboxId === undefined ? null : await this.access.require(actorId, mailboxId);
    const ownerId = grant?.mailbox.accountId ?? actorId;
    const afterChange = await this.observeFlags?.({ actorId, ownerId, messageIds, change });
    if (grant !== null && !grant.isOwner) {
      const result = await setSharedFlags(this.store, actorId, grant, messageIds, change);
      if (result.changed.length > 0) await this.publishFor(grant.mailbox.accountId, result.changed);
      await afterChange?.(result.changed);
      return result;
    }
    const result = await this.store.messages.setFlags(actorId, messageIds, change);
    if (result.changed.length > 0) await this.publishFor(actorId, result.changed);
    await afterChange?.(result.changed);
    return result;
  }

  /**
   * COPY (needs "i" on the target): the actor's messages, or with `fromMailboxId` those of that
   * mailbox (needs "r"). Returns source message id → UID in the target.
   */
  async copy(
    actorId: number,
    messageIds: readonly number[],
    toMailboxId: number,
    fromMailboxId?: number,
  ): Promise<Map<number, number>> {
    const target = await this.access.require(actorId, toMailboxId, 'i');
    const source =
      fromMailboxId === undefined ? null : await this.access.require(actorId, fromMailboxId, 'r');
    const sourceOwner = source?.mailbox.accountId ?? actorId;
    const ids = await this.readable(actorId, source, messageIds);
    let copied: Map<number, number>;
    if (sourceOwner === target.mailbox.accountId && target.isOwner) {
      copied = await this.store.messages.copy(sourceOwner, ids, toMailboxId);
    } else {
      copied = await copyAcross(
        this.transfer(),
        actorId,
        target,
        await this.transferItems(actorId, source, ids),
      );
    }
    this.publish(target.mailbox.accountId, [toMailboxId]);
    return copied;
  }

  /** MOVE: needs "r", "t" and "e" on the source and "i" on the target. Returns id → new UID. */
  async move(
    actorId: number,
    messageIds: readonly number[],
    fromMailboxId: number,
    toMailboxId: number,
  ): Promise<Map<number, number>> {
    const source = await this.access.require(actorId, fromMailboxId, 'r', 't', 'e');
    const target = await this.access.require(actorId, toMailboxId, 'i');
    const ownerId = source.mailbox.accountId;
    const ids = await this.readable(actorId, source, messageIds);
    let moved: Map<number, number>;
    if (ownerId === target.mailbox.accountId && source.isOwner) {
      moved = await this.store.messages.move(ownerId, ids, fromMailboxId, toMailboxId);
    } else {
      const items = await this.transferItems(actorId, source, ids);
      moved = await copyAcross(this.transfer(), actorId, target, items);
      const stored = await this.store.messages.getMany(ownerId, [...moved.keys()]);
      const uids = stored.flatMap((message) => message.uids.get(fromMailboxId) ?? []);
      await this.store.messages.expunge(fromMailboxId, uids);
    }
    this.publish(ownerId, [fromMailboxId, ...(ownerId === target.mailbox.accountId ? [toMailboxId] : [])]);
    if (ownerId !== target.mailbox.accountId) this.publish(target.mailbox.accountId, [toMailboxId]);
    return moved;
  }

  /** Removes UIDs from a mailbox (needs "e"); returns those actually removed, ascending. */
  async expunge(actorId: number, mailboxId: number, uids: readonly number[]): Promise<number[]> {
    const { mailbox } = await this.access.require(actorId, mailboxId, 'e');
    if (uids.length === 0) return [];
    const removed = await this.store.messages.expunge(mailboxId, uids);
    if (removed.length > 0) this.publish(mailbox.accountId, [mailboxId]);
    return removed;
  }

  /** APPEND (needs "i"): stores a message through ingest; returns its UID in the mailbox. */
  async append(
    actorId: number,
    mailboxId: number,
    raw: Uint8Array,
    options: AppendOptions = {},
  ): Promise<{ messageId: number; uid: number; uidValidity: number }> {
    const { appended, uidValidity } = await this.appendAll(actorId, mailboxId, [{ ...options, raw }]);
    const [first] = appended;
    if (first === undefined) throw new ChasquiError('INTERNAL', 'append returned no UID');
    return { ...first, uidValidity };
  }

  /**
   * MULTIAPPEND (RFC 3502, needs "i"): the messages stored in this order (UIDs ascending) and
   * committed together, all or none: when one is refused, those stored are taken back.
   */
  appendAll(
    actorId: number,
    mailboxId: number,
    items: readonly AppendItem[],
  ): Promise<{ appended: { messageId: number; uid: number }[]; uidValidity: number }> {
    const deps = { store: this.store, access: this.access, ingestAll: this.ingestAll };
    return appendMessages(deps, actorId, mailboxId, items, (accountId) => {
      this.publish(accountId, [mailboxId]);
    });
  }

  /**
   * Full-text search (Spanish-aware: accents folded, plural/gender stemmed) within a mailbox
   * (needs "r"). Returns the matching message ids; an empty query matches nothing.
   */
  async searchText(actorId: number, mailboxId: number, text: string): Promise<Set<number>> {
    const { mailbox } = await this.access.require(actorId, mailboxId, 'r');
    const query = normaliseQuery(text);
    if (query === '') return new Set();
    return new Set(await this.store.messages.searchText(mailbox.accountId, query, mailboxId));
  }

  /** The ids the actor may take from the source: another account's only from that mailbox. */
  private async readable(
    actorId: number,
    source: MailboxGrant | null,
    messageIds: readonly number[],
  ): Promise<number[]> {
    if (source === null || source.isOwner) return [...messageIds];
    return (await this.get(actorId, messageIds, source.mailbox.id)).map((message) => message.id);
  }

  /** Raw bytes and flags (as the actor sees them) of messages to copy to another account. */
  private async transferItems(
    actorId: number,
    source: MailboxGrant | null,
    ids: readonly number[],
  ): Promise<TransferItem[]> {
    const ownerId = source?.mailbox.accountId ?? actorId;
    const view =
      source === null
        ? null
        : new Map((await this.list(actorId, source.mailbox.id)).map((e) => [e.messageId, e]));
    const items: TransferItem[] = [];
    for (const message of await this.store.messages.getMany(ownerId, ids)) {
      const raw = await this.store.blobs.get(message.blobId);
      if (!raw) throw new ChasquiError('INTERNAL', `blob ${message.blobId} is missing`);
      const entry = view?.get(message.id) ?? message;
      const { flags, keywords } = entry;
      items.push({ messageId: message.id, raw, flags, keywords, receivedAt: message.receivedAt });
    }
    return items;
  }

  private transfer() {
    return { store: this.store, ingest: this.ingest };
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
