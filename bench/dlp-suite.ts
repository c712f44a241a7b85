/**
 * Seeded DLP data generator (`warden synth dlp`): records/s on one core for the 70,000-record
 * set (60,000 train, 5,000 val, 5,000 test, seed 42, JSONL written and hashed), generated twice
 * into two directories; the two runs must be byte-identical (every file and the manifest).
 * Target: >= 5,000 records/s.
 *
 * `npm run bench -- --only dlp`, or alone:
 * `npx tsx -e "import('./bench/dlp-suite.ts').then(m => m.dlpSuite())"`.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { generateDataset } from '../src/apps/synth/dlp/index.js';
import { TMP_DIR, saveResult } from './util.js';

export interface DlpSuiteOptions {
  train?: number;
  val?: number;
  test?: number;
  seed?: number;
}

export async function dlpSuite(options: DlpSuiteOptions = {}): Promise<void> {
  const counts = { train: options.train ?? 60_000, val: options.val ?? 5_000, test: options.test ?? 5_000 };
  const seed = options.seed ?? 42;
  const total = counts.train + counts.val + counts.test;
  console.log(`dlp: ${total} records (seed ${seed}), generated twice, one core`);
  const runs: { seconds: number; records_per_s: number; dir: string }[] = [];
  for (const name of ['a', 'b']) {
    const dir = join(TMP_DIR, `dlp-${name}`);
    await rm(dir, { recursive: true, force: true });
    const started = performance.now();
    await generateDataset({ seed, counts, out: dir });
    const seconds = (performance.now() - started) / 1000;
    runs.push({ seconds: Math.round(seconds * 1000) / 1000, records_per_s: Math.round(total / seconds), dir });
    console.log(`  run ${name}: ${seconds.toFixed(2)} s, ${Math.round(total / seconds)} records/s`);
  }
  const files = ['train.jsonl', 'val.jsonl', 'test.jsonl', 'manifest.json'];
  const identical: Record<string, boolean> = {};
  let bytes = 0;
  for (const file of files) {
    const [a, b] = await Promise.all(runs.map((r) => readFile(join(r.dir, file))));
    identical[file] = a!.equals(b!);
    if (file.endsWith('.jsonl')) bytes += a!.length;
  }
  const manifest = JSON.parse(await readFile(join(runs[0]!.dir, 'manifest.json'), 'utf8'));
  const allIdentical = Object.values(identical).every(Boolean);
  const best = Math.max(...runs.map((r) => r.records_per_s));
  console.log(`  byte-identical across runs: ${allIdentical} (${files.join(', ')}); ${(bytes / 1e6).toFixed(1)} MB of JSONL`);
  console.log(`  target >= 5000 records/s: ${best >= 5000 ? 'met' : 'MISSED'} (best ${best})`);
  for (const r of runs) await rm(r.dir, { recursive: true, force: true });
  console.log(
    `  → ${await saveResult('dlp', {
      seed,
      counts,
      records: total,
      jsonl_mb: Math.round(bytes / 1e5) / 10,
      runs: runs.map(({ seconds, records_per_s }) => ({ seconds, records_per_s })),
      best_records_per_s: best,
      target_records_per_s: 5000,
      target_met: best >= 5000,
      byte_identical: allIdentical,
      identical,
      sha256: Object.fromEntries(Object.entries(manifest.files as Record<string, { sha256: string }>).map(([k, f]) => [k, f.sha256])),
    })}`,
  );
}
