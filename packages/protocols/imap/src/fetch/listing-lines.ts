// FETCH responses that need only the selected mailbox's listing (UID, FLAGS, MODSEQ): written as
// text straight from the cached entries, many lines per Buffer, with no store reads. The bytes are
// those fetchResponseItems() and untagged() would give.
import type { FetchItem } from '../commands/fetch-items.js';
import { flagsText } from '../commands/flags.js';
import type { MailboxEntry } from '@chasqui/mail';
import type { ViewMessage } from '../session/selected-mailbox.js';

const listingKinds: ReadonlySet<string> = new Set(['UID', 'FLAGS', 'MODSEQ']);

/** Bytes gathered before a write (the socket's back-pressure is honoured between writes). */
const chunkBytes = 64 * 1024;

/** True when every item comes from the listing alone. */
export function isListingOnly(items: readonly FetchItem[]): boolean {
  return items.every((item) => listingKinds.has(item.kind));
}

/**
 * Response bytes built in place, numbers digit by digit: a UID FETCH 1:* (FLAGS) of a large
 * mailbox then makes no string per line (they cost more than the rest of the command).
 */
class LineWriter {
  private buffer = Buffer.allocUnsafe(chunkBytes);
  private position = 0;

  constructor(private readonly write: (data: Buffer) => Promise<void>) {}

  hasRoom(bytes: number): boolean {
    return this.position + bytes <= this.buffer.length;
  }

  /** Sends what is gathered; a next chunk holds at least `room` bytes (none when null: the end). */
  async flush(room: number | null): Promise<void> {
    const data = this.buffer.subarray(0, this.position);
    this.buffer = room === null ? Buffer.alloc(0) : Buffer.allocUnsafe(Math.max(chunkBytes, room));
    this.position = 0;
    if (data.length > 0) await this.write(data);
  }

  /** Characters below 128 only (the fixed parts of a line). */
  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.buffer[this.position++] = text.charCodeAt(i);
  }

  bytes(data: Buffer): void {
    // A JS loop beats a native copy for the few bytes of a flag list.
    for (let i = 0; i < data.length; i++) this.buffer[this.position++] = data[i] ?? 0;
  }

  /** A non-negative integer in decimal. */
  number(value: number): void {
    const start = this.position;
    let rest = value;
    do {
      this.buffer[this.position++] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
    // Digits were written lowest first.
    for (let low = start, high = this.position - 1; low < high; low++, high--) {
      const digit = this.buffer[low] ?? 48;
      this.buffer[low] = this.buffer[high] ?? 48;
      this.buffer[high] = digit;
    }
  }

  /** `* msn FETCH (…)\r\n` for one message (`items` listing-only), FLAGS given as flagBytes(). */
  line(message: ViewMessage, items: readonly FetchItem[], flags: Buffer): void {
    this.ascii('* ');
    this.number(message.msn);
    this.ascii(' FETCH (');
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.ascii(' ');
      const kind = items[i]?.kind;
      if (kind === 'UID') {
        this.ascii('UID ');
        this.number(message.uid);
      } else if (kind === 'FLAGS') {
        this.ascii('FLAGS ');
        this.bytes(flags);
      } else {
        this.ascii('MODSEQ (');
        this.number(message.entry.modseq);
        this.ascii(')');
      }
    }
    this.ascii(')\r\n');
  }
}

/** The FLAGS lists met, as bytes: a mailbox has a few distinct ones (keywords may add more). */
const flagBytesByText = new Map<string, Buffer>();
const noFlags = Buffer.alloc(0);

function flagBytes(entry: ViewMessage['entry']): Buffer {
  const text = flagsText(entry);
  let bytes = flagBytesByText.get(text);
  if (bytes === undefined) {
    bytes = Buffer.from(text, 'utf8');
    if (flagBytesByText.size < 4096) flagBytesByText.set(text, bytes);
  }
  return bytes;
}

/** Most bytes of a line's start and end ("* n FETCH (" … ")\r\n"), and of one item but FLAGS' list. */
const lineFrameBytes = 32;
const itemBytes = 28;

/**
 * The responses for a whole shared listing, by item list: a listing is replaced, never changed,
 * when its mailbox changes, so its responses hold while it lives. Clients fetch FLAGS of every
 * message at each resync (several devices, the same listing).
 */
const wholeListingResponses = new WeakMap<readonly MailboxEntry[], Map<string, readonly Buffer[]>>();

/** Listings smaller than this are rendered each time (as the store caches only larger ones). */
const minCachedLines = 2000;

/**
 * Bytes of kept responses, counted until their listing is collected, and their bound: a listing
 * held by sessions alone (not in the store's cache) must not keep responses without limit.
 */
let keptBytes = 0;
const keptBudget = 64 * 1024 * 1024;
const keptFreed = new FinalizationRegistry<number>((bytes) => {
  keptBytes -= bytes;
});

/** True when `messages` are every entry of `listing`, in sequence order. */
function coversListing(messages: readonly ViewMessage[], listing: readonly MailboxEntry[]): boolean {
  if (messages.length !== listing.length) return false;
  for (let i = 0; i < messages.length; i++) if (messages[i]?.entry !== listing[i]) return false;
  return true;
}

/**
 * Writes the responses for `messages` in chunks through `write`, waiting on each. With
 * `listing`, the shared entries the messages come from (sequence number = position), the
 * responses to all of them are kept with it and sent again as they are.
 */
export async function sendListingLines(
  write: (data: Buffer) => Promise<void>,
  messages: readonly ViewMessage[],
  items: readonly FetchItem[],
  listing: readonly MailboxEntry[] | null = null,
): Promise<void> {
  if (listing === null || messages.length < minCachedLines || !coversListing(messages, listing)) {
    await writeListingLines(write, messages, items);
    return;
  }
  const key = items.map((item) => item.kind).join(' ');
  const kept = wholeListingResponses.get(listing) ?? new Map<string, readonly Buffer[]>();
  const chunks = kept.get(key);
  if (chunks !== undefined) {
    for (const chunk of chunks) await write(chunk);
    return;
  }
  const written: Buffer[] = [];
  await writeListingLines(
    (data) => {
      written.push(data);
      return write(data);
    },
    messages,
    items,
  );
  // Each chunk holds its own allocation (LineWriter allocates one per chunk): count all of it.
  const bytes = written.reduce((sum, chunk) => sum + chunk.buffer.byteLength, 0);
  if (keptBytes + bytes > keptBudget) return;
  keptBytes += bytes;
  keptFreed.register(listing, bytes);
  kept.set(key, written);
  wholeListingResponses.set(listing, kept);
}

async function writeListingLines(
  write: (data: Buffer) => Promise<void>,
  messages: readonly ViewMessage[],
  items: readonly FetchItem[],
): Promise<void> {
  const writer = new LineWriter(write);
  const hasFlags = items.some((item) => item.kind === 'FLAGS');
  for (const message of messages) {
    const flags = hasFlags ? flagBytes(message.entry) : noFlags;
    // Items may repeat: room for each, as if each were the longest.
    const room = lineFrameBytes + items.length * (itemBytes + flags.length);
    if (!writer.hasRoom(room)) await writer.flush(room);
    writer.line(message, items, flags);
  }
  await writer.flush(null);
}
