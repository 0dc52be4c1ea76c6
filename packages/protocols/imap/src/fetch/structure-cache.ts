// ENVELOPE, BODYSTRUCTURE and BODY of messages already fetched, by message id: messages never
// change, so a second FETCH of them needs neither the raw bytes nor a MIME parse. A least
// recently used cache bounded by an estimate of the bytes it holds, one per mail service (ids
// are those of its store).
import type { ImapValue } from '../proto/index.js';

export type StructureKind = 'ENVELOPE' | 'BODYSTRUCTURE' | 'BODY';

const kindIndex: Readonly<Record<StructureKind, number>> = { ENVELOPE: 0, BODYSTRUCTURE: 1, BODY: 2 };

export function isStructureKind(kind: string): kind is StructureKind {
  return kind === 'ENVELOPE' || kind === 'BODYSTRUCTURE' || kind === 'BODY';
}

/** A rough size in memory: strings at two bytes a character, a little per node. */
function sizeOf(value: ImapValue): number {
  if (value === null) return 8;
  if (typeof value === 'string') return 24 + value.length * 2;
  if (Array.isArray(value)) {
    let size = 32 + value.length * 8;
    for (const item of value as readonly ImapValue[]) size += sizeOf(item);
    return size;
  }
  if (Buffer.isBuffer(value)) return 96 + value.length;
  return 16;
}

interface CacheEntry {
  readonly value: ImapValue;
  readonly size: number;
}

export class StructureCache {
  private readonly entries = new Map<number, CacheEntry>();
  private size = 0;
  /** Values computed (cache misses stored), for tests and diagnostics. */
  stores = 0;

  constructor(readonly maxBytes = 64 * 1024 * 1024) {}

  get bytes(): number {
    return this.size;
  }

  private static key(messageId: number, kind: StructureKind): number {
    return messageId * 4 + kindIndex[kind];
  }

  has(messageId: number, kind: StructureKind): boolean {
    return this.entries.has(StructureCache.key(messageId, kind));
  }

  get(messageId: number, kind: StructureKind): ImapValue | undefined {
    const key = StructureCache.key(messageId, kind);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(messageId: number, kind: StructureKind, value: ImapValue): void {
    const key = StructureCache.key(messageId, kind);
    const size = sizeOf(value) + 64;
    if (size > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.size -= old.size;
    }
    this.entries.set(key, { value, size });
    this.size += size;
    this.stores++;
    for (const [oldest, entry] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.size -= entry.size;
    }
  }
}

const caches = new WeakMap<object, StructureCache>();

/** The cache for the messages of one mail service. */
export function structureCacheFor(owner: object): StructureCache {
  let cache = caches.get(owner);
  if (cache === undefined) {
    cache = new StructureCache();
    caches.set(owner, cache);
  }
  return cache;
}
