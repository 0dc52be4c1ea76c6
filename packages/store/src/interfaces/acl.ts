// Mailbox ACLs (RFC 4314) and the per-user \Seen state of shared mailboxes (ARCHITECTURE.md §6).
// The store keeps rights as the letters it is given; what they mean is the mail service's rule.

/** An account by id, or the RFC 4314 identifier "anyone" (every authenticated account). */
export type AclGrantee = number | 'anyone';

export interface AclGrant {
  readonly mailboxId: number;
  readonly grantee: AclGrantee;
  /** RFC 4314 right letters, e.g. "lrs". Never empty: an empty grant is no row. */
  readonly rights: string;
}

/** A grant that lets an account into another account's mailbox. */
export interface IncomingGrant extends AclGrant {
  readonly ownerId: number;
  readonly ownerAddress: string;
}

/** One account's own \Seen on one message of a shared mailbox. */
export interface SharedSeenEntry {
  readonly uid: number;
  readonly isSeen: boolean;
  /** Modseq of the owner's change log at which this state was set. */
  readonly modseq: number;
}

export interface MailboxAclRepository {
  /** Every grant on a mailbox: accounts by id, then "anyone". */
  list(mailboxId: number): Promise<AclGrant[]>;
  /** The grants on a mailbox that apply to an account: its own and "anyone". */
  grantsOn(mailboxId: number, accountId: number): Promise<AclGrant[]>;
  /** Grants that apply to an account (its own and "anyone") on mailboxes of other accounts. */
  incoming(accountId: number): Promise<IncomingGrant[]>;
  /** Replaces a grantee's rights on a mailbox; empty rights remove the grant. */
  set(mailboxId: number, grantee: AclGrantee, rights: string): Promise<void>;
  /** Every UID of the mailbox with a recorded state for the account, in UID order. */
  listSeen(accountId: number, mailboxId: number): Promise<SharedSeenEntry[]>;
  /**
   * Sets the account's own \Seen on UIDs of a mailbox it does not own; the owner's flags stay.
   * Each UID whose state changes gets a new modseq from the owner's change log (an 'email'
   * 'updated' change on that mailbox), so the mailbox's HIGHESTMODSEQ moves and CONDSTORE,
   * QRESYNC and IDLE sessions see it. UIDs not in the mailbox are ignored. Returns the changed.
   */
  setSeen(
    accountId: number,
    mailboxId: number,
    uids: readonly number[],
    isSeen: boolean,
  ): Promise<SharedSeenEntry[]>;
}
