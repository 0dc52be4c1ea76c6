// Where mail for an address goes (RCPT TO): account, alias, group, catch-all, or nowhere.
import { parseEmailAddress, stripSubaddress } from '@chasqui/core';
import type { Account, Alias, Group, Store } from '@chasqui/store';

export type RecipientResolution =
  | { kind: 'account'; account: Account }
  | { kind: 'alias'; alias: Alias; targets: readonly string[] }
  | { kind: 'group'; group: Group }
  | { kind: 'unknown' }
  | { kind: 'external' };

async function resolveExact(store: Store, address: string): Promise<RecipientResolution | null> {
  const account = await store.accounts.getByAddress(address);
  if (account) return { kind: 'account', account };
  const alias = await store.aliases.getByAddress(address);
  if (alias) return { kind: 'alias', alias, targets: alias.targets };
  const group = await store.groups.getByAddress(address);
  if (group) return { kind: 'group', group };
  return null;
}

/** Resolves an address; `ana+proyecto@x` falls back to `ana@x`, then to the domain's catch-all. */
export async function resolveRecipient(store: Store, input: string): Promise<RecipientResolution> {
  const parsed = parseEmailAddress(input);
  if (!parsed) return { kind: 'unknown' };
  const domain = await store.domains.getByName(parsed.domain);
  if (!domain) return { kind: 'external' };
  const exact = await resolveExact(store, parsed.address);
  if (exact) return exact;
  const base = stripSubaddress(parsed);
  if (base.address !== parsed.address) {
    const viaBase = await resolveExact(store, base.address);
    if (viaBase) return viaBase;
  }
  if (domain.catchAll !== null && domain.catchAll !== parsed.address) {
    const catchAll = await resolveExact(store, domain.catchAll);
    if (catchAll) return catchAll;
  }
  return { kind: 'unknown' };
}
