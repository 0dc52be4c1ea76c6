// What RFC 5256 THREAD algorithms read of a message, and the trees they build.

export interface ThreadMessage {
  /** What the answer names: a UID or a sequence number. */
  readonly id: number;
  /** Order in the mailbox: breaks ties between equal dates (RFC 5256 §3). */
  readonly position: number;
  /** The Date header in ms, or the internal date when it has none (RFC 5256 "sent date"). */
  readonly sentAt: number;
  /** The decoded Subject. */
  readonly subject: string;
  /** The Message-ID with its brackets, or null. */
  readonly messageIdHeader: string | null;
  /** The References ids, oldest first; the In-Reply-To id when there is no References. */
  readonly references: readonly string[];
}

/** A thread: a message (or, for grouped siblings, none: a dummy) and its replies. */
export interface ThreadNode {
  readonly message: ThreadMessage | null;
  readonly children: readonly ThreadNode[];
}

/** Earlier sent date first; equal dates keep mailbox order. */
export function compareSent(a: ThreadMessage, b: ThreadMessage): number {
  return a.sentAt - b.sentAt || a.position - b.position;
}
