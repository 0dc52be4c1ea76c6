// What SORT and THREAD (RFC 5256) read of the messages a search found: stored metadata (dates,
// size, decoded subject, Message-ID, References) and, when a key needs addresses, the header
// fields of the raw message.
import { messageHeaderFields, type HeaderField, type StoredMessage } from '@chasqui/mail';
import type { ViewMessage } from '../session/selected-mailbox.js';
import type { SessionApi } from '../session/session-api.js';

export interface MessageFacts {
  readonly message: ViewMessage;
  readonly stored: StoredMessage | null;
  /** Header fields; empty unless asked for. */
  readonly headers: readonly HeaderField[];
}

/** Loads the facts of `messages` (in their order); messages expunged meanwhile are left out. */
export async function loadFacts(
  session: SessionApi,
  accountId: number,
  messages: readonly ViewMessage[],
  withHeaders: boolean,
): Promise<MessageFacts[]> {
  const stored = new Map<number, StoredMessage>();
  const ids = messages.map((m) => m.entry.messageId);
  // Through the selected mailbox: it may be another account's, shared with this one.
  const mailboxId = session.selected?.mailbox.id;
  for (const row of await session.mail.messages.get(accountId, ids, mailboxId)) stored.set(row.id, row);
  const facts: MessageFacts[] = [];
  for (const message of messages) {
    const row = stored.get(message.entry.messageId);
    if (row === undefined) continue;
    let headers: HeaderField[] = [];
    if (withHeaders) {
      const raw = await session.mail.messages
        .readRaw(accountId, row.id, mailboxId)
        .catch(() => Buffer.alloc(0));
      headers = messageHeaderFields(raw);
    }
    facts.push({ message, stored: row, headers });
  }
  return facts;
}

/** RFC 5256 "sent date": the Date header, or the internal date when it is missing or bad. */
export function sentDate(facts: MessageFacts): number {
  return facts.stored?.sentAt ?? facts.stored?.receivedAt ?? 0;
}
