// Message operations for IMAP and JMAP (RFC 9051 §6.4, RFC 7162): listings with UID, flags and
// modseq, raw bytes, flag changes, copy, move, expunge, append and search. Every change is
// published to the notifier so that other sessions of the owner's account see it. Each call
// names the acting account; on another account's mailbox it needs RFC 4314 rights (r to read,
// s/w/t to flag, i to insert, e to expunge), and \Seen there is the actor's own.
import { ChasquiError } from '@chasqui/core';
import type { FlagChange, MailboxEntry, Store, StoredMessage } from '@chasqui/store';
import type { MailboxAccess, MailboxGrant } from '../acl/mailbox-access.js';
import { overlaySeen, seenByUid } from '../acl/shared-seen.js';
import type { MailNotifier } from '../notify/mail-notifier.js';
import { normaliseQuery } from '../text/spanish.js';
import { copyAcross, grantedFlags, type TransferItem } from './cross-account.js';
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

export class MessageOperations {
  constructor(
    private readonly store: Store,
    private readonly notifier: MailNotifier,
    private readonly ingest: IngestFunction,
    private readonly access: MailboxAccess,
  ) {}

  /** Every message of a mailbox in UID order, as the actor sees it. */
  async list(actorId: number, mailboxId: number): Promise<MailboxEntry[]> {
    const { isOwner } = await this.access.require(actorId, mailboxId, 'r');
    const entries = await this.store.messages.listMailbox(mailboxId);
    if (isOwner) return entries;
    return overlaySeen(entries, seenByUid(await this.store.mailboxAcl.listSeen(actorId, mailboxId)));
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
  async get(actorId: number, messageIds: readonly number[], mailboxId?: number): Promise<StoredMessage[]> {
    if (mailboxId === undefined) return this.store.messages.getMany(actorId, messageIds);
    const { mailbox, isOwner } = await this.access.require(actorId, mailboxId, 'r');
    const found = await this.store.messages.getMany(mailbox.accountId, messageIds);
    return isOwner ? found : found.filter((message) => message.uids.has(mailboxId));
  }

  /** The raw RFC 5322 bytes of a message (see get() for `mailboxId`); NOT_FOUND otherwise. */
  async readRaw(actorId: number, messageId: number, mailboxId?: number): Promise<Buffer> {
    const [message] = await this.get(actorId, [messageId], mailboxId);
    if (!message) throw new ChasquiError('NOT_FOUND', 'no such message');
    const raw = await this.store.blobs.get(message.blobId);
    if (!raw) throw new ChasquiError('INTERNAL', `blob ${message.blobId} is missing`);
    return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  }

  /**
   * The stored metadata and raw bytes of several messages at once (see get() for `mailboxId`);
   * the ids not found are left out. One metadata read for all, the blobs read in parallel.
   */
  async readMany(
    actorId: number,
    messageIds: readonly number[],
    mailboxId?: number,
  ): Promise<Map<number, { message: StoredMessage; raw: Buffer }>> {
    const messages = await this.get(actorId, messageIds, mailboxId);
    const raws = await Promise.all(messages.map((message) => this.store.blobs.get(message.blobId)));
    const out = new Map<number, { message: StoredMessage; raw: Buffer }>();
    messages.forEach((message, index) => {
      const raw = raws[index];
      if (!raw) throw new ChasquiError('INTERNAL', `blob ${message.blobId} is missing`);
      out.set(message.id, { message, raw: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) });
    });
    return out;
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
    if (grant !== null && !grant.isOwner) {
      const result = await setSharedFlags(this.store, actorId, grant, messageIds, change);
      if (result.changed.length > 0) await this.publishFor(grant.mailbox.accountId, result.changed);
      return result;
    }
    const result = await this.store.messages.setFlags(actorId, messageIds, change);
    if (result.changed.length > 0) await this.publishFor(actorId, result.changed);
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
    const target = await this.access.require(actorId, mailboxId, 'i');
    const granted = grantedFlags(target, options.flags ?? 0, options.keywords ?? []);
    const accountId = target.mailbox.accountId;
    const { flags, keywords } = granted;
    const result = await this.ingest({ ...options, accountId, mailboxId, raw, flags, keywords });
    const uid = result.uids.get(mailboxId);
    if (uid === undefined) throw new ChasquiError('INTERNAL', 'append returned no UID');
    if (granted.isSeen) await this.store.mailboxAcl.setSeen(actorId, mailboxId, [uid], true);
    return { messageId: result.messageId, uid, uidValidity: target.mailbox.uidValidity };
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
