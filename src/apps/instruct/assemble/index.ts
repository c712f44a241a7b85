/**
 * `warden instruct assemble`: normalise → exact dedup → quality filters → decontamination →
 * near-duplicate clusters → grouped seeded splits → exports + dataset card.
 *
 * The input is only read. Everything is written into a staging folder beside `--out` and
 * renamed into place at the end, so an interrupted run leaves the previous output intact; a
 * rerun with the same input bytes and config finds `assemble.json` with the same fingerprint
 * and returns at once (`upToDate`).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import { renderCard } from './card.js';
import { buildEvalIndex, contaminationOf } from './decontaminate.js';
import { exportSplits } from './export.js';
import { DEFAULT_NEAR_DUP, nearDuplicateClusters, type NearDupOptions } from './near-dup.js';
import { exactKey, normalizeText } from './normalize.js';
import { checkQuality, DEFAULT_QUALITY, type QualityOptions } from './quality.js';
import { readPairs } from './read.js';
import { assignSplits, type Ratios } from './split.js';
import { EXPORT_FORMATS, SPLITS, type AssembleReport, type ExportFormat, type InstructionPair, type RemovalReason, type SplitName } from './types.js';

export type { AssembleReport } from './types.js';

export interface AssembleOptions {
  input: string;
  out: string;
  formats?: ExportFormat[];
  decontaminate?: string[];
  ratios?: Ratios;
  seed?: number;
  nearDup?: Partial<NearDupOptions>;
  quality?: Partial<QualityOptions>;
  /** Earlier stages' options, recorded in the report and the dataset card. */
  upstream?: Record<string, unknown>;
}


const REPORT = 'assemble.json';

/**
 * Runs the stage and returns its report (also written to `<out>/assemble.json`).
 *
 * @example
 * const report = await assemble({ input: 'pairs.jsonl', out: 'dataset', formats: ['jsonl', 'hf'], seed: 42 });
 * report.splits.train; // pairs in the train split
 */
