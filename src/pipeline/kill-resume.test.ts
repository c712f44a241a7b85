import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { snapshotDir, writeCorpus } from './test-helpers/fixtures.js';

const repo = resolve(import.meta.dirname, '../..');
const cli = join(repo, 'src/cli/main.ts');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-kill-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function startRun(output: string) {
  // The CLI from source, as a separate process, so SIGKILL hits it like a real crash.
  return spawn(process.execPath, ['--import', 'tsx', cli, 'run', join(dir, 'pipeline.yaml'), '--output', output, '--no-progress', '--quiet'], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function finish(child: ReturnType<typeof startRun>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((done) => child.on('exit', (code, signal) => done({ code, signal, stderr })));
}

async function waitForMarkers(runDir: string, atLeast: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const done = existsSync(join(runDir, '_done')) ? (await readdir(join(runDir, '_done'))).filter((f) => f.endsWith('.json')).length : 0;
    if (done >= atLeast) return done;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${atLeast} finished shards within ${timeoutMs} ms`);
}

it('a run killed with SIGKILL and re-run produces output identical to an uninterrupted run', async () => {
  await writeCorpus(join(dir, 'in.jsonl'), 3000);
  const slowStage = join(repo, 'src/pipeline/test-helpers/slow-stage.ts');
  await writeFile(
    join(dir, 'pipeline.yaml'),
    [
      'input: in.jsonl',
      'output: run',
      'part_size_mb: 0.02',
      'workers: 2',
      'stages:',
      '  - text-stats',
      `  - module: ${slowStage}`,
      '    export: createSlowStage',
      '    with: { delay_ms: 40 }',
      '  - use: length-filter',
      '    with: { min_chars: 30 }',
    ].join('\n'),
  );

  const reference = await finish(startRun(join(dir, 'reference')));
  expect(reference.stderr).toBe('');
  expect(reference.code).toBe(0);
  const manifest = JSON.parse(await readFile(join(dir, 'reference', 'manifest.json'), 'utf8'));
  expect(manifest.shards).toBeGreaterThan(8);

  const victim = startRun(join(dir, 'killed'));
  const exited = finish(victim);
  const finishedBeforeKill = await waitForMarkers(join(dir, 'killed'), 3, 60_000);
  victim.kill('SIGKILL');
  expect((await exited).signal).toBe('SIGKILL');
  const afterKill = (await readdir(join(dir, 'killed', '_done'))).length;
  expect(afterKill).toBeGreaterThanOrEqual(finishedBeforeKill);
  expect(afterKill).toBeLessThan(manifest.shards);

  const resumed = await finish(startRun(join(dir, 'killed')));
  expect(resumed.code).toBe(0);
  const killedManifest = JSON.parse(await readFile(join(dir, 'killed', 'manifest.json'), 'utf8'));
  expect(killedManifest.status).toBe('complete');
  expect(await snapshotDir(join(dir, 'killed', 'output'))).toEqual(await snapshotDir(join(dir, 'reference', 'output')));
  expect(await snapshotDir(join(dir, 'killed', 'dropped'))).toEqual(await snapshotDir(join(dir, 'reference', 'dropped')));
  expect(killedManifest.stats.written).toBe(manifest.stats.written);
  expect(killedManifest.stats.stages).toEqual(
    manifest.stats.stages.map((s: { ms: number }) => ({ ...s, ms: expect.any(Number) })),
  );
  const leftovers = (await readdir(join(dir, 'killed'), { recursive: true })).filter((f) => String(f).includes('.tmp-'));
  expect(leftovers).toEqual([]);
}, 180_000);
