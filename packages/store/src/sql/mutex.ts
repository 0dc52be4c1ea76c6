// A FIFO async mutex: one transaction at a time on a single SQLite connection.

export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `work` after every earlier holder has finished. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    let release: () => void = () => undefined;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
