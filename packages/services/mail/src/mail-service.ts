// The one mail model every protocol goes through (ARCHITECTURE.md §1): mailbox provisioning and
// ingest (parse, thread, index, store). Delivery, IMAP APPEND and JMAP import all land here.
import {
  ChasquiError,
  defaultMailboxes,
  isChasquiError,
  type Clock,
  type Logger,
  type MailboxRole,
} from '@chasqui/core';
import type { AppendResult, Mailbox, Store } from '@chasqui/store';
import { AclOperations } from './acl/acl-operations.js';
import { MailboxAccess } from './acl/mailbox-access.js';
import { SharedMailboxes } from './acl/shared-mailboxes.js';
import { parseMessage, type ParsedMessage } from './ingest/parse-message.js';
import { appendThreaded, type MailboxesAppend } from './ingest/append-threaded.js';
import { MailboxOperations } from './mailboxes/mailbox-operations.js';
import { MessageOperations } from './messages/message-operations.js';
import { LocalMailNotifier, type MailNotifier } from './notify/mail-notifier.js';
import { ExclusiveLocks } from './locks/exclusive-locks.js';
import { QuotaOperations } from './quota/quota-operations.js';
import { SpamFeedback } from './feedback/spam-feedback.js';
import { RecipientHistory } from './recipients/recipient-history.js';

export interface MailDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Change notification for live sessions; in-process by default. */
  readonly notifier?: MailNotifier;
}

export interface IngestRequest {
  readonly accountId: number;
  /** Target mailbox by id, or by role (default INBOX). */
  readonly mailboxId?: number;
  readonly role?: MailboxRole;
  readonly raw: Uint8Array;
  readonly flags?: number;
  readonly keywords?: readonly string[];
  readonly receivedAt?: number;
  /** Already parsed by the caller (delivery parses once for many recipients). */
  readonly parsed?: ParsedMessage;
}

/** A message for several mailboxes at once (JMAP Email/import, Email/set create). */
export interface IngestResult extends AppendResult {
  readonly mailboxId: number;
}

export class MailService {
  /** Live change notification: IMAP IDLE and other sessions subscribe here. */
  readonly notifier: MailNotifier;
  /** Mailbox operations (list, create, rename, delete, subscribe, status). */
  readonly mailboxes: MailboxOperations;
  /** Message operations (listings, raw bytes, flags, copy, move, expunge, append, search). */
  readonly messages: MessageOperations;
  /** Quota roots: usage and limits (IMAP QUOTA, JMAP Quota). */
  readonly quota: QuotaOperations;
  /** Who may do what on a mailbox (RFC 4314 rights; the owner holds them all). */
  readonly access: MailboxAccess;
  /** ACL management: GETACL, SETACL, DELETEACL, LISTRIGHTS, MYRIGHTS (RFC 4314 §3). */
  readonly acl: AclOperations;
  /** Other accounts' mailboxes shared with an account. */
  readonly shared: SharedMailboxes;
  /** Spam-training feed: users' $junk / $notjunk verdicts with the raw messages. */
  readonly feedback: SpamFeedback;
  /** Recipients each account has written to, and address autocomplete (with the directory). */
  readonly recipients: RecipientHistory;
  /** Exclusive locks across processes and nodes (the POP3 maildrop lock). */
  readonly locks: ExclusiveLocks;

  constructor(private readonly deps: MailDeps) {
    this.notifier = deps.notifier ?? new LocalMailNotifier();
    this.locks = new ExclusiveLocks(deps.store.leases);
    this.access = new MailboxAccess(deps.store);
    this.feedback = new SpamFeedback(deps);
    this.recipients = new RecipientHistory(deps);
    this.mailboxes = new MailboxOperations(deps.store, this.notifier, this.access);
    this.messages = new MessageOperations(
      deps.store,
      this.notifier,
      (request) => this.ingest(request),
      (requests) => this.ingestAll(requests),
      this.access,
      this.feedback.observe,
    );
    this.quota = new QuotaOperations(deps.store, deps.clock);
    this.acl = new AclOperations(deps.store, this.access, this.notifier);
    this.shared = new SharedMailboxes(deps.store, this.access, this.mailboxes);
  }

