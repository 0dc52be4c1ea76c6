// RFC 9051 §7.5.2 FETCH response items for one message, in the order asked.
import {
  basicBodyOf,
  emailObjectId,
  parseMimeTree,
  selectHeaderLines,
  summarizeTree,
  threadObjectId,
  type MimeEntity,
} from '@chasqui/mail';
import type { MailboxEntry, MessageSummary, StoredMessage } from '@chasqui/mail';
import { flagsOf } from '../commands/flags.js';
import type { FetchItem } from '../commands/fetch-items.js';
import { CommandError } from '../commands/command-error.js';
import {
  atom,
  encodeValueText,
  formatSection,
  literal,
  verbatim,
  type ImapValue,
  type SectionToken,
} from '../proto/index.js';
import { applyPartial, binarySectionBytes, bodySectionBytes } from './body-section.js';
import type { SummaryKind, SummaryTextCache } from './summary-cache.js';

/** What is known of one message while its FETCH response is built. */
export interface FetchSource {
  readonly uid: number;
  readonly entry: MailboxEntry;
  readonly stored: StoredMessage | null;
  readonly raw: Buffer | null;
  /** ENVELOPE, BODYSTRUCTURE and header size as stored; computed from `raw` when null. */
  readonly summary: MessageSummary | null;
}

/** Where encoded summary items are kept between FETCHes, and the session's UTF-8 mode. */
export interface SummaryText {
  readonly cache: SummaryTextCache;
  readonly isUtf8: boolean;
}

/** True for the items answered from the message summary (no raw bytes needed). */
export function isSummaryKind(kind: string): kind is SummaryKind {
  return kind === 'ENVELOPE' || kind === 'BODYSTRUCTURE' || kind === 'BODY';
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 9051 date-time: "17-Jul-1996 02:44:25 +0000" (UTC). */
export function formatInternalDate(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = pad(date.getUTCDate());
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${day}-${months[date.getUTCMonth()] ?? 'Jan'}-${date.getUTCFullYear()} ${time} +0000`;
}

class MessageView {
  private tree: MimeEntity | null = null;

  constructor(private readonly source: FetchSource) {}

  get raw(): Buffer {
    return this.source.raw ?? Buffer.alloc(0);
  }

  get root(): MimeEntity {
    this.tree ??= parseMimeTree(this.raw);
    return this.tree;
  }
}

/**
 * BODY[], BODY[HEADER], BODY[HEADER.FIELDS (…)] and BODY[TEXT] of the whole message: found
 * from the header size alone, without parsing the MIME tree. Undefined for other sections.
 */
function topLevelBytes(view: MessageView, source: FetchSource, section: SectionToken): Buffer | undefined {
  if (section.part.length > 0) return undefined;
  switch (section.text) {
    case null:
      return view.raw;
    case 'HEADER':
      return view.raw.subarray(0, headerSizeOf(view, source));
    case 'TEXT':
      return view.raw.subarray(headerSizeOf(view, source));
    case 'HEADER.FIELDS':
    case 'HEADER.FIELDS.NOT':
      return selectHeaderLines(
        view.raw,
        0,
        headerSizeOf(view, source),
        section.fields,
        section.text === 'HEADER.FIELDS.NOT',
      );
    default:
      return undefined;
  }
}

function sectionItem(view: MessageView, source: FetchSource, section: SectionToken): ImapValue[] {
  if (section.name === 'BODY' || section.name === 'BODY.PEEK') {
    const data =
      topLevelBytes(view, source, section) ??
      bodySectionBytes(view.raw, view.root, section) ??
      Buffer.alloc(0);
    return [verbatim(formatSection(section, true)), literal(applyPartial(data, section.partial))];
  }
  const result = binarySectionBytes(view.raw, view.root, section.part);
  if (!result.ok) {
    if (result.reason === 'unknown-cte')
      throw new CommandError('NO', 'Unknown transfer encoding', 'UNKNOWN-CTE');
    return [verbatim(formatSection(section, true)), null];
  }
  if (section.name === 'BINARY.SIZE') return [verbatim(formatSection(section, true)), result.data.length];
  const data = applyPartial(result.data, section.partial);
  return [verbatim(formatSection(section, true)), literal(data, { binary: data.includes(0) })];
}

/** ENVELOPE, BODYSTRUCTURE or BODY from the stored summary (or the message when it has none). */
function summaryValue(view: MessageView, source: FetchSource, kind: SummaryKind): ImapValue {
  const summary = source.summary ?? summarizeTree(view.raw, view.root);
  if (kind === 'ENVELOPE') return summary.envelope;
  return kind === 'BODYSTRUCTURE' ? summary.bodyStructure : basicBodyOf(summary.bodyStructure);
}

/**
 * The item's value, as response text from the cache when there is one: text already encoded
 * goes out as is (an atom is written verbatim), the same bytes the compiler would produce.
 */
function summaryItem(
  view: MessageView,
  source: FetchSource,
  kind: SummaryKind,
  text: SummaryText | null,
): ImapValue {
  if (text === null) return summaryValue(view, source, kind);
  const { cache, isUtf8 } = text;
  const messageId = source.entry.messageId;
  let encoded = cache.get(messageId, kind, isUtf8);
  if (encoded === undefined) {
    const value = summaryValue(view, source, kind);
    encoded = encodeValueText(value, { utf8: isUtf8 });
    cache.set(messageId, kind, isUtf8, encoded);
  }
  return { kind: 'atom', text: encoded };
}

function simpleItem(
  view: MessageView,
  source: FetchSource,
  kind: Exclude<FetchItem['kind'], 'section'>,
  text: SummaryText | null,
): ImapValue {
  switch (kind) {
    case 'FLAGS':
      return flagsOf(source.entry);
    case 'UID':
      return source.uid;
    case 'INTERNALDATE':
      return formatInternalDate(source.stored?.receivedAt ?? 0);
    case 'RFC822.SIZE':
      return source.stored?.size ?? view.raw.length;
    case 'MODSEQ':
      return [source.entry.modseq];
    case 'ENVELOPE':
    case 'BODYSTRUCTURE':
    case 'BODY':
      return summaryItem(view, source, kind, text);
    case 'RFC822':
      return literal(view.raw);
    case 'RFC822.HEADER':
      return literal(view.raw.subarray(0, headerSizeOf(view, source)));
    case 'RFC822.TEXT':
      return literal(view.raw.subarray(headerSizeOf(view, source)));
    case 'EMAILID':
      return [atom(emailObjectId(source.entry.messageId))];
    case 'THREADID':
      return source.stored === null ? null : [atom(threadObjectId(source.stored.threadId))];
  }
}

function headerSizeOf(view: MessageView, source: FetchSource): number {
  return source.summary?.headerSize ?? view.root.bodyStart;
}

/**
 * The item list of `* n FETCH (…)`, in the order asked. With `summaryText`, ENVELOPE,
 * BODYSTRUCTURE and BODY come from its cache as encoded text, and are added to it.
 */
export function fetchResponseItems(
  source: FetchSource,
  items: readonly FetchItem[],
  summaryText: SummaryText | null = null,
): ImapValue[] {
  const view = new MessageView(source);
  const out: ImapValue[] = [];
  for (const item of items) {
    if (item.kind === 'section') out.push(...sectionItem(view, source, item.section));
    else out.push(atom(item.kind), simpleItem(view, source, item.kind, summaryText));
  }
  return out;
}
