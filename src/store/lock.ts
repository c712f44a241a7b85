/**
 * A FIFO async lock: one holder at a time, waiters served in order. The SQLite store uses it
 * to keep other callers' statements out of an open transaction on its single connection.
 */
export class AsyncLock {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;

  /** True while a holder runs or waits: callers that need no exclusivity may go straight in otherwise. */
  get busy(): boolean {
    return this.holders > 0;
  }

  /**
   * Runs `fn` once every earlier holder is done.
   *
   * @example
   * const lock = new AsyncLock();
   * await lock.run(async () => { await step1(); await step2(); });
   */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    this.holders++;
    try {
      await previous;
      return await fn();
    } finally {
      this.holders--;
      release();
    }
  }
}
