import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEMO_CORPUS, DEMO_MODEL, DEMO_TERMS, REPO, judgmentRows, snapshot } from '../../apps/filter/test-helpers/fixtures.js';

const entry = join(REPO, 'src/cli/test-helpers/filter-cli.ts');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-filter-kill-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function startFilter(output: string) {
  // `warden filter run` from source as a separate process, so SIGKILL hits it like a real crash.
  const args = ['filter', 'run', '--input', join(dir, 'corpus.jsonl'), '--output', output, '--blocklist', DEMO_TERMS, '--classifier', DEMO_MODEL];
  args.push('--chunk-tokens', '32', '--save-every', '0.02', '--workers', '2', '--label-field', 'label', '--log-judgments', '500', '--no-progress', '--quiet');
  return spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
}

function finish(child: ReturnType<typeof startFilter>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((done) => child.on('exit', (code, signal) => done({ code, signal, stderr })));
}

async function markers(runDir: string): Promise<number> {
  return existsSync(join(runDir, '_done')) ? (await readdir(join(runDir, '_done'))).filter((f) => f.endsWith('.json')).length : 0;
}

it('a filter run killed with SIGKILL and re-run gives the outputs of an uninterrupted run', async () => {
  // 12 copies of the demo corpus with fresh ids: ~1.3 MB, 50 shards of 2 %.
  const lines = (await readFile(DEMO_CORPUS, 'utf8')).trim().split('\n');
  const copies: string[] = [];
  for (let c = 0; c < 12; c++) for (const line of lines) copies.push(JSON.stringify({ ...JSON.parse(line), id: `c${c}-${JSON.parse(line).id}` }));
  await writeFile(join(dir, 'corpus.jsonl'), copies.join('\n') + '\n');

  const reference = await finish(startFilter(join(dir, 'reference')));
  expect(reference.stderr).toBe('');
  expect(reference.code).toBe(0);
  const manifest = JSON.parse(await readFile(join(dir, 'reference', 'manifest.json'), 'utf8'));
  expect(manifest.shards).toBeGreaterThanOrEqual(45);

  const victim = startFilter(join(dir, 'killed'));
  const exited = finish(victim);
  const deadline = Date.now() + 120_000;
  while ((await markers(join(dir, 'killed'))) < 3) {
    if (Date.now() > deadline) throw new Error('no 3 finished shards within 120 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  victim.kill('SIGKILL');
  expect((await exited).signal).toBe('SIGKILL');
  const afterKill = await markers(join(dir, 'killed'));
  expect(afterKill).toBeLessThan(manifest.shards);
  expect(existsSync(join(dir, 'killed', 'report.json'))).toBe(false);

  const resumed = await finish(startFilter(join(dir, 'killed')));
  expect(resumed.stderr).toBe('');
  expect(resumed.code).toBe(0);
  const after = JSON.parse(await readFile(join(dir, 'killed', 'manifest.json'), 'utf8'));
  expect(after.status).toBe('complete');
  for (const folder of ['output', 'removed']) expect(await snapshot(join(dir, 'killed', folder))).toEqual(await snapshot(join(dir, 'reference', folder)));
  expect(await judgmentRows(join(dir, 'killed'))).toEqual(await judgmentRows(join(dir, 'reference')));
  const [a, b] = await Promise.all(['killed', 'reference'].map(async (r) => JSON.parse(await readFile(join(dir, r, 'report.json'), 'utf8'))));
  expect(a.totals).toEqual(b.totals);
  expect(a.labels).toEqual(b.labels);
  expect(a.totals.removed).toBeGreaterThan(300);
  const csvRows = (f: string) => f.split('\r\n').filter(Boolean).map((l) => l.split(',').filter((_, i) => ![7, 13].includes(i)).join(','));
  expect(csvRows(await readFile(join(dir, 'killed', 'judgments.csv'), 'utf8'))).toEqual(csvRows(await readFile(join(dir, 'reference', 'judgments.csv'), 'utf8')));
  const leftovers = (await readdir(join(dir, 'killed'), { recursive: true })).filter((f) => String(f).includes('.tmp-'));
  expect(leftovers).toEqual([]);
}, 300_000);
