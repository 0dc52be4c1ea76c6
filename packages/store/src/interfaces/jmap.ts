// JMAP objects that are not messages (RFC 8621 §6 Identity, §7 EmailSubmission, §8
// VacationResponse). JSON-valued fields are kept opaque: the protocol layer validates them.
import type { StoredMessage } from './mail.js';

/** What changed in a JMAP type since a state (RFC 8620 §5.2), by store id. */
export interface JmapTypeChanges {
  readonly created: number[];
  readonly updated: number[];
  readonly destroyed: number[];
  /** The type's state now. */
  readonly version: number;
}

export interface JmapIdentity {
  readonly id: number;
  readonly accountId: number;
  /** The address mail is sent from (the account's own or one of its aliases), lower-case. */
  readonly address: string;
  readonly name: string;
  /** JSON EmailAddress[] or null. */
  readonly replyTo: unknown;
  readonly bcc: unknown;
  readonly textSignature: string;
  readonly htmlSignature: string;
}

export interface JmapIdentityFields {
  readonly name?: string;
  readonly replyTo?: unknown;
  readonly bcc?: unknown;
  readonly textSignature?: string;
  readonly htmlSignature?: string;
}

export interface JmapIdentityRepository {
  /** The account's Identity state. */
  version(accountId: number): Promise<number>;
  /** Live identities, oldest first. */
  list(accountId: number): Promise<JmapIdentity[]>;
  /**
   * Creates the first identity of an account that never had one; returns false (and does
   * nothing) when the account has or had identities. Race-free across nodes.
   */
  createDefault(accountId: number, address: string, name: string): Promise<boolean>;
  /** Throws ALREADY_EXISTS when the address has a live identity. */
  create(accountId: number, address: string, fields: JmapIdentityFields): Promise<JmapIdentity>;
  /** False when no live identity has that id. */
  update(accountId: number, id: number, fields: JmapIdentityFields): Promise<boolean>;
  /** Leaves a tombstone for /changes; false when no live identity has that id. */
  destroy(accountId: number, id: number): Promise<boolean>;
  changes(accountId: number, sinceVersion: number): Promise<JmapTypeChanges>;
}

export interface VacationResponseRecord {
  readonly isEnabled: boolean;
  readonly fromDate: number | null;
  readonly toDate: number | null;
  readonly subject: string | null;
  readonly textBody: string | null;
  readonly htmlBody: string | null;
  /** Increases by one per write; 0 when never written. */
  readonly version: number;
}

export interface VacationResponseRepository {
  /** The account's vacation response (defaults, version 0, when never written). */
  get(accountId: number): Promise<VacationResponseRecord>;
  /** Writes the given fields over the current ones; returns the new record. */
  update(
    accountId: number,
    fields: Partial<Omit<VacationResponseRecord, 'version'>>,
  ): Promise<VacationResponseRecord>;
}

export type UndoStatus = 'pending' | 'final' | 'canceled';

export interface EmailSubmissionRecord {
  readonly id: number;
  readonly accountId: number;
  readonly identityId: string;
  readonly messageId: number;
  readonly threadId: number;
  /** JSON Envelope or null (taken from the message's headers). */
  readonly envelope: unknown;
  readonly sendAt: number;
  readonly undoStatus: UndoStatus;
  /** JSON map of recipient → DeliveryStatus, or null. */
  readonly deliveryStatus: unknown;
  readonly createdAt: number;
}

export interface NewEmailSubmission {
  readonly accountId: number;
  readonly identityId: string;
  readonly messageId: number;
  readonly threadId: number;
  readonly envelope: unknown;
  readonly sendAt: number;
  readonly undoStatus: UndoStatus;
  readonly deliveryStatus: unknown;
}

export interface EmailSubmissionRepository {
  /** The account's EmailSubmission state. */
  version(accountId: number): Promise<number>;
  create(submission: NewEmailSubmission): Promise<EmailSubmissionRecord>;
  get(accountId: number, id: number): Promise<EmailSubmissionRecord | null>;
  /** Every live submission of the account, newest sendAt first. */
  list(accountId: number): Promise<EmailSubmissionRecord[]>;
  /** Pending submissions whose sendAt has come and that no node holds (read only). */
  listDue(now: number, limit: number): Promise<EmailSubmissionRecord[]>;
  /**
   * Leases due pending submissions until `leaseUntil` (FOR UPDATE SKIP LOCKED on PostgreSQL):
   * each is handed to one caller until the lease runs out.
   */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<EmailSubmissionRecord[]>;
  /** pending → canceled, only while pending and not leased at `now`; false otherwise. */
  cancel(accountId: number, id: number, now: number): Promise<boolean>;
  /** pending → final with the delivery status (after sending). */
  markFinal(id: number, deliveryStatus: unknown): Promise<void>;
  /** pending → canceled after a failed scheduled send. */
  markFailed(id: number): Promise<void>;
  /** Removes the record (a tombstone stays for /changes); false when unknown. */
  destroy(accountId: number, id: number): Promise<boolean>;
  changes(accountId: number, sinceVersion: number): Promise<JmapTypeChanges>;
}

