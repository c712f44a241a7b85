import type { AuditStore } from './types.js';

export interface RetentionOptions {
  /** Entries older than this many days are deleted. */
  retentionDays: number;
  /** How often to prune (ms, default one hour). The first prune runs right away. */
  intervalMs?: number;
  onPrune?: (deleted: number, before: Date) => void;
  onError?: (error: unknown) => void;
  /** Clock, for tests. */
  now?: () => number;
}

const DAY_MS = 86_400_000;

/** The cutoff for a retention in days: entries before it are expired. */
export function retentionCutoff(retentionDays: number, now: number = Date.now()): Date {
  return new Date(now - retentionDays * DAY_MS);
}

/**
 * Applies retention now and then periodically; returns a stop function that cancels the timer
 * and waits for a prune in progress. Runs never overlap, and the timer does not keep the
 * process alive.
 *
 * @example
 * const stop = startRetention(audit, { retentionDays: 30, onError: (e) => log.warn({ err: e }, 'audit prune failed') });
 * ...
 * await stop();
 */
export function startRetention(audit: Pick<AuditStore, 'prune'>, options: RetentionOptions): () => Promise<void> {
  const now = options.now ?? Date.now;
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    const before = retentionCutoff(options.retentionDays, now());
    running = audit
      .prune(before)
      .then((deleted) => options.onPrune?.(deleted, before), (error: unknown) => options.onError?.(error))
      .finally(() => (running = undefined));
  };
  tick();
  const timer = setInterval(tick, options.intervalMs ?? 3_600_000);
  timer.unref();
  return async function stopRetention() {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
