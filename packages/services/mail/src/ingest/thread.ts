// Threading by references (RFC 5256 REFERENCES in spirit): a message joins the thread of any
// message it refers to, the newest referenced message deciding.
import type { MessageRepository } from '@chasqui/store';
import type { ParsedMessage } from './parse-message.js';

export async function findThreadId(
  messages: MessageRepository,
  accountId: number,
  parsed: ParsedMessage,
): Promise<number | null> {
  const referenced = [...parsed.references];
  if (parsed.inReplyTo !== null && !referenced.includes(parsed.inReplyTo)) referenced.push(parsed.inReplyTo);
  if (referenced.length === 0) return null;
  const found = await messages.findByMessageIdHeaders(accountId, referenced);
  if (found.length === 0) return null;
  const newest = found.reduce((best, row) => (row.id > best.id ? row : best));
  return newest.threadId;
}