/** Set-based reads for the JMAP email index (RFC 8621 §4.4 Email/query). */
export interface JmapEmailRepository {
  /**
   * Every message of the account that is in at least one mailbox, with its memberships:
   * two queries whatever the number of messages.
   */
  listAccount(accountId: number): Promise<StoredMessage[]>;
  /**
   * Up to `limit` of those messages after `after` (null: from the start) in received order,
   * the order most queries sort by: the email index builds page by page so that a large
   * account does not hold the event loop.
   */
  listAccountPage(accountId: number, after: EmailPageCursor | null, limit: number): Promise<EmailPage>;
  /**
   * Whether `query` answers `fullText` and `contains` quickly on a cold cache: true on SQLite;
   * false on PostgreSQL, whose plans for them (a probe per message) lose to building the index.
   */
  readonly hasFastTextQueries: boolean;
  /** Email/query answered by SQL: the matches in the requested order (see EmailSqlQuery). */
  query(accountId: number, query: EmailSqlQuery): Promise<EmailSqlMatches>;
  /** Email, unread, thread and unread-thread counts of every mailbox of the account. */
  mailboxCounts(accountId: number): Promise<JmapMailboxCounts[]>;
  /** How many emails match the filter, or how many threads they belong to. */
  count(accountId: number, filter: EmailSqlFilter | null, unit: 'emails' | 'threads'): Promise<number>;
}

/** RFC 8621 §2 counts of one mailbox; unread means without the seen flag. */
export interface JmapMailboxCounts {
  readonly mailboxId: number;
  readonly totalEmails: number;
  readonly unreadEmails: number;
  readonly totalThreads: number;
  readonly unreadThreads: number;
}

/** Where a page of an account's messages ends: its last row's received time and id. */
export interface EmailPageCursor {
  readonly receivedAt: number;
  readonly id: number;
}

/** One page of an account's messages; `next` (null past the end) is the next `after`. */
export interface EmailPage {
  readonly messages: StoredMessage[];
  readonly next: EmailPageCursor | null;
}

/**
 * A condition of Email/query (RFC 8621 §4.4.1) that SQL evaluates. `keyword` is lower-case; a
 * system keyword ($seen…) also matches its flag bit. `fullText` holds the normalised query
 * (an empty one matches nothing). `contains` only narrows: it keeps the rows whose field, when
 * ASCII, holds `text` case-insensitively, and every row whose field is not ASCII; the caller
 * checks those exactly, so it is allowed only where a superset is safe (not under OR or NOT).
 */
export type EmailSqlCondition =
  | { readonly kind: 'inMailbox'; readonly mailboxId: number }
  | { readonly kind: 'inMailboxOtherThan'; readonly mailboxIds: readonly number[] }
  | { readonly kind: 'receivedBefore' | 'receivedSince'; readonly time: number }
  | { readonly kind: 'minSize' | 'maxSize'; readonly size: number }
  | { readonly kind: 'keyword'; readonly keyword: string }
  | { readonly kind: 'hasAttachment'; readonly value: boolean }
  | { readonly kind: 'fullText'; readonly query: string }
  | { readonly kind: 'contains'; readonly field: EmailTextField; readonly text: string };

export type EmailTextField = 'from' | 'to' | 'subject';

export type EmailSqlFilter =
  | EmailSqlCondition
  | { readonly operator: 'AND' | 'OR' | 'NOT'; readonly conditions: readonly EmailSqlFilter[] };

export interface EmailSqlQuery {
  readonly filter: EmailSqlFilter | null;
  /** Sort keys, then id descending (`sentAt` falls back to `receivedAt`). */
  readonly sort: readonly {
    readonly property: 'receivedAt' | 'sentAt' | 'size';
    readonly isAscending: boolean;
  }[];
  /** Text fields returned with each match, for the caller's exact check of `contains`. */
  readonly fields: readonly EmailTextField[];
  /** The part of the ordered matches wanted; all of them when absent. */
  readonly window?: { readonly offset: number; readonly limit: number };
}

/** Matches column by column: `threadIds[i]` and `texts[f][i]` belong to `ids[i]`. */
export interface EmailSqlMatches {
  readonly ids: number[];
  readonly threadIds: number[];
  /** One column per requested field, in the order of `fields`. */
  readonly texts: string[][];
}
