/**
 * Runs keyed jobs with at most `limit` at once: a key already queued or running is not added
 * twice. The first job error is kept in `failure` (jobs record their own outcomes; an error
 * here is a store failure that must stop the run). `onSettled` runs after each job.
 *
 * @example
 * const pool = new CallPool(8, () => wake());
 * pool.add('item-1', () => callOne(row));
 */
export class CallPool {
  private readonly queue: { key: string; job: () => Promise<void> }[] = [];
  private readonly keys = new Set<string>();
  private running = 0;
  failure: unknown;

  constructor(
    private readonly limit: number,
    private readonly onSettled: () => void,
  ) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Jobs running now. */
  get active(): number {
    return this.running;
  }

  /** Jobs waiting for a slot. */
  get queued(): number {
    return this.queue.length;
  }

  add(key: string, job: () => Promise<void>): void {
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.queue.push({ key, job });
    this.pump();
  }

  /** Drops the jobs that have not started. */
  clear(): void {
    for (const { key } of this.queue.splice(0)) this.keys.delete(key);
  }

  private pump(): void {
    while (this.running < this.limit && this.queue.length > 0) {
      const { key, job } = this.queue.shift()!;
      this.running++;
      job()
        .catch((error: unknown) => {
          this.failure ??= error;
        })
        .finally(() => {
          this.running--;
          this.keys.delete(key);
          this.onSettled();
          this.pump();
        });
    }
  }
}
