// The global address list: active accounts and distribution lists of the server's enabled
// domains, cached per process for a short time (thousands of entries filter in well under a
// millisecond; a directory change shows after at most one TTL).
import type { Clock } from '@chasqui/core';
import type { Store } from '@chasqui/store';
import { recipientSearchText } from './search-text.js';

export interface DirectoryEntry {
  readonly name: string | null;
  readonly address: string;
  readonly kind: 'gal' | 'list';
  readonly searchText: string;
}

// RFC 2142 role mailboxes and automated senders: real addresses, but nobody's correspondent.
const systemLocalParts = new Set([
  'postmaster',
  'abuse',
  'hostmaster',
  'webmaster',
  'mailer-daemon',
  'noreply',
  'no-reply',
  'root',
]);

function isSystemAddress(address: string): boolean {
  return systemLocalParts.has(address.slice(0, address.lastIndexOf('@')));
}

function entry(name: string, address: string, kind: DirectoryEntry['kind']): DirectoryEntry {
  const shown = name.trim() === '' ? null : name.trim();
  return { name: shown, address, kind, searchText: recipientSearchText(shown, address) };
}

export class GlobalAddressList {
  private cached: { readonly entries: readonly DirectoryEntry[]; readonly loadedAt: number } | null = null;
  private loading: Promise<readonly DirectoryEntry[]> | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** Every entry, from the cache while it is fresh; one load at a time refreshes it. */
  async entries(): Promise<readonly DirectoryEntry[]> {
    const cached = this.cached;
    if (cached && this.clock.now() - cached.loadedAt < this.ttlMs) return cached.entries;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** Forgets the cache (after a directory change made by this process). */
  invalidate(): void {
    this.cached = null;
  }

  private async load(): Promise<readonly DirectoryEntry[]> {
    const [domains, accounts, groups] = await Promise.all([
      this.store.domains.list(),
      this.store.accounts.list(),
      this.store.groups.list(),
    ]);
    const enabled = new Set(domains.filter((domain) => domain.isEnabled).map((domain) => domain.id));
    const entries: DirectoryEntry[] = [];
    for (const account of accounts) {
      if (account.state === 'disabled' || !enabled.has(account.domainId)) continue;
      if (isSystemAddress(account.address)) continue;
      entries.push(entry(account.displayName, account.address, 'gal'));
    }
    for (const group of groups) {
      if (enabled.has(group.domainId)) entries.push(entry(group.name, group.address, 'list'));
    }
    this.cached = { entries, loadedAt: this.clock.now() };
    return entries;
  }
}
