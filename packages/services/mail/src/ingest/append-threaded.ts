// Several messages stored in order and committed together (IMAP MULTIAPPEND, migration), each in
// its thread. The thread is found in the store, so a message that answers one of the same batch
// waits for the batch before it to be committed; the rest share one transaction (one fsync).
import type { AppendResult, MessageRepository, NewMessage } from '@chasqui/store';
import { parseMessage, type ParsedMessage } from './parse-message.js';
import { storedSummaryOf } from './stored-summary.js';
import { findThreadId } from './thread.js';

export interface MailboxesAppend {
  readonly accountId: number;
  readonly mailboxIds: readonly number[];
  readonly raw: Uint8Array;
  readonly receivedAt: number;
  readonly flags: number;
  readonly keywords: readonly string[];
  readonly parsed?: ParsedMessage;
}

/** Each request's result, in order, or the error that refused it (the others are stored). */
export async function appendThreaded(
  messages: MessageRepository,
  requests: readonly MailboxesAppend[],
): Promise<(AppendResult | Error)[]> {
  const results: (AppendResult | Error)[] = [];
  let batch: NewMessage[] = [];
  let batchIds = new Set<string>();
  for (const request of requests) {
    const parsed = request.parsed ?? (await parseMessage(request.raw));
    if (answersOneOf(request.accountId, parsed, batchIds)) {
      results.push(...(await messages.appendAll(batch)));
      batch = [];
      batchIds = new Set();
    }
    const threadId = await findThreadId(messages, request.accountId, parsed);
    batch.push(newMessageOf(request, parsed, threadId));
    if (parsed.messageIdHeader !== null) batchIds.add(`${request.accountId} ${parsed.messageIdHeader}`);
  }
  if (batch.length > 0) results.push(...(await messages.appendAll(batch)));
  return results;
}

function answersOneOf(accountId: number, parsed: ParsedMessage, ids: ReadonlySet<string>): boolean {
  if (ids.size === 0) return false;
  const referenced = parsed.inReplyTo === null ? parsed.references : [...parsed.references, parsed.inReplyTo];
  return referenced.some((id) => ids.has(`${accountId} ${id}`));
}

function newMessageOf(request: MailboxesAppend, parsed: ParsedMessage, threadId: number | null): NewMessage {
  return {
    accountId: request.accountId,
    mailboxIds: request.mailboxIds,
    raw: request.raw,
    receivedAt: request.receivedAt,
    sentAt: parsed.sentAt,
    subject: parsed.subject,
    from: parsed.from,
    to: parsed.to,
    messageIdHeader: parsed.messageIdHeader,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    threadId,
    preview: parsed.preview,
    hasAttachment: parsed.hasAttachment,
    flags: request.flags,
    keywords: request.keywords,
    searchText: parsed.searchText,
    summary: storedSummaryOf(request.raw),
  };
}
