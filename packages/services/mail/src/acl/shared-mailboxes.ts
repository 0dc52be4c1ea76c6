// Other accounts' mailboxes as one actor may reach them (RFC 4314 §4, RFC 2342 "other users"):
// listing what the actor may look up, finding one by owner and name, and creating or deleting
// below a shared mailbox. Protocols choose how to name them (IMAP: "Otros usuarios/<owner>/…").
import { ChasquiError } from '@chasqui/core';
import type { Mailbox, Store } from '@chasqui/store';
import { normaliseMailboxName, parentNames } from '../mailboxes/mailbox-names.js';
import type { MailboxOperations } from '../mailboxes/mailbox-operations.js';
import { assertRights, type MailboxAccess, type MailboxGrant } from './mailbox-access.js';
import { hasRight, unionRights } from './rights.js';

/** A mailbox of another account, with the actor's rights on it. */
export interface SharedMailbox extends MailboxGrant {
  readonly ownerAddress: string;
}

export class SharedMailboxes {
  constructor(
    private readonly store: Store,
    private readonly access: MailboxAccess,
    private readonly mailboxes: MailboxOperations,
  ) {}

  /** Every mailbox of another account the actor may look up ("l"), by owner then name. */
  async list(actorId: number): Promise<SharedMailbox[]> {
    const grants = await this.store.mailboxAcl.incoming(actorId);
    const byMailbox = new Map<number, { ownerAddress: string; rights: string }>();
    for (const grant of grants) {
      const known = byMailbox.get(grant.mailboxId);
      const rights = unionRights(known?.rights ?? '', grant.rights);
      byMailbox.set(grant.mailboxId, { ownerAddress: grant.ownerAddress, rights });
    }
    const found: SharedMailbox[] = [];
    for (const [mailboxId, { ownerAddress, rights }] of byMailbox) {
      if (!hasRight(rights, 'l')) continue;
      const mailbox = await this.store.mailboxes.getById(mailboxId);
      if (mailbox) found.push({ mailbox, rights, isOwner: false, ownerAddress });
    }
    return found.sort(
      (a, b) => compare(a.ownerAddress, b.ownerAddress) || compare(a.mailbox.name, b.mailbox.name),
    );
  }

  /**
   * The mailbox `name` of the account `ownerAddress` with the actor's rights, or null when it
   * does not exist or the actor holds no right on it (the two look the same).
   */
  async find(actorId: number, ownerAddress: string, name: string): Promise<SharedMailbox | null> {
    const owner = await this.store.accounts.getByAddress(ownerAddress.toLowerCase());
    if (!owner) return null;
    const mailbox = await this.mailboxes.get(owner.id, name);
    if (!mailbox) return null;
    const rights = await this.access.rightsOn(actorId, mailbox);
    if (rights === '') return null;
    return { mailbox, rights, isOwner: owner.id === actorId, ownerAddress: owner.address };
  }

  /** CREATE below a mailbox of another account: needs "k" on the parent, which must exist. */
  async create(actorId: number, ownerAddress: string, name: string): Promise<Mailbox> {
    const normalised = normaliseMailboxName(name);
    const parentName = parentNames(normalised).at(-1);
    const parent = parentName === undefined ? null : await this.find(actorId, ownerAddress, parentName);
    if (!parent) throw new ChasquiError('FORBIDDEN', 'mailboxes of others are created below a shared one');
    assertRights(parent, ['k']);
    return this.mailboxes.create(parent.mailbox.accountId, normalised);
  }

  /** DELETE a mailbox of another account: needs "x". */
  async delete(actorId: number, ownerAddress: string, name: string): Promise<void> {
    const shared = await this.find(actorId, ownerAddress, name);
    if (!shared) throw new ChasquiError('NOT_FOUND', 'no such mailbox');
    assertRights(shared, ['x']);
    await this.mailboxes.deleteMailbox(shared.mailbox);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
