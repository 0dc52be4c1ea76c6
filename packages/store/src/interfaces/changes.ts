// The per-account change log: one truth for IMAP CONDSTORE/QRESYNC, JMAP, ActiveSync, DAV (§2).

export type ChangeObjectType = 'mailbox' | 'email' | 'thread';
export type ChangeOp = 'created' | 'updated' | 'destroyed';

export interface ChangeEntry {
  /** Strictly increasing per account; gaps are allowed, reuse is not. */
  readonly modseq: number;
  readonly type: ChangeObjectType;
  readonly objectId: number;
  readonly op: ChangeOp;
  /** For email changes: the mailbox concerned (a move logs a destroy and a create). */
  readonly mailboxId: number | null;
  /** For email changes: the UID in that mailbox (tombstones for IMAP VANISHED). */
  readonly uid: number | null;
  readonly at: number;
}

export interface ChangeLogRepository {
  /** Changes with modseq above `sinceModseq`, oldest first, at most `limit`. */
  since(
    accountId: number,
    sinceModseq: number,
    options?: { limit?: number; type?: ChangeObjectType; mailboxId?: number },
  ): Promise<ChangeEntry[]>;
  highestModseq(accountId: number): Promise<number>;
  /**
   * The lowest modseq from which `since` is still exact; older clients must resync fully
   * (QRESYNC without VANISHED, JMAP cannotCalculateChanges).
   */
  horizon(accountId: number): Promise<number>;
  /** Drops entries older than `beforeTime` (all accounts) and raises each horizon. Returns rows removed. */
  trim(beforeTime: number): Promise<number>;
}
