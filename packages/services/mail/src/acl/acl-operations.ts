// RFC 4314 §3 ACL management as a service for IMAP, JMAP and the webmail's "share a folder":
// read, set and delete grants, list the rights an identifier may get, and one's own rights.
// Identifiers are account addresses or "anyone"; the owner always holds every right.
import { ChasquiError } from '@chasqui/core';
import type { AclGrantee, Mailbox, Store } from '@chasqui/store';
import type { MailNotifier } from '../notify/mail-notifier.js';
import type { MailboxAccess } from './mailbox-access.js';
import { allRights, canonicalRights, changeRights, parseRightsChange, rightLetters } from './rights.js';

/** One entry of a mailbox's ACL as RFC 4314 GETACL shows it. */
export interface AclEntry {
  /** An account address, or "anyone". */
  readonly identifier: string;
  /** Canonical rights letters. */
  readonly rights: string;
}

/** RFC 4314 §3.7 LISTRIGHTS: rights always granted, and the rights that may be granted. */
export interface RightsChoice {
  readonly required: string;
  /** Each group is granted or revoked as one. */
  readonly optional: readonly string[];
}

export class AclOperations {
  constructor(
    private readonly store: Store,
    private readonly access: MailboxAccess,
    private readonly notifier: MailNotifier,
  ) {}

  /** GETACL: the owner first, then the grants. Needs "a". */
  async get(actorId: number, mailboxId: number): Promise<AclEntry[]> {
    const { mailbox } = await this.access.require(actorId, mailboxId, 'a');
    const owner = await this.store.accounts.getById(mailbox.accountId);
    const entries: AclEntry[] = [{ identifier: owner?.address ?? '', rights: allRights }];
    for (const grant of await this.store.mailboxAcl.list(mailbox.id)) {
      const identifier = await this.identifierOf(grant.grantee);
      if (identifier !== null) entries.push({ identifier, rights: canonicalRights(grant.rights) });
    }
    return entries;
  }

  /**
   * SETACL: `rights` replaces the identifier's rights, or with "+"/"-" adds or removes some.
   * Needs "a". INVALID_ARGUMENT for unknown rights or identifiers and for the owner's own
   * rights, which cannot change. Returns the identifier's rights after the change.
   */
  async set(actorId: number, mailboxId: number, identifier: string, rights: string): Promise<string> {
    const change = parseRightsChange(rights);
    const { mailbox } = await this.access.require(actorId, mailboxId, 'a');
    const grantee = await this.granteeOf(mailbox, identifier);
    const grants = await this.store.mailboxAcl.list(mailbox.id);
    const current = grants.find((grant) => grant.grantee === grantee)?.rights ?? '';
    const next = changeRights(current, change);
    await this.store.mailboxAcl.set(mailbox.id, grantee, next);
    this.publish(mailbox, grantee);
    return next;
  }

  /** DELETEACL: removes the identifier's grant. Needs "a". */
  async delete(actorId: number, mailboxId: number, identifier: string): Promise<void> {
    await this.set(actorId, mailboxId, identifier, '');
  }

  /** LISTRIGHTS: the owner's rights are fixed; anyone else may get each right alone. Needs "a". */
  async listRights(actorId: number, mailboxId: number, identifier: string): Promise<RightsChoice> {
    const { mailbox } = await this.access.require(actorId, mailboxId, 'a');
    const grantee = await this.granteeOf(mailbox, identifier, { allowOwner: true });
    if (grantee === mailbox.accountId) return { required: allRights, optional: [] };
    return { required: '', optional: rightLetters };
  }

  /** MYRIGHTS: the actor's rights; any right at all is enough to ask (RFC 4314 §4). */
  async myRights(actorId: number, mailboxId: number): Promise<string> {
    const grant = await this.access.find(actorId, mailboxId);
    if (!grant) throw new ChasquiError('NOT_FOUND', 'no such mailbox');
    return grant.rights;
  }

  private async granteeOf(
    mailbox: Mailbox,
    identifier: string,
    options: { allowOwner?: boolean } = {},
  ): Promise<AclGrantee> {
    if (identifier.toLowerCase() === 'anyone') return 'anyone';
    const account = await this.store.accounts.getByAddress(identifier.toLowerCase());
    if (!account) throw new ChasquiError('INVALID_ARGUMENT', `unknown identifier ${identifier}`);
    if (account.id === mailbox.accountId && options.allowOwner !== true) {
      throw new ChasquiError('INVALID_ARGUMENT', 'the owner always has every right');
    }
    return account.id;
  }

  private async identifierOf(grantee: AclGrantee): Promise<string | null> {
    if (grantee === 'anyone') return 'anyone';
    return (await this.store.accounts.getById(grantee))?.address ?? null;
  }

  /** The owner's and the grantee's sessions learn that the mailbox list may have changed. */
  private publish(mailbox: Mailbox, grantee: AclGrantee): void {
    const change = { mailboxIds: [mailbox.id], mailboxesChanged: true, modseq: 0 };
    this.notifier.publish({ accountId: mailbox.accountId, ...change });
    if (grantee !== 'anyone') this.notifier.publish({ accountId: grantee, ...change });
  }
}
