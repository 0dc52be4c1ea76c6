// An in-memory copy of each busy mailbox's listing (UID, flags, modseq), kept exact by the
// change log: a listing costs one row read when nothing changed, and only the changes otherwise.
// Every writer bumps the mailbox's highest_modseq, so other processes' writes are seen too.
import type { ChangeLogRepository, MailboxEntry, MailboxListing } from '../interfaces/index.js';
import type { SqlExecutor } from '../sql/driver.js';

interface CachedListing {
  readonly modseq: number;
  readonly entries: readonly MailboxEntry[];
}

export interface IndexSources {
  readonly db: SqlExecutor;
  readonly changes: ChangeLogRepository;
  readonly loadAll: (mailboxId: number) => Promise<MailboxEntry[]>;
  readonly loadChanged: (mailboxId: number, modseq: number) => Promise<MailboxEntry[]>;
}

/** Mailboxes smaller than this are read straight from the database. */
const minCachedSize = 2000;

/** Index of `uid` in entries sorted by UID, or -1. */
function findUid(entries: readonly MailboxEntry[], uid: number): number {
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = entries[middle]?.uid ?? 0;
    if (found === uid) return middle;
    if (found < uid) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

export class MailboxIndexCache {
  private readonly listings = new Map<number, CachedListing>();
  private cachedEntries = 0;

  constructor(
    private readonly sources: IndexSources,
    private readonly maxEntries = 2_000_000,
  ) {}

  /** The listing; a cached one is returned as is (shared: callers copy before changing it). */
  async list(mailboxId: number): Promise<MailboxListing> {
    const mailbox = await this.sources.db.get<{ account_id: number; highest_modseq: number }>(
      'SELECT account_id, highest_modseq FROM mailboxes WHERE id = ?',
      [mailboxId],
    );
    if (!mailbox) return { entries: [], highestModseq: 0 };
    const highestModseq = mailbox.highest_modseq;
    const cached = this.listings.get(mailboxId);
    if (cached?.modseq === highestModseq) {
      this.touch(mailboxId, cached);
      return { entries: cached.entries, highestModseq };
    }
    const entries =
      cached && (await this.sources.changes.horizon(mailbox.account_id)) <= cached.modseq
        ? await this.refresh(mailboxId, mailbox.account_id, cached)
        : await this.sources.loadAll(mailboxId);
    this.store(mailboxId, { modseq: highestModseq, entries });
    return { entries, highestModseq };
  }

  /**
   * Applies the changes since the cached modseq. UIDs only grow, so a changed entry either
   * replaces one in place (found by binary search) or is new and goes after the rest.
   */
  private async refresh(
    mailboxId: number,
    accountId: number,
    cached: CachedListing,
  ): Promise<MailboxEntry[]> {
    const [changed, tombstones] = await Promise.all([
      this.sources.loadChanged(mailboxId, cached.modseq),
      this.sources.changes.since(accountId, cached.modseq, { type: 'email', mailboxId, limit: 1_000_000 }),
    ]);
    const entries = [...cached.entries];
    const added: MailboxEntry[] = [];
    for (const entry of changed) {
      const position = findUid(entries, entry.uid);
      if (position >= 0) entries[position] = entry;
      else added.push(entry);
    }
    const live = new Set(changed.map((entry) => entry.uid));
    const removed = new Set<number>();
    for (const change of tombstones) {
      if (change.op === 'destroyed' && change.uid !== null && !live.has(change.uid)) removed.add(change.uid);
    }
    const kept = removed.size > 0 ? entries.filter((entry) => !removed.has(entry.uid)) : entries;
    const lastUid = kept.at(-1)?.uid ?? 0;
    if (added.some((entry) => entry.uid < lastUid)) return [...kept, ...added].sort((a, b) => a.uid - b.uid);
    return kept.concat(added.sort((a, b) => a.uid - b.uid));
  }

  private store(mailboxId: number, listing: CachedListing): void {
    const previous = this.listings.get(mailboxId);
    this.cachedEntries -= previous?.entries.length ?? 0;
    this.listings.delete(mailboxId);
    if (listing.entries.length < minCachedSize) return;
    this.listings.set(mailboxId, listing);
    this.cachedEntries += listing.entries.length;
    for (const [id, oldest] of this.listings) {
      if (this.cachedEntries <= this.maxEntries) break;
      this.listings.delete(id);
      this.cachedEntries -= oldest.entries.length;
    }
  }

  /** Map order is the eviction order: a hit moves the mailbox to the young end. */
  private touch(mailboxId: number, listing: CachedListing): void {
    this.listings.delete(mailboxId);
    this.listings.set(mailboxId, listing);
  }
}
