// The quota that applies to an account (its own, else its class of service's) against its usage,
// read inside the writer's transaction so concurrent writers are counted exactly.
import { ChasquiError } from '@chasqui/core';
import type { SqlExecutor } from '../sql/driver.js';

/** NOT_FOUND for an unknown account, QUOTA_EXCEEDED when `addedBytes` would pass the quota. */
export async function checkQuota(tx: SqlExecutor, accountId: number, addedBytes: number): Promise<void> {
  const account = await tx.get<{ quota_bytes: number | null; used_bytes: number }>(
    `SELECT COALESCE(a.quota_bytes, c.quota_bytes) AS quota_bytes, a.used_bytes
     FROM accounts a LEFT JOIN classes_of_service c ON c.id = a.cos_id WHERE a.id = ?`,
    [accountId],
  );
  if (!account) throw new ChasquiError('NOT_FOUND', `account ${accountId} not found`);
  if (account.quota_bytes !== null && account.used_bytes + addedBytes > account.quota_bytes) {
    throw new ChasquiError('QUOTA_EXCEEDED');
  }
}
