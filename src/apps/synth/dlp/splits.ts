import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { AtomicFile, writeFileAtomic } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import { GENERATOR, generateRecord } from './record.js';
import { countRecord, emptyDistributions, mergeDistributions, sortedDistributions, type Distributions } from './stats.js';

export const SPLITS = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

/** Records one split may hold at most (bounds memory-free streaming and disk use alike). */
export const MAX_SPLIT_RECORDS = 10_000_000;
/** --quick-demo: 1,400 records. */
export const QUICK_DEMO = { train: 1000, val: 200, test: 200 } as const;

export interface GenerateOptions {
  seed: number;
  counts: Partial<Record<SplitName, number>>;
  out: string;
  /** Called after each chunk of records with the total written so far. */
  onProgress?: (written: number, total: number) => void;
}

export interface SplitFile {
  path: string;
  records: number;
  bytes: number;
  sha256: string;
}

export interface DlpManifest {
  generator: string;
  seed: number;
  counts: Record<string, number>;
  files: Record<string, SplitFile>;
  distributions: { total: Distributions; splits: Record<string, Distributions> };
}

const CHUNK = 500;

/**
 * Writes `<split>.jsonl` for each split with a count > 0, and `manifest.json` (seed, counts,
 * distributions, sha256 of each file), all atomically. Byte-identical for the same seed and
 * counts: each record depends only on (seed, split, index), and no clock is read.
 *
 * @example
 * await generateDataset({ seed: 42, counts: { train: 60000, val: 5000, test: 5000 }, out: 'dlp' });
 */
export async function generateDataset(options: GenerateOptions): Promise<DlpManifest> {
  const out = resolve(options.out);
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) throw new WardenError('W_USAGE', `seed must be an integer from 0 to 4294967295 (got ${options.seed})`);
  const plan = SPLITS.map((split, stream) => ({ split, stream, count: options.counts[split] ?? 0 })).filter((p) => p.count > 0);
  for (const p of plan) {
    if (!Number.isInteger(p.count) || p.count > MAX_SPLIT_RECORDS) throw new WardenError('W_USAGE', `--${p.split} must be an integer up to ${MAX_SPLIT_RECORDS} (got ${p.count})`);
  }
  if (plan.length === 0) throw new WardenError('W_USAGE', 'nothing to generate: give --train, --val or --test a count above 0');
  const total = plan.reduce((n, p) => n + p.count, 0);
  const files: Record<string, SplitFile> = {};
  const splits: Record<string, Distributions> = {};
  const all = emptyDistributions();
  let written = 0;
  for (const { split, stream, count } of plan) {
    const path = join(out, `${split}.jsonl`);
    const file = await AtomicFile.open(path);
    const hash = createHash('sha256');
    const dist = emptyDistributions();
    let bytes = 0;
    try {
      for (let at = 0; at < count; at += CHUNK) {
        let chunk = '';
        const end = Math.min(count, at + CHUNK);
        for (let index = at; index < end; index++) {
          const record = generateRecord({ seed: options.seed, split, stream, index });
          countRecord(dist, record);
          chunk += JSON.stringify(record) + '\n';
        }
        const data = Buffer.from(chunk, 'utf8');
        hash.update(data);
        bytes += data.length;
        await file.write(data);
        written += end - at;
        options.onProgress?.(written, total);
      }
      await file.commit();
    } catch (error) {
      await file.abort();
      throw error;
    }
    files[split] = { path: `${split}.jsonl`, records: count, bytes, sha256: hash.digest('hex') };
    splits[split] = sortedDistributions(dist);
    mergeDistributions(all, dist);
  }
  const manifest: DlpManifest = {
    generator: GENERATOR,
    seed: options.seed,
    counts: Object.fromEntries(plan.map((p) => [p.split, p.count])),
    files,
    distributions: { total: sortedDistributions(all), splits },
  };
  await writeFileAtomic(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
