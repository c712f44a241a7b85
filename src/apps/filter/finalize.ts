import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AtomicFile, writeFileAtomic } from '../../core/atomic.js';
import { writeHfDatasetDict, writeHfDatasetMetadata } from '../../io/hf-dataset.js';
import type { Manifest, ShardPlan } from '../../pipeline/run-dir.js';
import { filterSpecOf, type FilterSpec } from './config.js';
import { judgmentsCsv } from './csv.js';
import { judgmentColumns, readJudgments, type JudgmentRow } from './judgments-file.js';
import { filterPaths } from './layout.js';
import { renderFilterReport } from './report-html.js';
import type { FilterReport } from './report.js';
import { ReportBuilder } from './report-builder.js';
import type { RowVerdicts } from './verdicts.js';

export interface ReportOptions {
  /** Recompute decisions with this classifier threshold (rethreshold). */
  threshold?: number | undefined;
  /** Also write the first N judgments as CSV to this file (Infinity: all). */
  csv?: { path: string; limit: number } | undefined;
  onRow?: (row: JudgmentRow, verdicts: RowVerdicts) => void;
  /** Called after each row group's rows went through `onRow` (write out what they produced). */
  afterRows?: () => Promise<void>;
}

/**
 * Reads every shard's judgments in plan order and folds them into the report (and the CSV of
 * the first N judgments). Deterministic: the same run gives the same counts whether it ran in
 * one go or was killed and resumed.
 *
 * @example
 * const dir = new RunDir('out/f');
 * const report = await buildReport('out/f', await dir.readManifest(), await dir.readPlan(), { threshold: 0.8 });
 */
export async function buildReport(runDir: string, manifest: Manifest, plan: readonly ShardPlan[], options: ReportOptions = {}): Promise<FilterReport> {
  const spec = filterSpecOf(manifest.config);
  const paths = filterPaths(runDir);
  const builder = new ReportBuilder(spec.filters, { threshold: options.threshold, labelled: spec.labelField !== undefined });
  const csv = options.csv && options.csv.limit > 0 ? await AtomicFile.open(options.csv.path) : undefined;
  const format = judgmentsCsv(judgmentColumns(spec.filters));
  let csvRows = 0;
  try {
    if (csv) await csv.write(format.header);
    for (const shard of plan) {
      for await (const rows of readJudgments(paths.judgmentsFile(shard.id))) {
        builder.add(rows, options.onRow);
        await options.afterRows?.();
        if (csv && csvRows < options.csv!.limit) {
          const take = rows.slice(0, Math.max(0, options.csv!.limit - csvRows));
          csvRows += take.length;
          await csv.write(take.map(format.line).join(''));
        }
      }
    }
    await csv?.commit();
  } catch (error) {
    await csv?.abort();
    throw error;
  }
  const stats = manifest.stats;
  const stageMs = new Map((stats?.stages ?? []).map((s) => [s.name, s.ms]));
  const rejects = (stats?.read.rejects ?? 0) + (stats?.stages ?? []).reduce((n, s) => n + s.errors, 0);
  const llmFailed = stats?.stages.find((s) => s.name === 'llm')?.errors ?? 0;
  return builder.finish({
    runDir,
    spec,
    rejects,
    stageMs,
    llmFailed,
    ...(stats
      ? {
          throughput: {
            wall_s: Math.round(stats.wall_ms) / 1000,
            records_per_s: stats.records_per_s,
            mb_per_s: stats.mb_per_s,
            executor: manifest.executor?.name ?? 'unknown',
            workers: manifest.executor?.workers ?? 1,
            shards: manifest.shards,
          },
        }
      : {}),
  });
}

/**
 * What a filter run writes once every shard is done: Hugging Face metadata for `removed/` (when
 * the output is a dataset folder), `report.json`, `report.html` and `judgments.csv`. All of it
 * is derived from finished shards, so it is simply redone on a re-run.
 *
 * @example
 * const { report } = await finalizeFilterRun('out/f', manifest, plan, 100);
 */
export async function finalizeFilterRun(
  runDir: string,
  manifest: Manifest,
  plan: readonly ShardPlan[],
  logJudgments: number | undefined,
): Promise<{ report: FilterReport; spec: FilterSpec }> {
  const paths = filterPaths(runDir);
  if (manifest.config.output_format === 'hf') await writeRemovedHfMetadata(paths.removedDir, plan);
  if (logJudgments === undefined) await rm(paths.judgmentsCsv, { force: true });
  const report = await buildReport(runDir, manifest, plan, logJudgments === undefined ? {} : { csv: { path: paths.judgmentsCsv, limit: logJudgments } });
  await writeFileAtomic(paths.reportJson, JSON.stringify(report, null, 2) + '\n');
  await writeFileAtomic(paths.reportHtml, renderFilterReport(report));
  return { report, spec: report.spec };
}

/** `removed/` as a dataset folder, the way the runner finishes `output/`. */
async function writeRemovedHfMetadata(dir: string, plan: readonly ShardPlan[]): Promise<void> {
  const bySplit = new Map<string, string[]>();
  for (const shard of plan) {
    const key = shard.part.split ?? '';
    const list = bySplit.get(key) ?? [];
    list.push(shard.output.slice(shard.output.lastIndexOf('/') + 1));
    bySplit.set(key, list);
  }
  const splits = [...bySplit.keys()].filter(Boolean);
  for (const [split, files] of bySplit) {
    const folder = split ? join(dir, split) : dir;
    await mkdir(folder, { recursive: true });
    if (files.every((f) => existsSync(join(folder, f)))) await writeHfDatasetMetadata(folder, files, split || undefined);
  }
  if (splits.length > 0) await writeHfDatasetDict(dir, splits);
}
