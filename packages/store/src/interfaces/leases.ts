// Named leases shared by every process and node of a deployment (see migration 015).

export interface LeaseRepository {
  /** Takes `name` for `holder` for `ttlMs` if it is free, expired or already theirs; true when taken. */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extends a lease `holder` still owns; false when it was lost (expired and taken by another). */
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up; a lease held by someone else is left alone. */
  release(name: string, holder: string): Promise<void>;
}
