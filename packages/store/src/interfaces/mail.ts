// Repositories for mailboxes, messages and blobs (ARCHITECTURE.md §3).
import type { MailboxRole } from '@chasqui/core';

export interface Mailbox {
  readonly id: number;
  readonly accountId: number;
  /** Full hierarchical name with '/' as delimiter, e.g. `Proyectos/2026`. */
  readonly name: string;
  readonly role: MailboxRole | null;
  readonly uidValidity: number;
  /** The UID the next appended message will get; never decreases. */
  readonly uidNext: number;
  readonly isSubscribed: boolean;
  /** Highest modseq of any change to this mailbox or its messages (IMAP HIGHESTMODSEQ). */
  readonly highestModseq: number;
  readonly createdAt: number;
}

export interface MailboxCounts {
  readonly total: number;
  readonly unseen: number;
  readonly sizeBytes: number;
}

export interface MailboxRepository {
  /** Throws ALREADY_EXISTS for a taken name. Assigns uidValidity; logs a 'mailbox' change. */
  create(
    accountId: number,
    mailbox: { name: string; role?: MailboxRole | null; isSubscribed?: boolean },
  ): Promise<Mailbox>;
  getById(id: number): Promise<Mailbox | null>;
  getByName(accountId: number, name: string): Promise<Mailbox | null>;
  getByRole(accountId: number, role: MailboxRole): Promise<Mailbox | null>;
  list(accountId: number): Promise<Mailbox[]>;
  /** Renames the mailbox and every mailbox below it, in one transaction. */
  rename(id: number, newName: string): Promise<void>;
  setSubscribed(id: number, isSubscribed: boolean): Promise<void>;
  setRole(id: number, role: MailboxRole | null): Promise<void>;
  /**
   * Deletes the mailbox; its messages leave it (tombstones logged) and those left in no
   * mailbox are destroyed, with quota and blob references released in the same transaction.
   */
  delete(id: number): Promise<void>;
  counts(id: number): Promise<MailboxCounts>;
  /** The mailbox's HIGHESTMODSEQ (every change to it raises it), or null when it is gone. */
  highestModseq(id: number): Promise<number | null>;
}

/** What ingest knows of a message before it is stored. */
export interface NewMessage {
  readonly accountId: number;
  readonly mailboxIds: readonly number[];
  /** The raw RFC 5322 bytes; the store writes them as a content-addressed blob. */
  readonly raw: Uint8Array;
  readonly receivedAt: number;
  readonly sentAt: number | null;
  readonly subject: string;
  /** Display form of From (`Ana <ana@example.test>`), for lists and the message log. */
  readonly from: string;
  readonly to: string;
  readonly messageIdHeader: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  /** Thread to join, found by the mail service from References/In-Reply-To; null = new thread. */
  readonly threadId: number | null;
  readonly preview: string;
  readonly hasAttachment: boolean;
  /** System flag bits (core SystemFlag). */
  readonly flags: number;
  /** Keywords other than the system ones, lower-case (RFC 8621 §4.1.1). */
  readonly keywords: readonly string[];
  /** Normalised text for the full-text index (subject, addresses, body); see mail service. */
  readonly searchText: string;
  /** The FETCH summary (mail service's encoded form), stored with the content when new. */
  readonly summary?: string;
}

export interface StoredMessage {
  readonly id: number;
  readonly accountId: number;
  readonly blobId: string;
  readonly size: number;
  readonly receivedAt: number;
  readonly sentAt: number | null;
  readonly subject: string;
  readonly from: string;
  readonly to: string;
  readonly messageIdHeader: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly threadId: number;
  readonly preview: string;
  readonly hasAttachment: boolean;
  readonly flags: number;
  readonly keywords: readonly string[];
  readonly modseq: number;
  /** mailboxId → UID in that mailbox. */
  readonly uids: ReadonlyMap<number, number>;
}

export interface AppendResult {
  readonly messageId: number;
  readonly threadId: number;
  readonly blobId: string;
  readonly modseq: number;
  /** mailboxId → assigned UID. */
  readonly uids: ReadonlyMap<number, number>;
}

/** One row of a mailbox listing: what IMAP needs for SELECT, FETCH FLAGS and SEARCH. */
export interface MailboxEntry {
  readonly uid: number;
  readonly messageId: number;
  readonly flags: number;
  readonly keywords: readonly string[];
  readonly modseq: number;
}

/** A mailbox's listing and the HIGHESTMODSEQ read with it (no change at or below it is missing). */
export interface MailboxListing {
  /** Shared with other callers when cached: never change it in place. */
  readonly entries: readonly MailboxEntry[];
  readonly highestModseq: number;
}

/** A message's content id and its stored FETCH summary (null: not computed yet). */
export interface MessageSummaryRow {
  readonly messageId: number;
  readonly blobId: string;
  readonly summary: string | null;
}

export interface FlagChange {
  readonly add?: { flags?: number; keywords?: readonly string[] };
  readonly remove?: { flags?: number; keywords?: readonly string[] };
  /** Replace all flags and keywords (IMAP STORE FLAGS, JMAP keywords set). */
  readonly set?: { flags: number; keywords: readonly string[] };
  /** CONDSTORE: skip messages whose modseq is above this (RFC 7162 §3.1.3). */
  readonly unchangedSince?: number;
}

