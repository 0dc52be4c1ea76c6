// RFC 8620 §2 maxConcurrentRequests / maxConcurrentUpload: requests in progress per account,
// counted on this node.
export class ConcurrencyGate {
  private readonly inFlight = new Map<number, number>();

  constructor(private readonly max: number) {}

  /** Runs `work` if the account is under its limit; returns null (nothing run) otherwise. */
  async run<T>(accountId: number, work: () => Promise<T>): Promise<{ value: T } | null> {
    const current = this.inFlight.get(accountId) ?? 0;
    if (current >= this.max) return null;
    this.inFlight.set(accountId, current + 1);
    try {
      return { value: await work() };
    } finally {
      const left = (this.inFlight.get(accountId) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(accountId);
      else this.inFlight.set(accountId, left);
    }
  }
}
