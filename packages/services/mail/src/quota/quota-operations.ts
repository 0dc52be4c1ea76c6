// Mailbox quota as IMAP QUOTA (RFC 9208) and JMAP Quota report it: one quota root per account,
// with the storage used against the account's own limit, else its class of service's. Changing a
// limit is an administrator's act (RFC 9208 §4.1.3 SETQUOTA), done through the directory.
import { ChasquiError, type Clock } from '@chasqui/core';
import { ClassesOfService } from '@chasqui/directory';
import type { Store } from '@chasqui/store';

/** One quota resource: usage and limit in its unit (octets for storage, messages for count). */
export interface QuotaResource {
  readonly used: number;
  /** null: no limit. */
  readonly limit: number | null;
}

export interface QuotaUsage {
  /** The account the root belongs to. */
  readonly accountId: number;
  readonly address: string;
  readonly storage: QuotaResource;
  /** Message count; no class of service limits it yet, so its limit is null. */
  readonly messages: QuotaResource;
}

export class QuotaOperations {
  private readonly classes: ClassesOfService;

  constructor(
    private readonly store: Store,
    clock: Clock,
  ) {
    this.classes = new ClassesOfService(store, clock);
  }

  /** The quota root of an account: its usage and limits. */
  async usage(accountId: number): Promise<QuotaUsage> {
    const account = await this.store.accounts.getById(accountId);
    if (!account) throw new ChasquiError('NOT_FOUND', 'no such account');
    const limits = await this.classes.limitsOf(account);
    return {
      accountId,
      address: account.address,
      storage: { used: account.usedBytes, limit: limits.quotaBytes },
      messages: { used: account.messageCount, limit: null },
    };
  }

  /**
   * Sets an account's storage limit (null: back to its class's). Only administrators may:
   * FORBIDDEN otherwise.
   */
  async setStorageLimit(actorAccountId: number, accountId: number, limitBytes: number | null): Promise<void> {
    const actor = await this.store.accounts.getById(actorAccountId);
    if (actor?.role !== 'admin') throw new ChasquiError('FORBIDDEN', 'only administrators set quotas');
    if (limitBytes !== null && (!Number.isSafeInteger(limitBytes) || limitBytes < 0)) {
      throw new ChasquiError('INVALID_ARGUMENT', 'quota must be a positive number of bytes');
    }
    await this.store.accounts.update(accountId, { quotaBytes: limitBytes });
  }
}
