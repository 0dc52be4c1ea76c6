// Who may do what on a mailbox (RFC 4314 §4): the owner holds every right; anyone else holds
// the union of their own grant and the "anyone" grant. A refusal never reveals a mailbox the
// actor may not look up: without "l" (and without the right asked for) it is NOT_FOUND.
import { ChasquiError } from '@chasqui/core';
import type { Mailbox, Store } from '@chasqui/store';
import { allRights, hasRight, unionRights, type Right } from './rights.js';

/** A mailbox as one actor may use it. */
export interface MailboxGrant {
  readonly mailbox: Mailbox;
  /** Canonical rights of the actor (every right for the owner). */
  readonly rights: string;
  readonly isOwner: boolean;
}

export class MailboxAccess {
  constructor(private readonly store: Store) {}

  /** The actor's rights on a mailbox. */
  async rightsOn(actorId: number, mailbox: Mailbox): Promise<string> {
    if (mailbox.accountId === actorId) return allRights;
    const grants = await this.store.mailboxAcl.grantsOn(mailbox.id, actorId);
    return unionRights(...grants.map((grant) => grant.rights));
  }

  /** The mailbox with the actor's rights, or null when it is missing or the actor has none. */
  async find(actorId: number, mailboxId: number): Promise<MailboxGrant | null> {
    const mailbox = await this.store.mailboxes.getById(mailboxId);
    if (!mailbox) return null;
    const rights = await this.rightsOn(actorId, mailbox);
    if (rights === '') return null;
    return { mailbox, rights, isOwner: mailbox.accountId === actorId };
  }

  /** Like find(), but every right in `needed` must be held: NOT_FOUND or FORBIDDEN otherwise. */
  async require(actorId: number, mailboxId: number, ...needed: readonly Right[]): Promise<MailboxGrant> {
    const grant = await this.find(actorId, mailboxId);
    if (!grant) throw new ChasquiError('NOT_FOUND', 'no such mailbox');
    assertRights(grant, needed);
    return grant;
  }

  /**
   * Like require(), but a grant the caller already holds (an IMAP session's selected mailbox)
   * is checked for `needed` without a lookup.
   */
  async grantOf(actorId: number, mailbox: MailboxTarget, ...needed: readonly Right[]): Promise<MailboxGrant> {
    if (typeof mailbox === 'number') return this.require(actorId, mailbox, ...needed);
    assertRights(mailbox, needed);
    return mailbox;
  }
}

/** A mailbox by id (rights looked up), or a grant already looked up for the same actor. */
export type MailboxTarget = number | MailboxGrant;

/** Throws unless the grant holds every right in `needed` (see MailboxAccess). */
export function assertRights(grant: MailboxGrant, needed: readonly Right[]): void {
  const missing = needed.filter((right) => !hasRight(grant.rights, right));
  if (missing.length === 0) return;
  if (!hasRight(grant.rights, 'l')) throw new ChasquiError('NOT_FOUND', 'no such mailbox');
  throw new ChasquiError('FORBIDDEN', `missing right ${missing.join('')} on this mailbox`);
}
