// ENVELOPE, BODYSTRUCTURE and BODY already sent, as the exact response text, by message id: a
// message never changes and its id is never reused, so a later FETCH of it needs no store
// read, no JSON decoding and no encoding (what Dovecot's cache file gives it). A least recently
// used map bounded by the characters it holds, one per mail service; UTF-8 sessions (RFC 9051,
// RFC 6855) may quote 8-bit text that others get as literals, so the mode is part of the key.
export type SummaryKind = 'ENVELOPE' | 'BODYSTRUCTURE' | 'BODY';

const kindIndex: Readonly<Record<SummaryKind, number>> = { ENVELOPE: 0, BODYSTRUCTURE: 1, BODY: 2 };

/** Per-entry overhead in bytes (map slot, string header), on top of the string's characters. */
const entryOverhead = 64;

/** V8 keeps a string whose characters all fit in one byte at one byte a character. */
const twoByteCharacter = /[^\x00-\xff]/;

function sizeOf(text: string): number {
  return text.length * (twoByteCharacter.test(text) ? 2 : 1) + entryOverhead;
}

/**
 * Two generations instead of an exact LRU list: new and used texts go to the young map; when it
 * holds half the budget, it becomes the old one and the old one is dropped. Every operation is
 * O(1), where evicting one entry at a time from an insertion-ordered Map made each insertion
 * skip the holes left by earlier deletions (quadratic on a 100,000-message FETCH). A text used
 * within the last half budget of insertions survives.
 */
export class SummaryTextCache {
  private young = new Map<number, string>();
  private old = new Map<number, string>();
  private youngBytes = 0;
  private oldBytes = 0;

  /** 192 MiB: the ENVELOPE and BODYSTRUCTURE of ~100,000 typical messages, twice. */
  constructor(readonly maxBytes = 192 * 1024 * 1024) {}

  get bytes(): number {
    return this.youngBytes + this.oldBytes;
  }

  private static key(messageId: number, kind: SummaryKind, isUtf8: boolean): number {
    return messageId * 8 + kindIndex[kind] * 2 + (isUtf8 ? 1 : 0);
  }

  /** True when cached; a hit is kept young, so a following get() in the same FETCH finds it. */
  has(messageId: number, kind: SummaryKind, isUtf8: boolean): boolean {
    return this.get(messageId, kind, isUtf8) !== undefined;
  }

  get(messageId: number, kind: SummaryKind, isUtf8: boolean): string | undefined {
    const key = SummaryTextCache.key(messageId, kind, isUtf8);
    const young = this.young.get(key);
    if (young !== undefined) return young;
    const old = this.old.get(key);
    if (old !== undefined) this.addYoung(key, old);
    return old;
  }

  set(messageId: number, kind: SummaryKind, isUtf8: boolean, text: string): void {
    const key = SummaryTextCache.key(messageId, kind, isUtf8);
    if (!this.young.has(key)) this.addYoung(key, text);
  }

  private addYoung(key: number, text: string): void {
    const size = sizeOf(text);
    const half = this.maxBytes / 2;
    if (size > half) return;
    if (this.youngBytes + size > half) {
      this.old = this.young;
      this.oldBytes = this.youngBytes;
      this.young = new Map();
      this.youngBytes = 0;
    }
    this.young.set(key, text);
    this.youngBytes += size;
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
