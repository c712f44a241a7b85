import { rm } from 'node:fs/promises';
import { WardenError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/log.js';
import type { Executor } from '../../pipeline/executors/types.js';
import { RunDir } from '../../pipeline/run-dir.js';
import { runPipeline, type RunResult } from '../../pipeline/runner.js';
import { buildFilterRunConfig, type FilterRunOptions } from './config.js';
import { finalizeFilterRun } from './finalize.js';
import { filterPaths } from './layout.js';
import type { FilterReport } from './report.js';

export interface FilterRunControl {
  /** Resume only: fail when the run directory holds no run yet. */
  resume?: boolean;
  /** Delete an earlier run in the output directory first. */
  force?: boolean;
  /** Also write the first N judgments as CSV (Infinity: all of them). */
  logJudgments?: number | undefined;
  executor?: Executor;
  log?: Logger;
  progress?: boolean;
}

export interface FilterRunResult extends RunResult {
  report: FilterReport;
  paths: ReturnType<typeof filterPaths>;
}

/**
 * Runs the hazard-filter cascade over a corpus into a resumable run directory. The cascade is a
 * pipeline run (src/pipeline): one shard per checkpoint (`saveEvery` of the input), a completion
 * marker per shard, the same outputs for any number of workers or executors. Running it again
 * with the same options resumes; other options are refused (W_RUN_MISMATCH) unless `force`.
 *
 * @example
 * const result = await runFilter({ input: ['corpus.jsonl'], output: 'out/filter', filters: ['blocklist', 'classifier'],
 *   blocklist: 'terms.txt', classifier: 'models/demo-filter', saveEvery: 0.01 });
 * console.log(result.report.totals.removed);
 */
export async function runFilter(options: FilterRunOptions, control: FilterRunControl = {}): Promise<FilterRunResult> {
  const { config } = await buildFilterRunConfig(options);
  const dir = new RunDir(config.output);
  const paths = filterPaths(config.output);
  if (control.resume && control.force) throw new WardenError('W_USAGE', '--resume and --force contradict each other');
  if (control.resume && !dir.exists()) throw new WardenError('W_USAGE', 'nothing to resume: the output directory holds no run (drop --resume to start one)', { where: config.output });
  if (control.force) {
    // The runner clears its own files; the filter's live beside them.
    for (const path of [paths.removedDir, paths.judgmentsDir, paths.reportJson, paths.reportHtml, paths.judgmentsCsv, paths.rethresholdRoot]) {
      await rm(path, { recursive: true, force: true });
    }
  }
  const log = control.log ?? silentLogger;
  const result = await runPipeline(config, {
    force: control.force ?? false,
    log,
    ...(control.executor ? { executor: control.executor } : {}),
    ...(control.progress === undefined ? {} : { progress: control.progress }),
  });
  const plan = await dir.readPlan();
  const { report } = await finalizeFilterRun(config.output, result.manifest, plan, control.logJudgments);
  return { ...result, report, paths };
}