export async function assemble(options: AssembleOptions): Promise<AssembleReport> {
  const out = resolve(options.out);
  const input = resolve(options.input);
  if (input === out || input.startsWith(out + sep)) throw new WardenError('W_USAGE', '--out must not contain the input (the output folder is replaced on every run)', { where: options.out });
  const config: AssembleReport['config'] = {
    formats: [...new Set(options.formats ?? EXPORT_FORMATS)],
    ratios: options.ratios ?? [0.8, 0.1, 0.1],
    seed: options.seed ?? 42,
    nearDup: { ...DEFAULT_NEAR_DUP, ...options.nearDup },
    quality: { ...DEFAULT_QUALITY, ...options.quality },
    decontaminate: [...(options.decontaminate ?? [])],
    ...(options.upstream ? { upstream: options.upstream } : {}),
  };
  for (const file of config.decontaminate) if (!existsSync(file)) throw new WardenError('W_IO_NOT_FOUND', 'evaluation set (--decontaminate) does not exist', { where: file });
  await checkOut(out);
  const { pairs: raw, sha256 } = await readPairs(options.input);
  const evalHashes = await Promise.all(config.decontaminate.map(async (f) => createHash('sha256').update(await readFile(f)).digest('hex')));
  const fingerprint = createHash('sha256').update(JSON.stringify({ sha256, config, evalHashes })).digest('hex').slice(0, 32);
  const previous = await readPrevious(out);
  if (previous?.fingerprint === fingerprint && previous.formats.every((f) => existsSync(join(out, f)))) return { ...previous, upToDate: true };

  const removed: Record<RemovalReason, number> = { 'exact-duplicate': 0, 'too-short': 0, 'too-long': 0, language: 0, 'refusal-leakage': 0, contaminated: 0, 'near-duplicate': 0 };
  const removedRows: { id: string; reason: RemovalReason; detail: string }[] = [];
  const drop = (pair: InstructionPair, reason: RemovalReason, detail: string) => {
    removed[reason]++;
    removedRows.push({ id: pair.id, reason, detail });
  };

  // Normalise into new objects: the input records are never changed.
  const firstByKey = new Map<string, string>();
  let kept: InstructionPair[] = [];
  for (const pair of raw) {
    const normal: InstructionPair = { ...pair, instruction: normalizeText(pair.instruction), response: normalizeText(pair.response), metadata: { ...pair.metadata } };
    const key = exactKey(normal.instruction, normal.response);
    const first = firstByKey.get(key);
    if (first !== undefined) {
      drop(normal, 'exact-duplicate', `same normalised text as ${first}`);
      continue;
    }
    firstByKey.set(key, normal.id);
    const verdict = checkQuality(normal, config.quality);
    if (verdict !== true) drop(normal, verdict.drop, verdict.detail);
    else kept.push(normal);
  }

  const evalIndex = await buildEvalIndex(config.decontaminate);
  const perEval = config.decontaminate.map(() => 0);
  if (evalIndex.grams.size > 0) {
    kept = kept.filter(function clean(pair) {
      const file = Math.max(contaminationOf(pair.instruction, evalIndex), contaminationOf(pair.response, evalIndex));
      if (file < 0) return true;
      perEval[file]!++;
      drop(pair, 'contaminated', `13-gram overlap with ${evalIndex.files[file]}`);
      return false;
    });
  }

  const clusters = nearDuplicateClusters(kept.map((p) => `${p.instruction}\n${p.response}`), config.nearDup);
  const dropped = new Set<number>();
  for (const cluster of clusters) {
    for (const member of cluster.members) {
      if (member === cluster.representative) continue;
      dropped.add(member);
      drop(kept[member]!, 'near-duplicate', `near duplicate of ${kept[cluster.representative]!.id}`);
    }
  }
  const clusterLines = clusters.map((c) => JSON.stringify({ representative: kept[c.representative]!.id, size: c.members.length, members: c.members.map((m) => kept[m]!.id) }));
  kept = kept.filter((_, index) => !dropped.has(index));

  const assigned = assignSplits(kept, config.ratios, config.seed);
  const splits = new Map<SplitName, InstructionPair[]>(SPLITS.map((s) => [s, []]));
  const bySource: Record<string, Record<string, number>> = {};
  const byDomain: Record<string, Record<string, number>> = {};
  const bump = (table: Record<string, Record<string, number>>, key: string, split: SplitName) => {
    const row = (table[key] ??= {});
    row[split] = (row[split] ?? 0) + 1;
  };
  kept.forEach(function place(pair, index) {
    const split = assigned[index]!;
    splits.get(split)!.push(pair);
    bump(bySource, String(pair.metadata.source), split);
    const domains = pair.metadata.domains?.length ? pair.metadata.domains : ['(none)'];
    for (const domain of new Set(domains)) bump(byDomain, domain, split);
  });

  // A run killed mid-write leaves its staging folder; the next run clears it.
  const stagingPrefix = `.${basename(out)}.staging-`;
  for (const entry of await readdir(dirname(out)).catch(() => [] as string[])) {
    if (entry.startsWith(stagingPrefix)) await rm(join(dirname(out), entry), { recursive: true, force: true });
  }
  const staging = join(dirname(out), `${stagingPrefix}${process.pid}`);
  await mkdir(staging, { recursive: true });
  try {
    const files = await exportSplits(staging, splits, config.formats);
    const report: AssembleReport = {
      upToDate: false,
      fingerprint,
      input: { path: options.input, sha256, pairs: raw.length },
      config,
      removed,
      nearDuplicates: { clusters: clusters.length, largest: clusters.reduce((m, c) => Math.max(m, c.members.length), 0), removed: removed['near-duplicate'] },
      decontamination: { files: config.decontaminate.map((path, i) => ({ path, removed: perEval[i]! })), evalRecords: evalIndex.records, ngrams: evalIndex.grams.size, shortTextsSkipped: evalIndex.shortTexts },
      splits: { train: splits.get('train')!.length, validation: splits.get('validation')!.length, test: splits.get('test')!.length },
      bySource,
      byDomain,
      formats: [...files, 'clusters.jsonl', 'removed.jsonl', 'README.md'],
    };
    await writeFile(join(staging, 'clusters.jsonl'), clusterLines.map((l) => l + '\n').join(''));
    await writeFile(join(staging, 'removed.jsonl'), removedRows.map((r) => JSON.stringify(r) + '\n').join(''));
    await writeFile(join(staging, 'README.md'), renderCard(report));
    await writeFileAtomic(join(staging, REPORT), JSON.stringify(report, null, 2) + '\n');
    await rm(out, { recursive: true, force: true });
    await rename(staging, out);
    return report;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** `--out` may be missing, empty, or a previous assemble output (which is replaced). */
async function checkOut(out: string): Promise<void> {
  if (!existsSync(out)) return;
  let entries: string[];
  try {
    entries = await readdir(out);
  } catch (cause) {
    throw new WardenError('W_USAGE', '--out exists and is not a folder', { where: out, cause });
  }
  if (entries.length > 0 && !entries.includes(REPORT)) throw new WardenError('W_USAGE', `--out is a non-empty folder that is not an assemble output (no ${REPORT}); pick a new or empty folder`, { where: out });
}

async function readPrevious(out: string): Promise<AssembleReport | undefined> {
  try {
    return JSON.parse(await readFile(join(out, REPORT), 'utf8')) as AssembleReport;
  } catch {
    return undefined;
  }
}
