/** Small numeric helpers shared by the guard bench parts. */

export interface LatencySummary {
  count: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  mean_ms: number;
}

/** Nearest-rank percentile of an already sorted array. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** p50/p90/p99/max/mean of latencies in ms, rounded to µs. */
export function summarize(latencies: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  let sum = 0;
  for (const x of sorted) sum += x;
  return {
    count: sorted.length,
    p50_ms: round3(percentileSorted(sorted, 0.5)),
    p90_ms: round3(percentileSorted(sorted, 0.9)),
    p99_ms: round3(percentileSorted(sorted, 0.99)),
    max_ms: round3(sorted.length ? sorted[sorted.length - 1]! : Number.NaN),
    mean_ms: round3(sorted.length ? sum / sorted.length : Number.NaN),
  };
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
export const round2 = (x: number): number => Math.round(x * 100) / 100;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Shell-quoted command line, for printing the exact commands a run used. */
export function shellLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
