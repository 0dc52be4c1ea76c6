// Vacation auto-reply tracking (RFC 5230 §4.2 `:days`, RFC 3834 §2): the last reply each account
// sent to each sender, so that a sender is answered at most once per period.

/** A reply the responder intends to send: `claim` decides whether it may. */
export interface VacationReplyClaim {
  readonly accountId: number;
  /** The envelope sender answered, lower-case. */
  readonly sender: string;
  /** Identifies the response text; a different hash is answered again at once. */
  readonly responseHash: string;
  readonly now: number;
  /** A reply after this time with the same hash makes this one a repeat. */
  readonly repeatSince: number;
}

export interface VacationReplyRepository {
  /**
   * Records the reply and returns true, unless the sender already had this response since
   * `repeatSince` (then false, nothing written). Atomic: of two racing claims one wins.
   */
  claim(claim: VacationReplyClaim): Promise<boolean>;
  /** Forgets the reply just claimed (its sending failed), so the next message is answered. */
  release(accountId: number, sender: string, repliedAt: number): Promise<void>;
  /** Removes replies older than `before`; returns how many. */
  prune(before: number): Promise<number>;
}
