// Mailbox operations for IMAP and JMAP (RFC 9051 §6.3): listing, lookup by name, create with
// parents, rename (INBOX keeps existing: its messages move), delete, subscriptions and status.
// A new mailbox inherits its parent's ACL (RFC 4314), so sharing a folder shares what grows in it.
import { ChasquiError, SystemFlag, isChasquiError, type MailboxRole } from '@chasqui/core';
import type { Mailbox, Store } from '@chasqui/store';
import type { MailboxAccess } from '../acl/mailbox-access.js';
import { overlaySeen, seenByUid } from '../acl/shared-seen.js';
import type { MailNotifier } from '../notify/mail-notifier.js';
import { isInboxName, isSameOrBelow, normaliseMailboxName, parentNames } from './mailbox-names.js';

/** What IMAP STATUS and JMAP Mailbox/get report about a mailbox. */
export interface MailboxStatus {
  readonly messages: number;
  readonly unseen: number;
  readonly deleted: number;
  readonly sizeBytes: number;
  readonly uidNext: number;
  readonly uidValidity: number;
  readonly highestModseq: number;
}

export class MailboxOperations {
  constructor(
    private readonly store: Store,
    private readonly notifier: MailNotifier,
    private readonly access: MailboxAccess,
  ) {}

  /** Every mailbox of the account, sorted by name. */
  list(accountId: number): Promise<Mailbox[]> {
    return this.store.mailboxes.list(accountId);
  }

  /** The mailbox called `name` (INBOX in any case), or null; invalid names are simply absent. */
  async get(accountId: number, name: string): Promise<Mailbox | null> {
    let normalised: string;
    try {
      normalised = normaliseMailboxName(name);
    } catch {
      return null;
    }
    return this.store.mailboxes.getByName(accountId, normalised);
  }

  /** The mailbox `id` when it belongs to the account; NOT_FOUND otherwise. */
  async getById(accountId: number, id: number): Promise<Mailbox> {
    const mailbox = await this.store.mailboxes.getById(id);
    if (mailbox?.accountId !== accountId) throw new ChasquiError('NOT_FOUND', 'no such mailbox');
    return mailbox;
  }

  /** Like get(), but NOT_FOUND when missing. */
  async require(accountId: number, name: string): Promise<Mailbox> {
    const mailbox = await this.get(accountId, name);
    if (!mailbox) throw new ChasquiError('NOT_FOUND', 'no such mailbox');
    return mailbox;
  }

  /**
   * Creates `name` and any missing parents (RFC 9051 §6.3.4). ALREADY_EXISTS when taken; with a
   * role (RFC 6154 CREATE-SPECIAL-USE), CONFLICT when another mailbox already has it.
   */
  async create(accountId: number, name: string, options: { role?: MailboxRole } = {}): Promise<Mailbox> {
    const normalised = normaliseMailboxName(name);
    if (await this.store.mailboxes.getByName(accountId, normalised)) {
      throw new ChasquiError('ALREADY_EXISTS', 'mailbox already exists');
    }
    if (options.role !== undefined && (await this.store.mailboxes.getByRole(accountId, options.role))) {
      throw new ChasquiError('CONFLICT', `another mailbox already has the ${options.role} role`);
    }
    await this.createParents(accountId, normalised);
    const mailbox = await this.store.mailboxes.create(accountId, {
      name: normalised,
      role: options.role ?? null,
    });
    await this.inheritAcl(mailbox);
    this.publish(accountId, []);
    return mailbox;
  }

  /**
   * Renames a mailbox and its children. Renaming INBOX moves its messages to a new mailbox and
   * leaves INBOX empty (RFC 9051 §6.3.6): INBOX itself never goes away.
   */
  async rename(accountId: number, from: string, to: string): Promise<void> {
    const source = await this.require(accountId, from);
    const target = normaliseMailboxName(to);
    if (await this.store.mailboxes.getByName(accountId, target)) {
      throw new ChasquiError('ALREADY_EXISTS', 'target mailbox already exists');
    }
    if (isSameOrBelow(target, source.name)) {
      throw new ChasquiError('INVALID_ARGUMENT', 'cannot rename a mailbox below itself');
    }
    if (isInboxName(target)) throw new ChasquiError('ALREADY_EXISTS', 'INBOX already exists');
    await this.createParents(accountId, target);
    if (source.name === 'INBOX') {
      await this.moveInboxAway(accountId, source, target);
      return;
    }
    await this.store.mailboxes.rename(source.id, target);
    this.publish(accountId, [source.id]);
  }

