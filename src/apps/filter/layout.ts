import { join } from 'node:path';

/**
 * Where a filter run keeps its files, beside the pipeline's own (manifest.json, plan.json,
 * `output/` = kept records, `_done/` markers, `rejects/`):
 *
 * - `removed/`            removed records, same format and shard names as `output/`
 * - `judgments/`          one Parquet file per shard: every record's verdicts, scores, terms, timings
 * - `judgments.csv`       the first N judgments (`--log-judgments N`)
 * - `report.json`, `report.html`
 * - `rethreshold/threshold-T/`  what `warden filter rethreshold --threshold T` wrote
 *
 * @example
 * filterPaths('out/f').judgmentsFile('part-00003'); // 'out/f/judgments/part-00003.parquet'
 */
export function filterPaths(runDir: string) {
  return {
    root: runDir,
    keptDir: join(runDir, 'output'),
    removedDir: join(runDir, 'removed'),
    removedFile: (output: string) => join(runDir, 'removed', output),
    judgmentsDir: join(runDir, 'judgments'),
    judgmentsFile: (shard: string) => join(runDir, 'judgments', `${shard}.parquet`),
    judgmentsCsv: join(runDir, 'judgments.csv'),
    reportJson: join(runDir, 'report.json'),
    reportHtml: join(runDir, 'report.html'),
    rethresholdRoot: join(runDir, 'rethreshold'),
    rethresholdDir: (threshold: number) => join(runDir, 'rethreshold', `threshold-${thresholdName(threshold)}`),
  };
}

/**
 * A threshold as a file-name part: decimal, never exponent notation.
 *
 * @example
 * thresholdName(1e-7); // '0.0000001'
 */
export function thresholdName(threshold: number): string {
  const text = String(threshold);
  if (!text.includes('e')) return text;
  let fixed = threshold.toFixed(20);
  let end = fixed.length;
  while (end > 1 && fixed[end - 1] === '0') end--;
  if (fixed[end - 1] === '.') end--;
  fixed = fixed.slice(0, end);
  return fixed;
}
