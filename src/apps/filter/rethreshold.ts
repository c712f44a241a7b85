import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AtomicFile, tempPathFor, writeFileAtomic } from '../../core/atomic.js';
import { WardenError } from '../../core/errors.js';
import { RunDir } from '../../pipeline/run-dir.js';
import { filterSpecOf } from './config.js';
import { buildReport } from './finalize.js';
import { filterPaths } from './layout.js';
import { renderFilterReport } from './report-html.js';
import type { FilterReport } from './report.js';

export interface RethresholdResult {
  dir: string;
  report: FilterReport;
  /** The run's own report, for comparison. */
  before: { removed: number; threshold: number };
}

/**
 * Recomputes a finished filter run's decisions with another classifier threshold from the
 * logged max chunk scores: no record is read or scored again. Writes `report.json`,
 * `report.html`, `kept-ids.jsonl` and `removed-ids.jsonl` (one `{"id","split"}` per line) to
 * `RUN_DIR/rethreshold/threshold-T/`, which appears whole or not at all (staged, then renamed).
 * Records that the new threshold sends on to a later stage (the LLM judge) that never saw them
 * are counted as removed and reported as `unjudged`.
 *
 * @example
 * const { report } = await rethreshold('out/filter', 0.8);
 * console.log(report.totals.removed);
 */
export async function rethreshold(runDir: string, threshold: number): Promise<RethresholdResult> {
  if (!(threshold >= 0 && threshold <= 1)) throw new WardenError('W_USAGE', `--threshold must be in [0, 1] (got ${threshold})`);
  const dir = new RunDir(runDir);
  if (!dir.exists()) throw new WardenError('W_IO_NOT_FOUND', 'not a run directory (no manifest.json)', { where: runDir });
  const manifest = await dir.readManifest();
  if (manifest.status !== 'complete') {
    throw new WardenError('W_RUN_MISMATCH', `the run is ${manifest.status}, not complete; re-run the same \`warden filter run\` command to finish it first`, { where: runDir });
  }
  const spec = filterSpecOf(manifest.config);
  if (!spec.classifier) throw new WardenError('W_USAGE', `the run has no classifier stage (cascade: ${spec.filters.join(',')}); there is no score to rethreshold`, { where: runDir });
  const plan = await dir.readPlan();
  const target = filterPaths(runDir).rethresholdDir(threshold);
  await removeStaleStaging(dirname(target), basename(target));
  const staging = tempPathFor(target);
  await mkdir(staging, { recursive: true });
  try {
    const kept = await AtomicFile.open(join(staging, 'kept-ids.jsonl'));
    const removed = await AtomicFile.open(join(staging, 'removed-ids.jsonl'));
    let keptBuf = '';
    let removedBuf = '';
    const report = await buildReport(runDir, manifest, plan, {
      threshold,
      onRow(row, verdicts) {
        const line = JSON.stringify({ id: row.id, split: row.split ?? null }) + '\n';
        if (verdicts.removed) removedBuf += line;
        else keptBuf += line;
      },
      // One row group at a time, so memory stays bounded whatever the size of the run.
      async afterRows() {
        await kept.write(keptBuf);
        await removed.write(removedBuf);
        keptBuf = '';
        removedBuf = '';
      },
    });
    await kept.commit();
    await removed.commit();
    await writeFileAtomic(join(staging, 'report.json'), JSON.stringify(report, null, 2) + '\n');
    await writeFileAtomic(join(staging, 'report.html'), renderFilterReport(report));
    const old = existsSync(target) ? tempPathFor(target) : undefined;
    if (old) await rename(target, old);
    await rename(staging, target);
    if (old) await rm(old, { recursive: true, force: true });
    const original = manifest.stats?.stages.find((s) => s.name === 'decision')?.dropped ?? 0;
    return { dir: target, report, before: { removed: original, threshold: spec.classifier.threshold } };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Staging folders a killed rethreshold to the same threshold left behind (the run directory only
 * cleans temp files). Other thresholds' folders are left alone: they may be in use.
 */
async function removeStaleStaging(root: string, name: string): Promise<void> {
  if (!existsSync(root)) return;
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith(`.tmp-${name}-`)) await rm(join(root, entry.name), { recursive: true, force: true });
  }
}
