import { WardenError } from '../../../core/errors.js';

export interface WriteQueueOptions {
  batchSize: number;
  /** 0 writes as soon as possible; otherwise the longest an item waits for companions. */
  flushIntervalMs: number;
  maxPending: number;
  /** Called once per failed batch, with how many items it held. */
  onError?: ((error: unknown, lost: number) => void) | undefined;
}

/**
 * Items that will be written in one batch, and the one promise all their push() calls share:
 * a queue under load allocates a promise per batch, not per item.
 */
interface Segment<T> {
  items: T[];
  done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Groups items into batches written one transaction at a time, off the caller's path: while a
 * batch is being written the next one fills up, so batches grow with load and an idle queue
 * writes within `flushIntervalMs`. Memory is bounded: past `maxPending` waiting items, push
 * rejects. Returned promises are marked handled, so a caller that does not await one cannot
 * crash the process with an unhandled rejection; failures also reach `onError`.
 */
export class WriteQueue<T> {
  /** Waiting segments, oldest first; only the last one takes new items, until it holds batchSize. */
  private segments: Segment<T>[] = [];
  private waiting = 0;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly options: WriteQueueOptions,
  ) {}

  get size(): number {
    return this.waiting;
  }

  /**
   * Queues one item; resolves when its batch is written (the promise is shared by the batch).
   *
   * @example
   * const queue = new WriteQueue(async (rows) => insertAll(rows), { batchSize: 100, flushIntervalMs: 20, maxPending: 10_000 });
   * void queue.push(row); // or await it
   */
  push(item: T): Promise<void> {
    if (this.waiting >= this.options.maxPending) {
      const error = new WardenError('W_STORE', `audit write queue is full (${this.options.maxPending} entries waiting): the database is too slow or unreachable`);
      this.options.onError?.(error, 1);
      return handled(Promise.reject(error));
    }
    let segment = this.segments[this.segments.length - 1];
    if (!segment || segment.items.length >= this.options.batchSize) {
      segment = newSegment<T>();
      this.segments.push(segment);
    }
    segment.items.push(item);
    this.waiting++;
    if (segment.items.length >= this.options.batchSize || this.options.flushIntervalMs <= 0) this.kick();
    // Not unref'd: a queued entry keeps the process alive the few ms until it is written.
    else if (!this.timer && !this.draining) this.timer = setTimeout(() => this.kick(), this.options.flushIntervalMs);
    return segment.done;
  }

  /** Resolves when everything pushed so far is written or failed. */
  async flush(): Promise<void> {
    while (this.waiting > 0 || this.draining) {
      this.kick();
      await this.draining;
    }
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.draining && this.waiting > 0) this.draining = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      for (let segment = this.segments.shift(); segment; segment = this.segments.shift()) {
        this.waiting -= segment.items.length;
        try {
          await this.write(segment.items);
          segment.resolve();
        } catch (error) {
          this.options.onError?.(error, segment.items.length);
          segment.reject(error);
        }
      }
    } finally {
      // Cleared in the same microtask the loop ends in, so a push right after starts a new drain.
      this.draining = undefined;
    }
  }
}

function newSegment<T>(): Segment<T> {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = handled(
    new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    }),
  );
  return { items: [], done, resolve, reject };
}

function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}
