import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WardenError } from '../../../core/errors.js';
import type { InputFile } from '../../../io/inputs.js';
import type { FieldMap } from '../../../io/record.js';
import { RunDir, type Manifest } from '../../../pipeline/run-dir.js';
import type { OutputFormat } from '../../../pipeline/spec.js';
import { filterPaths } from '../layout.js';
import { inputFileOf } from './records.js';

/** One shard of a finished filter run: its kept and removed files and its judgments. */
export interface RunShard {
  id: string;
  split: string;
  kept: InputFile;
  removed: InputFile | undefined;
  judgments: string;
}

/** What dataset surgery needs to know about a finished `warden filter run` directory. */
export interface FilterRunView {
  root: string;
  manifest: Manifest;
  fields: FieldMap;
  format: OutputFormat;
  /** Split names in plan order; '' when the input had no splits. */
  splits: string[];
  shards: RunShard[];
}

/**
 * Opens a finished filter run (layout in ../layout.ts: `output/` kept records, `removed/`
 * removed records with the same shard names, `judgments/<shard>.parquet`), checking that it is
 * complete and that every file it lists is there.
 *
 * @example
 * const run = await openFilterRun('out/filter');
 * run.shards.map((s) => s.kept.path);
 */
export async function openFilterRun(runDir: string): Promise<FilterRunView> {
  const root = resolve(runDir);
  const dir = new RunDir(root);
  if (!dir.exists()) throw new WardenError('W_USAGE', 'not a run directory (no manifest.json); give the --output folder of `warden filter run`', { where: runDir });
  const manifest = await dir.readManifest();
  if (manifest.status !== 'complete') {
    throw new WardenError('W_RUN_MISMATCH', `the run is not complete (status "${manifest.status}"); re-run the same \`warden filter run\` command to finish it first`, { where: runDir });
  }
  const paths = filterPaths(root);
  if (!existsSync(paths.judgmentsDir)) {
    throw new WardenError('W_RUN_MISMATCH', 'not a filter run: it has no judgments/ folder (dataset replace needs the output of `warden filter run`)', { where: runDir });
  }
  const plan = await dir.readPlan();
  const shards: RunShard[] = [];
  const splits: string[] = [];
  for (const shard of plan) {
    const split = shard.part.split ?? '';
    if (!splits.includes(split)) splits.push(split);
    const judgments = paths.judgmentsFile(shard.id);
    if (!existsSync(judgments)) throw new WardenError('W_RUN_MISMATCH', `judgments of shard ${shard.id} are missing`, { where: judgments });
    const keptPath = join(paths.keptDir, shard.output);
    const removedPath = paths.removedFile(shard.output);
    shards.push({
      id: shard.id,
      split,
      kept: await inputFileOf(keptPath, shard.output, split || undefined),
      // A shard that removed nothing may have no removed file; the judgments tell (checked later).
      removed: existsSync(removedPath) ? await inputFileOf(removedPath, shard.output, split || undefined) : undefined,
      judgments,
    });
  }
  const config = manifest.config;
  return { root, manifest, fields: { text: config.text_field, id: config.id_field }, format: config.output_format, splits, shards };
}
