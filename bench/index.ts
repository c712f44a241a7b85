/**
 * `npm run bench [-- --only io,workers,memory,scan,blocklist,classifier,guard,filter,dlp] [-- --mb 500] [-- --memory-gb 2] [-- --blocklist-gb 1]`
 * Writes bench/results/<suite>.json. Peers (jq) run on the same files in the same run.
 *
 * guard (in the default list; about 13 minutes, 10 of them the soak):
 *   --soak-minutes 10      soak length at a steady rate (0 skips it; 0.5 for a quick check)
 *   --soak-rate 500        soak rate in requests/s
 *   --guard-seconds 10     seconds per autocannon run of the /v1/guard sweep
 *   --proxy-requests 500   timed direct/proxied pairs per proxy mode
 *   --guard-profile        always CPU-profile the server (otherwise only for a part whose target is missed)
 * e.g. `npm run bench -- --only guard --soak-minutes 0.5 --guard-seconds 3 --proxy-requests 100`
 *
 * instruct (not in the default list; about 3 minutes): near-duplicate detection over 1,000,000 seeded short records
 *   (MinHash LSH of `warden instruct assemble`), time, peak RSS and planted-duplicate recall
 *
 * dlp: the seeded DLP generator on the 70,000-record set, twice (records/s, byte-identical runs)
 *
 * filter: --filter-blocklist-mb 100 --filter-workers-mb 2000 --filter-memory-gb 2 (peak RSS on a generated input of that size)
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateJsonl } from './generate.js';
import { classifierSuite } from './classifier-suite.js';
import { dlpSuite } from './dlp-suite.js';
import { filterSuite } from './filter-suite.js';
import { guardSuite } from './guard-suite.js';
import { instructSuite } from './instruct-suite.js';
import { blocklistSuite, scanSuite } from './scan-suite.js';
import { TMP_DIR, mbps, readManifest, requireTool, saveResult, timeCommand } from './util.js';
import { readPart } from '../src/io/parts.js';
import { partitionFile } from '../src/io/parts.js';
import { resolveInputs } from '../src/io/inputs.js';

const repo = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const only = new Set(flag('only', 'io,workers,memory,scan,blocklist,classifier,guard,filter,dlp').split(','));
const blocklistGb = Number(flag('blocklist-gb', '1'));
const ioMb = Number(flag('mb', '500'));
const memoryGb = Number(flag('memory-gb', '2'));
const warden = ['bin/warden.js'];

async function ensureData(name: string, bytes: number): Promise<{ path: string; bytes: number }> {
  await mkdir(TMP_DIR, { recursive: true });
  const path = join(TMP_DIR, name);
  if (!existsSync(path)) await generateJsonl(path, bytes);
  return { path, bytes: (await stat(path)).size };
}

async function wardenRun(input: string, extra: string[]): Promise<{ seconds: number; run_seconds: number; peak_rss_mib?: number }> {
  const output = join(TMP_DIR, 'run');
  await rm(output, { recursive: true, force: true });
  const timed = await timeCommand(process.execPath, [...warden, 'run', '--input', input, '--output', output, '--no-progress', '--quiet', ...extra], { cwd: repo });
  const manifest = await readManifest(output);
  return { seconds: timed.seconds, run_seconds: manifest.stats.wall_ms / 1000, ...(timed.peak_rss_mib ? { peak_rss_mib: timed.peak_rss_mib } : {}) };
}

async function ioSuite(): Promise<void> {
  const data = await ensureData(`corpus-${ioMb}mb.jsonl`, ioMb * 1e6);
  const rows: Record<string, unknown>[] = [];
  const add = (name: string, seconds: number, note: string, extra: Record<string, unknown> = {}) => {
    rows.push({ name, seconds: Math.round(seconds * 100) / 100, mb_per_s: mbps(data.bytes, seconds), note, ...extra });
    console.log(`  ${name.padEnd(44)} ${mbps(data.bytes, seconds).toString().padStart(7)} MB/s  (${seconds.toFixed(2)} s) ${note}`);
  };
  console.log(`io: ${(data.bytes / 1e6).toFixed(0)} MB JSONL, one worker`);
  const pass = await wardenRun(data.path, ['--workers', '1']);
  add('warden run, no stages (pass-through)', pass.run_seconds, 'read+parse+write; input lines reused', { process_seconds: pass.seconds, peak_rss_mib: pass.peak_rss_mib });
  const filter = await wardenRun(data.path, ['--workers', '1', '--stage', 'length-filter']);
  add('warden run, length-filter (filter-only)', filter.run_seconds, 'read+parse+filter+write', { process_seconds: filter.seconds });
  const map = await wardenRun(data.path, ['--workers', '1', '--stage', 'text-stats']);
  add('warden run, text-stats (map: re-serialise)', map.run_seconds, 'read+parse+map+JSON.stringify+write', { process_seconds: map.seconds });
  const jq = await timeCommand('jq', ['-c', '.', data.path], { stdoutFile: join(TMP_DIR, 'jq.out') });
  add('jq -c . (peer)', jq.seconds, 'parse+re-serialise, one core');
  await rm(join(TMP_DIR, 'jq.out'), { force: true });

  const parquet = join(TMP_DIR, `corpus-${ioMb}mb.parquet`);
  if (!existsSync(parquet)) await timeCommand(process.execPath, [...warden, 'io', 'convert', data.path, parquet, '--quiet'], { cwd: repo });
  const parquetBytes = (await stat(parquet)).size;
  const started = performance.now();
  let records = 0;
  for (const file of await resolveInputs([parquet])) {
    for (const part of await partitionFile(file)) {
      for await (const batch of readPart(part, { fields: { text: 'text', id: 'id' }, onError: 'fail' })) records += batch.records.length;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const parquetRead = { name: 'parquet read (hyparquet, snappy)', seconds: Math.round(seconds * 100) / 100, file_mb_per_s: mbps(parquetBytes, seconds), logical_mb_per_s: mbps(data.bytes, seconds), records };
  console.log(`  parquet read: ${parquetRead.file_mb_per_s} MB/s of Parquet file (${parquetRead.logical_mb_per_s} MB/s as JSONL), ${records} records in ${seconds.toFixed(2)} s`);
  console.log(`  → ${await saveResult('io', { input_mb: Math.round(data.bytes / 1e6), jsonl: rows, parquet: { file_mb: Math.round(parquetBytes / 1e6), ...parquetRead } })}`);
}

async function workersSuite(): Promise<void> {
  const data = await ensureData('corpus-100mb.jsonl', 100e6);
  const module = join(repo, 'bench/stages/cpu-stage.js');
  const yaml = join(TMP_DIR, 'cpu-pipeline.yaml');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(yaml, `input: ${data.path}\noutput: ${join(TMP_DIR, 'run')}\npart_size_mb: 4\nstages:\n  - module: ${module}\n    export: createCpuStage\n`);
  console.log('workers: CPU-bound stage (64-slot shingle signature) over 100 MB JSONL');
  const runs: Record<string, number> = {};
  for (const workers of [1, 2]) {
    await rm(join(TMP_DIR, 'run'), { recursive: true, force: true });
    await timeCommand(process.execPath, [...warden, 'run', yaml, '--workers', String(workers), '--no-progress', '--quiet'], { cwd: repo });
    runs[workers] = (await readManifest(join(TMP_DIR, 'run'))).stats.wall_ms / 1000;
    console.log(`  ${workers} worker(s): ${runs[workers]!.toFixed(2)} s`);
  }
  const speedup = Math.round((runs[1]! / runs[2]!) * 100) / 100;
  console.log(`  speed-up 2 vs 1: ${speedup}x`);
  console.log(`  → ${await saveResult('workers', { input_mb: 100, stage: 'bench/stages/cpu-stage.js', part_size_mb: 4, seconds: runs, speedup_2_vs_1: speedup })}`);
}

async function memorySuite(): Promise<void> {
  const small = await ensureData('corpus-100mb.jsonl', 100e6);
  const big = await ensureData(`corpus-${memoryGb}gb.jsonl`, memoryGb * 1e9);
  console.log(`memory: peak RSS, text-stats, 2 workers, ${(small.bytes / 1e6).toFixed(0)} MB vs ${(big.bytes / 1e9).toFixed(2)} GB input`);
  const out: Record<string, unknown> = {};
  for (const [name, data] of [['100mb', small], [`${memoryGb}gb`, big]] as const) {
    const run = await wardenRun(data.path, ['--workers', '2', '--stage', 'text-stats']);
    out[name] = { input_mb: Math.round(data.bytes / 1e6), peak_rss_mib: run.peak_rss_mib, run_seconds: run.run_seconds, mb_per_s: mbps(data.bytes, run.run_seconds) };
    console.log(`  ${name}: peak RSS ${run.peak_rss_mib} MiB, ${run.run_seconds.toFixed(1)} s (${mbps(data.bytes, run.run_seconds)} MB/s)`);
  }
  await rm(join(TMP_DIR, 'run'), { recursive: true, force: true });
  console.log(`  → ${await saveResult('memory', out)}`);
}

if (only.has('io')) requireTool('jq', 'jq');
if (only.has('blocklist')) requireTool('rg', 'ripgrep');
await mkdir(TMP_DIR, { recursive: true });
if (only.has('io')) await ioSuite();
if (only.has('workers')) await workersSuite();
if (only.has('memory')) await memorySuite();
if (only.has('scan')) await scanSuite();
if (only.has('blocklist')) await blocklistSuite(blocklistGb);
if (only.has('classifier')) await classifierSuite();
if (only.has('guard')) {
  requireTool('taskset', 'util-linux');
  await guardSuite({
    soakMinutes: Number(flag('soak-minutes', '10')),
    soakRate: Number(flag('soak-rate', '500')),
    seconds: Number(flag('guard-seconds', '10')),
    proxyRequests: Number(flag('proxy-requests', '500')),
    profile: args.includes('--guard-profile') ? true : 'auto',
  });
}
if (only.has('filter')) {
  await filterSuite({ blocklistMb: Number(flag('filter-blocklist-mb', '100')), workersMb: Number(flag('filter-workers-mb', '2000')), memoryGb: Number(flag('filter-memory-gb', '2')) });
}
if (only.has('dlp')) await dlpSuite();
if (only.has('instruct')) await instructSuite();
