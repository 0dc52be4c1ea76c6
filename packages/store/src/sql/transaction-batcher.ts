// Group commit (ARCHITECTURE.md §3): writes that arrive while a transaction runs go together into
// the next one, so 64 concurrent deliveries pay one COMMIT (one fsync) instead of 64. Each
// caller's promise settles after that COMMIT. A write that throws rolls back its whole batch:
// callers whose failure is expected (quota, a missing mailbox) return it as a value instead.
import type { SqlDriver, SqlExecutor } from './driver.js';

interface Pending<Item, Result> {
  readonly item: Item;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

export class TransactionBatcher<Item, Result> {
  private queue: Pending<Item, Result>[] = [];
  private isRunning = false;

  constructor(
    private readonly db: SqlDriver,
    private readonly writeOne: (tx: SqlExecutor, item: Item) => Promise<Result>,
    private readonly maxBatch = 256,
  ) {}

  /** Resolves with `writeOne`'s result once the transaction that holds it has committed. */
  submit(item: Item): Promise<Result> {
    const [result] = this.submitAll([item]);
    if (result === undefined) throw new Error('submitAll returned no promise');
    return result;
  }

  /**
   * Queues `items` together, in this order: they are written in this order, in the same
   * transactions (one when they fit in a batch and none is running yet).
   */
  submitAll(items: readonly Item[]): Promise<Result>[] {
    const results = items.map(
      (item) =>
        new Promise<Result>((resolve, reject) => {
          this.queue.push({ item, resolve, reject });
        }),
    );
    if (!this.isRunning) void this.drain();
    return results;
  }

  private async drain(): Promise<void> {
    this.isRunning = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.db.transaction(async (tx) => {
          const done: Result[] = [];
          for (const pending of batch) done.push(await this.writeOne(tx, pending.item));
          return done;
        });
        batch.forEach((pending, index) => {
          pending.resolve(results[index] as Result);
        });
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.isRunning = false;
  }
}
