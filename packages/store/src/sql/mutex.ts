// A FIFO async mutex: one transaction at a time on a single SQLite connection.

export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();
  /** Holders running or waiting: while zero, synchronous work needs no turn in the queue. */
  private holders = 0;

  /** Runs `work` after every earlier holder has finished. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.holders++;
    let release: () => void = () => undefined;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await work();
    } finally {
      this.holders--;
      release();
    }
  }

  /**
   * Runs synchronous `work` at once when nobody holds or waits for the mutex (a single read, the
   * common case: no promise chain), else after the earlier holders as run() does.
   */
  runSync<T>(work: () => T): Promise<T> {
    if (this.holders > 0) return this.run(() => Promise.resolve(work()));
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
