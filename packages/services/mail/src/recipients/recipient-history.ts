// Address autocomplete for composing: the recipients an account has written to ("contact",
// recorded at each send) merged with the global address list ("gal" accounts, "list"
// distribution lists). Matching ignores case and accents; ranking puts address/name prefixes
// first, then the most used, the most recent, and names in Spanish order.
import { parseEmailAddress, type Clock, type Logger } from '@chasqui/core';
import type { RecipientUse, Store } from '@chasqui/store';
import { GlobalAddressList } from './global-address-list.js';
import { foldQuery, matchQuality, recipientSearchText } from './search-text.js';

/** One recipient of a sent message, as found in To/Cc/Bcc. */
export interface RecipientAddress {
  readonly email: string;
  readonly name?: string | null;
}

export type RecipientKind = 'contact' | 'gal' | 'list';

export interface RecipientMatch {
  readonly name: string | null;
  readonly email: string;
  readonly kind: RecipientKind;
  readonly uses: number;
}

export interface RecipientHistoryOptions {
  /** Recipients remembered per account (least recently used forgotten first); default 5,000. */
  readonly keepPerAccount?: number;
  /** How long the global address list is cached; default 60 s. */
  readonly directoryTtlMs?: number;
}

interface Candidate extends RecipientMatch {
  readonly isPrefix: boolean;
  readonly lastUsed: number;
}

const collator = new Intl.Collator('es', { sensitivity: 'base' });

function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.isPrefix !== b.isPrefix) return a.isPrefix ? -1 : 1;
  if (a.uses !== b.uses) return b.uses - a.uses;
  if (a.lastUsed !== b.lastUsed) return b.lastUsed - a.lastUsed;
  return collator.compare(a.name ?? a.email, b.name ?? b.email);
}

export class RecipientHistory {
  private readonly directory: GlobalAddressList;
  private readonly keep: number;

  constructor(
    private readonly deps: { readonly store: Store; readonly clock: Clock; readonly logger: Logger },
    options: RecipientHistoryOptions = {},
  ) {
    this.keep = options.keepPerAccount ?? 5000;
    this.directory = new GlobalAddressList(deps.store, deps.clock, options.directoryTtlMs ?? 60_000);
  }

  /**
   * Counts one use of each valid address (duplicates once) for the account that sent a
   * message. Never throws: a failure is logged, the send it follows has already happened.
   */
  async record(accountId: number, addresses: readonly RecipientAddress[]): Promise<void> {
    const uses = new Map<string, RecipientUse>();
    for (const item of addresses) {
      const parsed = parseEmailAddress(item.email);
      if (!parsed) continue;
      const name = item.name?.trim() ? item.name.trim() : null;
      const known = uses.get(parsed.address);
      if (known && known.name !== null) continue;
      uses.set(parsed.address, {
        address: parsed.address,
        name,
        searchText: recipientSearchText(name, parsed.address),
      });
    }
    try {
      await this.deps.store.recipientHistory.record(
        accountId,
        [...uses.values()],
        this.deps.clock.now(),
        this.keep,
      );
    } catch (error) {
      this.deps.logger.error({ err: error, accountId }, 'recipients.record_failed');
    }
  }

  /** The best `limit` matches of `text` for the account; an empty query matches nothing. */
  async search(accountId: number, text: string, limit: number): Promise<RecipientMatch[]> {
    const query = foldQuery(text);
    if (query === '') return [];
    const [used, directory] = await Promise.all([
      this.deps.store.recipientHistory.search(accountId, query, limit),
      this.directory.entries(),
    ]);
    const byAddress = new Map<string, Candidate>();
    for (const entry of directory) {
      const quality = matchQuality(query, entry);
      if (quality === null) continue;
      const { name, address, kind } = entry;
      byAddress.set(address, {
        name,
        email: address,
        kind,
        uses: 0,
        lastUsed: 0,
        isPrefix: quality === 'prefix',
      });
    }
    for (const record of used) {
      const listed = byAddress.get(record.address);
      const searchText = recipientSearchText(record.name, record.address);
      const isPrefix = matchQuality(query, { address: record.address, searchText }) === 'prefix';
      byAddress.set(record.address, {
        name: listed?.name ?? record.name,
        email: record.address,
        kind: listed?.kind ?? 'contact',
        uses: record.uses,
        lastUsed: record.lastUsed,
        isPrefix: isPrefix || (listed?.isPrefix ?? false),
      });
    }
    return [...byAddress.values()]
      .sort(compareCandidates)
      .slice(0, limit)
      .map(({ name, email, kind, uses }) => ({ name, email, kind, uses }));
  }

  /** Drops the cached directory, e.g. after this process changed accounts or lists. */
  directoryChanged(): void {
    this.directory.invalidate();
  }
}