  /**
   * Creates the default mailboxes (INBOX, Enviados, Borradores, Papelera, Spam, Archivo) that
   * are missing. Idempotent, and safe when two callers race: a lost race is a success.
   */
  async ensureDefaultMailboxes(accountId: number): Promise<Mailbox[]> {
    const { store } = this.deps;
    const existing = await store.mailboxes.list(accountId);
    const roles = new Set(existing.map((mailbox) => mailbox.role));
    for (const wanted of defaultMailboxes) {
      if (roles.has(wanted.role)) continue;
      try {
        await store.mailboxes.create(accountId, { name: wanted.name, role: wanted.role });
      } catch (error) {
        if (!isChasquiError(error, 'ALREADY_EXISTS')) throw error;
      }
    }
    return store.mailboxes.list(accountId);
  }

  /** Parses a message once; pass the result to several `ingest` calls. */
  parse(raw: Uint8Array): Promise<ParsedMessage> {
    return parseMessage(raw);
  }

  /**
   * Stores a message in one mailbox of an account; resolves once it is durable. Throws
   * QUOTA_EXCEEDED (from the store) and NOT_FOUND for a missing mailbox.
   */
  async ingest(request: IngestRequest): Promise<IngestResult> {
    const mailboxId = await this.targetMailbox(request);
    const result = await this.appendToMailboxes(this.mailboxAppendOf(request, mailboxId));
    return { ...result, mailboxId };
  }

  /**
   * ingest() for several messages into mailboxes given by id, stored in this order and committed
   * together: each one's result, or the error that refused it (the others are stored).
   */
  ingestAll(requests: readonly (IngestRequest & { mailboxId: number })[]): Promise<(AppendResult | Error)[]> {
    return this.appendAllToMailboxes(
      requests.map((request) => this.mailboxAppendOf(request, request.mailboxId)),
    );
  }

  private mailboxAppendOf(request: IngestRequest, mailboxId: number): MailboxesAppend {
    return {
      accountId: request.accountId,
      mailboxIds: [mailboxId],
      raw: request.raw,
      receivedAt: request.receivedAt ?? this.deps.clock.now(),
      flags: request.flags ?? 0,
      keywords: request.keywords ?? [],
      ...(request.parsed ? { parsed: request.parsed } : {}),
    };
  }

  /**
   * Parses (unless given), threads, stores and announces one message in the given mailboxes:
   * the one path by which new mail enters the store (delivery, IMAP APPEND, JMAP import).
   */
  async appendToMailboxes(request: MailboxesAppend): Promise<AppendResult> {
    const [result] = await this.appendAllToMailboxes([request]);
    if (result === undefined) throw new ChasquiError('INTERNAL', 'the append returned no result');
    if (result instanceof Error) throw result;
    return result;
  }

  /**
   * appendToMailboxes() for several messages, stored in this order and committed together:
   * each one's result, or the error that refused it (the others are stored and announced).
   */
  async appendAllToMailboxes(requests: readonly MailboxesAppend[]): Promise<(AppendResult | Error)[]> {
    const results = await appendThreaded(this.deps.store.messages, requests);
    results.forEach((result, index) => {
      const request = requests[index];
      if (result instanceof Error || request === undefined) return;
      const { accountId, mailboxIds } = request;
      this.notifier.publish({ accountId, mailboxIds, mailboxesChanged: false, modseq: result.modseq });
    });
    return results;
  }

  private async targetMailbox(request: IngestRequest): Promise<number> {
    if (request.mailboxId !== undefined) return request.mailboxId;
    const role = request.role ?? 'inbox';
    const { mailboxes } = this.deps.store;
    const found = await mailboxes.getByRole(request.accountId, role);
    if (found) return found.id;
    const provisioned = await this.ensureDefaultMailboxes(request.accountId);
    const mailbox = provisioned.find((candidate) => candidate.role === role);
    if (!mailbox) throw new ChasquiError('NOT_FOUND', `account ${request.accountId} has no ${role} mailbox`);
    return mailbox.id;
  }
}
