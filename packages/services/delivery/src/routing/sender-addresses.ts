// The addresses an authenticated user may send as: the account's own address and the aliases
// that deliver to it. (Delegations granted by other users join here when sharing lands.)
import type { Account, Store } from '@chasqui/store';

export async function ownedAddresses(store: Store, account: Account): Promise<Set<string>> {
  const owned = new Set([account.address.toLowerCase()]);
  const aliases = await store.aliases.list({ domainId: account.domainId });
  for (const alias of aliases) {
    if (alias.targets.some((target) => target.toLowerCase() === account.address.toLowerCase())) {
      owned.add(alias.address.toLowerCase());
    }
  }
  return owned;
}
