// One address space for accounts, aliases and groups: claiming an address inside the
// creating transaction makes "is this address free?" race-free on both backends.
import type { SqlExecutor } from '../sql/driver.js';

export type AddressKind = 'account' | 'alias' | 'group';

/** Claims `address` for `kind`; a unique violation (taken) propagates to the caller. */
export async function claimAddress(
  tx: SqlExecutor,
  address: string,
  kind: AddressKind,
  domainId: number,
): Promise<void> {
  await tx.run('INSERT INTO addresses (address, kind, domain_id) VALUES (?, ?, ?)', [
    address,
    kind,
    domainId,
  ]);
}

/** Frees `address` after its owner row is gone. */
export async function releaseAddress(tx: SqlExecutor, address: string): Promise<void> {
  await tx.run('DELETE FROM addresses WHERE address = ?', [address]);
}