export interface MessageRepository {
  /**
   * Stores a message: blob written and fsynced, then metadata, UIDs, quota and change log in
   * one transaction. Concurrent appends are group-committed; the promise resolves only once
   * the message is durable. Throws QUOTA_EXCEEDED when it would pass the account's quota.
   */
  append(message: NewMessage): Promise<AppendResult>;
  /**
   * Stores messages in this order (their UIDs ascend with it), committed together: one fsync for
   * a batch (IMAP MULTIAPPEND, migration). Each message's result, or the error that refused it
   * (QUOTA_EXCEEDED, a missing mailbox): the others are stored all the same.
   */
  appendAll(messages: readonly NewMessage[]): Promise<(AppendResult | Error)[]>;
  getById(accountId: number, messageId: number): Promise<StoredMessage | null>;
  /** The account's messages among the ids, in the order asked (a few queries for any number). */
  getMany(accountId: number, messageIds: readonly number[]): Promise<StoredMessage[]>;
  /**
   * Sizes in octets of the account's messages among the ids (only those in `mailboxId` when
   * given): POP3 LIST and grouping body reads, without reading whole rows.
   */
  getSizes(
    accountId: number,
    messageIds: readonly number[],
    mailboxId?: number,
  ): Promise<Map<number, number>>;
  /** Stored FETCH summaries of the account's messages, only those in `mailboxId` when given. */
  getSummaries(
    accountId: number,
    messageIds: readonly number[],
    mailboxId?: number,
  ): Promise<MessageSummaryRow[]>;
  /** Stores summaries computed later for content stored without one (keyed by blob). */
  saveSummaries(summaries: readonly { blobId: string; summary: string }[]): Promise<void>;
  /**
   * Every message of a mailbox in UID order (fast path for IMAP SELECT/FETCH FLAGS). A large
   * mailbox's listing is a cached array shared by every caller: never change it in place.
   */
  listMailbox(mailboxId: number): Promise<readonly MailboxEntry[]>;
  /** listMailbox() with the mailbox's HIGHESTMODSEQ as of the listing (IMAP SELECT). */
  readListing(mailboxId: number): Promise<MailboxListing>;
  /** Entries whose modseq is above `modseq` (CONDSTORE CHANGEDSINCE). */
  listChangedSince(mailboxId: number, modseq: number): Promise<MailboxEntry[]>;
  /** Applies a flag change; returns the entries actually changed with their new modseq. */
  setFlags(
    accountId: number,
    messageIds: readonly number[],
    change: FlagChange,
  ): Promise<{ changed: MailboxEntry[]; skipped: number[] }>;
  /** IMAP COPY: new messages sharing the blobs, in the target mailbox. Returns old→new UID pairs. */
  copy(accountId: number, messageIds: readonly number[], toMailboxId: number): Promise<Map<number, number>>;
  /** IMAP MOVE / JMAP mailbox change: same message, new UID in the target, tombstone in the source. */
  move(
    accountId: number,
    messageIds: readonly number[],
    fromMailboxId: number,
    toMailboxId: number,
  ): Promise<Map<number, number>>;
  /**
   * JMAP mailboxIds gaining a mailbox: the same message gets a UID in one more mailbox (no
   * copy, no quota change). Returns message id → new UID; messages already there are skipped.
   */
  addToMailbox(
    accountId: number,
    messageIds: readonly number[],
    toMailboxId: number,
  ): Promise<Map<number, number>>;
  /**
   * Removes messages from one mailbox (IMAP EXPUNGE); messages left in no mailbox are
   * destroyed with quota and blob references released. Returns the expunged UIDs.
   */
  expunge(mailboxId: number, uids: readonly number[]): Promise<number[]>;
  /** Destroys messages from every mailbox (JMAP Email/set destroy). */
  destroy(accountId: number, messageIds: readonly number[]): Promise<void>;
  /** Message ids in the account whose Message-ID header is one of these (threading). */
  findByMessageIdHeaders(
    accountId: number,
    headers: readonly string[],
  ): Promise<{ id: number; threadId: number }[]>;
  /** Full-text search over searchText (already normalised by the caller). Returns message ids. */
  searchText(accountId: number, normalisedQuery: string, mailboxId?: number): Promise<number[]>;
}

export interface BlobReader {
  /** The raw bytes of a blob, or null if unknown. */
  get(blobId: string): Promise<Uint8Array | null>;
  /** Several blobs at once (one query per chunk, files in parallel); unknown ids are left out. */
  getMany(blobIds: readonly string[]): Promise<Map<string, Uint8Array>>;
  /**
   * The raw bytes of the account's messages among the ids (only those in `mailboxId` when
   * given), by message id, in one query per chunk; null for content whose file is missing.
   */
  getForMessages(
    accountId: number,
    messageIds: readonly number[],
    mailboxId?: number,
  ): Promise<Map<number, Uint8Array | null>>;
  /** True when the blob has a row with references and its file exists. */
  has(blobId: string): Promise<boolean>;
}
