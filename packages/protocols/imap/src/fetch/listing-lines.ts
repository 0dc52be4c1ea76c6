// FETCH responses that need only the selected mailbox's listing (UID, FLAGS, MODSEQ): written as
// text straight from the cached entries, many lines per Buffer, with no store reads. The bytes are
// those fetchResponseItems() and untagged() would give.
import type { FetchItem } from '../commands/fetch-items.js';
import { flagsText } from '../commands/flags.js';
import type { ViewMessage } from '../session/selected-mailbox.js';

const listingKinds: ReadonlySet<string> = new Set(['UID', 'FLAGS', 'MODSEQ']);

/** Characters gathered before a write (the socket's back-pressure is honoured between writes). */
const chunkChars = 64 * 1024;

/** True when every item comes from the listing alone. */
export function isListingOnly(items: readonly FetchItem[]): boolean {
  return items.every((item) => listingKinds.has(item.kind));
}

/** `* msn FETCH (…)\r\n` for one message; `items` must be listing-only. */
export function listingLine(message: ViewMessage, items: readonly FetchItem[]): string {
  let line = `* ${message.msn} FETCH (`;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) line += ' ';
    const kind = items[i]?.kind;
    if (kind === 'UID') line += `UID ${message.uid}`;
    else if (kind === 'FLAGS') line += `FLAGS ${flagsText(message.entry)}`;
    else line += `MODSEQ (${message.entry.modseq})`;
  }
  return `${line})\r\n`;
}

/** Writes the responses for `messages` in chunks through `write`, waiting on each. */
export async function sendListingLines(
  write: (data: Buffer) => Promise<void>,
  messages: readonly ViewMessage[],
  items: readonly FetchItem[],
): Promise<void> {
  let text = '';
  for (const message of messages) {
    text += listingLine(message, items);
    if (text.length >= chunkChars) {
      await write(Buffer.from(text, 'utf8'));
      text = '';
    }
  }
  if (text !== '') await write(Buffer.from(text, 'utf8'));
}
