// RFC 9051 §7.5.2 FETCH response items for one message, in the order asked.
import { emailObjectId, parseMimeTree, threadObjectId, type MimeEntity } from '@chasqui/mail';
import type { MailboxEntry, StoredMessage } from '@chasqui/mail';
import { flagsOf } from '../commands/flags.js';
import type { FetchItem } from '../commands/fetch-items.js';
import { CommandError } from '../commands/command-error.js';
import { atom, formatSection, literal, verbatim, type ImapValue, type SectionToken } from '../proto/index.js';
import { applyPartial, binarySectionBytes, bodySectionBytes } from './body-section.js';
import { bodyStructureValue } from './body-structure.js';
import { envelopeValue } from './envelope.js';
import type { StructureCache, StructureKind } from './structure-cache.js';

/** What is known of one message while its FETCH response is built. */
export interface FetchSource {
  readonly uid: number;
  readonly entry: MailboxEntry;
  readonly stored: StoredMessage | null;
  readonly raw: Buffer | null;
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

function sectionItem(view: MessageView, section: SectionToken): ImapValue[] {
  if (section.name === 'BODY' || section.name === 'BODY.PEEK') {
    const data = bodySectionBytes(view.raw, view.root, section) ?? Buffer.alloc(0);
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

function computeStructure(view: MessageView, kind: StructureKind): ImapValue {
  if (kind === 'ENVELOPE') return envelopeValue(view.root);
  return bodyStructureValue(view.raw, view.root, kind === 'BODYSTRUCTURE');
}

/** ENVELOPE, BODYSTRUCTURE or BODY, from the cache when it has them. */
function structureItem(
  view: MessageView,
  source: FetchSource,
  kind: StructureKind,
  cache: StructureCache | null,
): ImapValue {
  if (cache === null) return computeStructure(view, kind);
  const messageId = source.entry.messageId;
  const cached = cache.get(messageId, kind);
  if (cached !== undefined) return cached;
  const value = computeStructure(view, kind);
  cache.set(messageId, kind, value);
  return value;
}

function simpleItem(
  view: MessageView,
  source: FetchSource,
  kind: Exclude<FetchItem['kind'], 'section'>,
  cache: StructureCache | null,
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
      return structureItem(view, source, kind, cache);
    case 'RFC822':
      return literal(view.raw);
    case 'RFC822.HEADER':
      return literal(view.raw.subarray(0, view.root.bodyStart));
    case 'RFC822.TEXT':
      return literal(view.raw.subarray(view.root.bodyStart));
    case 'EMAILID':
      return [atom(emailObjectId(source.entry.messageId))];
    case 'THREADID':
      return source.stored === null ? null : [atom(threadObjectId(source.stored.threadId))];
  }
}

/**
 * The item list of `* n FETCH (…)`. With a cache, ENVELOPE, BODYSTRUCTURE and BODY come from it
 * when present (the raw bytes are then not needed for them) and are added to it when computed.
 */
export function fetchResponseItems(
  source: FetchSource,
  items: readonly FetchItem[],
  cache: StructureCache | null = null,
): ImapValue[] {
  const view = new MessageView(source);
  const out: ImapValue[] = [];
  for (const item of items) {
    if (item.kind === 'section') out.push(...sectionItem(view, item.section));
    else out.push(atom(item.kind), simpleItem(view, source, item.kind, cache));
  }
  return out;
}
