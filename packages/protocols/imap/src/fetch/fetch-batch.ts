// FETCH responses for a run of messages (RFC 9051 §6.4.5) with a fixed number of store reads:
// one summary read for ENVELOPE/BODYSTRUCTURE/BODY, one metadata read for dates and sizes, and
// message bytes in groups of bounded size, each group written as it arrives.
import type { MessageSummary } from '@chasqui/mail';
import { needsRaw, needsStored, type FetchItem } from '../commands/fetch-items.js';
import { accountOf, selectedOf } from '../commands/account-of.js';
import { atom, untagged, untaggedText } from '../proto/index.js';
import type { ViewMessage } from '../session/selected-mailbox.js';
import type { SessionApi } from '../session/session-api.js';
import { fetchResponseItems, isSummaryKind, type FetchSource, type SummaryText } from './fetch-response.js';
import { summaryCacheFor } from './summary-cache.js';

/** Responses are gathered up to this size before a write; smaller pieces are joined. */
const writeThreshold = 64 * 1024;
/** Pieces from this size (message bodies) are written as they are, never copied into a join. */
const uncopiedBytes = 4 * 1024;

/** True for items that send message content (their raw bytes are read). */
function sendsContent(item: FetchItem): boolean {
  return needsRaw(item) && !isSummaryKind(item.kind);
}

/**
 * Response pieces gathered into few, large socket writes; message bodies are never copied.
 * Responses without message content are built as text and become one Buffer per write.
 */
class ResponseWriter {
  private parts: Buffer[] = [];
  private text = '';
  private pending = 0;
  private hasLarge = false;

  constructor(
    private readonly session: SessionApi,
    private readonly summaryText: SummaryText,
    private readonly isTextOnly: boolean,
  ) {}

  add(message: ViewMessage, source: FetchSource, items: readonly FetchItem[]): void {
    const values = [message.msn, atom('FETCH'), fetchResponseItems(source, items, this.summaryText)];
    const options = { utf8: this.session.isUtf8 };
    if (this.isTextOnly) {
      const line = untaggedText(values, options);
      this.text += line;
      this.pending += line.length;
      return;
    }
    for (const part of untagged(values, options)) {
      this.parts.push(part);
      this.pending += part.length;
      if (part.length >= uncopiedBytes) this.hasLarge = true;
    }
  }

  async flushIfFull(): Promise<void> {
    if (this.pending >= writeThreshold) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.text !== '') {
      this.parts.push(Buffer.from(this.text, 'utf8'));
      this.text = '';
    }
    if (this.parts.length === 0) return;
    const parts = this.parts;
    this.parts = [];
    this.pending = 0;
    await this.session.sendBytes(this.hasLarge ? parts : Buffer.concat(parts));
    this.hasLarge = false;
  }
}

/**
 * The stored summaries of the messages whose requested summary items are not cached yet (an
 * empty map when every one is), and the ids that were asked for.
 */
async function missingSummaries(
  session: SessionApi,
  batch: readonly ViewMessage[],
  items: readonly FetchItem[],
  text: SummaryText,
): Promise<{ asked: ReadonlySet<number>; found: ReadonlyMap<number, MessageSummary> }> {
  const kinds = items.map((item) => item.kind).filter(isSummaryKind);
  const asked = new Set<number>();
  for (const message of batch) {
    const id = message.entry.messageId;
    if (kinds.some((kind) => !text.cache.has(id, kind, text.isUtf8))) asked.add(id);
  }
  if (asked.size === 0) return { asked, found: new Map() };
  const mailbox = selectedOf(session).readTarget;
  const found = await session.mail.messages.summariesOf(accountOf(session).id, [...asked], mailbox);
  return { asked, found };
}

/** Sends `* n FETCH (…)` for each message of `batch` still in the store. */
export async function sendFetchBatch(
  session: SessionApi,
  batch: readonly ViewMessage[],
  items: readonly FetchItem[],
): Promise<void> {
  const accountId = accountOf(session).id;
  const mailbox = selectedOf(session).readTarget;
  const ids = batch.map((message) => message.entry.messageId);
  const text: SummaryText = { cache: summaryCacheFor(session.mail), isUtf8: session.isUtf8 };
  const summaries = await missingSummaries(session, batch, items, text);
  const hasContent = items.some(sendsContent);
  const writer = new ResponseWriter(session, text, !hasContent);
  const stored = items.some(needsStored)
    ? new Map((await session.mail.messages.get(accountId, ids, mailbox)).map((m) => [m.id, m]))
    : null;
  const add = (message: ViewMessage, raw: Buffer | null) => {
    const id = message.entry.messageId;
    const summary = summaries.found.get(id) ?? null;
    const found = stored?.get(id) ?? null;
    // Expunged by another session meanwhile: nothing to send for it.
    if ((summary === null && summaries.asked.has(id)) || (found === null && stored !== null)) return;
    writer.add(message, { uid: message.uid, entry: message.entry, stored: found, raw, summary }, items);
  };
  if (hasContent) {
    const byId = new Map(batch.map((message) => [message.entry.messageId, message]));
    // Each group maps ids to bytes in the order asked; ids expunged meanwhile are absent. One
    // message (a client opening it) is one read, without the grouping generator.
    const groups =
      ids.length === 1
        ? [await session.mail.messages.readFew(accountId, ids, mailbox)]
        : session.mail.messages.readInGroups(accountId, ids, mailbox);
    for await (const raws of groups) {
      for (const [id, raw] of raws) {
        const message = byId.get(id);
        if (message !== undefined) add(message, raw);
      }
      await writer.flushIfFull();
    }
  } else {
    for (const message of batch) {
      add(message, null);
      await writer.flushIfFull();
    }
  }
  await writer.flush();
}
