// ENVELOPE, BODYSTRUCTURE and BODY already sent, as the exact response text, by message id: a
// message never changes and its id is never reused, so a later FETCH of it needs no store
// read, no JSON decoding and no encoding (what Dovecot's cache file gives it). A least recently
// used map bounded by the characters it holds, one per mail service; UTF-8 sessions (RFC 9051,
// RFC 6855) may quote 8-bit text that others get as literals, so the mode is part of the key.
export type SummaryKind = 'ENVELOPE' | 'BODYSTRUCTURE' | 'BODY';

const kindIndex: Readonly<Record<SummaryKind, number>> = { ENVELOPE: 0, BODYSTRUCTURE: 1, BODY: 2 };

/** Per-entry overhead in bytes (map slot, string header), on top of two bytes a character. */
const entryOverhead = 64;

export class SummaryTextCache {
  private readonly entries = new Map<number, string>();
  private size = 0;

  constructor(readonly maxBytes = 64 * 1024 * 1024) {}

  get bytes(): number {
    return this.size;
  }

  private static key(messageId: number, kind: SummaryKind, isUtf8: boolean): number {
    return messageId * 8 + kindIndex[kind] * 2 + (isUtf8 ? 1 : 0);
  }

  has(messageId: number, kind: SummaryKind, isUtf8: boolean): boolean {
    return this.entries.has(SummaryTextCache.key(messageId, kind, isUtf8));
  }

  get(messageId: number, kind: SummaryKind, isUtf8: boolean): string | undefined {
    const key = SummaryTextCache.key(messageId, kind, isUtf8);
    const text = this.entries.get(key);
    if (text === undefined) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, text);
    return text;
  }

  set(messageId: number, kind: SummaryKind, isUtf8: boolean, text: string): void {
    const key = SummaryTextCache.key(messageId, kind, isUtf8);
    const size = text.length * 2 + entryOverhead;
    if (size > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.size -= old.length * 2 + entryOverhead;
    }
    this.entries.set(key, text);
    this.size += size;
    for (const [oldest, entry] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.size -= entry.length * 2 + entryOverhead;
    }
  }
}

const caches = new WeakMap<object, SummaryTextCache>();

/** The cache for the messages of one mail service. */
export function summaryCacheFor(owner: object): SummaryTextCache {
  let cache = caches.get(owner);
  if (cache === undefined) {
    cache = new SummaryTextCache();
    caches.set(owner, cache);
  }
  return cache;
}
