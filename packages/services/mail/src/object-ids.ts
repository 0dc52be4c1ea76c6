// RFC 8474 OBJECTID: the stable ids IMAP shows as MAILBOXID, EMAILID and THREADID, one letter
// for the kind and the store id. JMAP uses the same ids, so a client of both sees one object.

/** A mailbox's id, unchanged by RENAME. */
export function mailboxObjectId(mailboxId: number): string {
  return `F${mailboxId}`;
}

/** A message's id, unchanged by MOVE (a COPY is a new message). */
export function emailObjectId(messageId: number): string {
  return `M${messageId}`;
}

export function threadObjectId(threadId: number): string {
  return `T${threadId}`;
}