  /** Deletes a mailbox; INBOX and mailboxes with children cannot be deleted. */
  async delete(accountId: number, name: string): Promise<void> {
    await this.deleteMailbox(await this.require(accountId, name));
  }

  /** Deletes a mailbox of any account (rights are the caller's business). */
  async deleteMailbox(mailbox: Mailbox): Promise<void> {
    if (mailbox.name === 'INBOX') throw new ChasquiError('FORBIDDEN', 'INBOX cannot be deleted');
    const all = await this.store.mailboxes.list(mailbox.accountId);
    if (all.some((other) => other.id !== mailbox.id && isSameOrBelow(other.name, mailbox.name))) {
      throw new ChasquiError('CONFLICT', 'mailbox has children; delete them first');
    }
    await this.store.mailboxes.delete(mailbox.id);
    this.publish(mailbox.accountId, [mailbox.id]);
  }

  /** SUBSCRIBE/UNSUBSCRIBE. Subscribing to a missing mailbox is NOT_FOUND. */
  async setSubscribed(accountId: number, name: string, isSubscribed: boolean): Promise<void> {
    const mailbox = await this.require(accountId, name);
    if (mailbox.isSubscribed !== isSubscribed) {
      await this.store.mailboxes.setSubscribed(mailbox.id, isSubscribed);
      this.publish(accountId, []);
    }
  }

  /**
   * Counts for STATUS: one listing and one size sum. Needs "r" on another account's mailbox,
   * whose unseen count is the actor's own (per-user \Seen).
   */
  async status(actorId: number, mailboxId: number): Promise<MailboxStatus> {
    const { mailbox, isOwner } = await this.access.require(actorId, mailboxId, 'r');
    const [listed, counts, seen] = await Promise.all([
      this.store.messages.listMailbox(mailbox.id),
      this.store.mailboxes.counts(mailbox.id),
      isOwner ? null : this.store.mailboxAcl.listSeen(actorId, mailbox.id),
    ]);
    const entries = seen === null ? listed : overlaySeen(listed, seenByUid(seen));
    let unseen = 0;
    let deleted = 0;
    for (const entry of entries) {
      if ((entry.flags & SystemFlag.seen) === 0) unseen++;
      if ((entry.flags & SystemFlag.deleted) !== 0) deleted++;
    }
    return {
      messages: entries.length,
      unseen,
      deleted,
      sizeBytes: counts.sizeBytes,
      uidNext: mailbox.uidNext,
      uidValidity: mailbox.uidValidity,
      highestModseq: mailbox.highestModseq,
    };
  }

  private async createParents(accountId: number, name: string): Promise<void> {
    for (const parent of parentNames(name)) {
      try {
        if (!(await this.store.mailboxes.getByName(accountId, parent))) {
          await this.inheritAcl(await this.store.mailboxes.create(accountId, { name: parent }));
        }
      } catch (error) {
        if (!isChasquiError(error, 'ALREADY_EXISTS')) throw error;
      }
    }
  }

  /** Copies the parent's grants onto a mailbox just created. */
  private async inheritAcl(mailbox: Mailbox): Promise<void> {
    const parentName = parentNames(mailbox.name).at(-1);
    if (parentName === undefined) return;
    const parent = await this.store.mailboxes.getByName(mailbox.accountId, parentName);
    if (!parent) return;
    for (const grant of await this.store.mailboxAcl.list(parent.id)) {
      await this.store.mailboxAcl.set(mailbox.id, grant.grantee, grant.rights);
    }
  }

  private async moveInboxAway(accountId: number, inbox: Mailbox, target: string): Promise<void> {
    const created = await this.store.mailboxes.create(accountId, { name: target });
    const entries = await this.store.messages.listMailbox(inbox.id);
    const ids = entries.map((entry) => entry.messageId);
    if (ids.length > 0) await this.store.messages.move(accountId, ids, inbox.id, created.id);
    this.publish(accountId, [inbox.id, created.id]);
  }

  private publish(accountId: number, mailboxIds: readonly number[]): void {
    this.notifier.publish({ accountId, mailboxIds, mailboxesChanged: true, modseq: 0 });
  }
}
