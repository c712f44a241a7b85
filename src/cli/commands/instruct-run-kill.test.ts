import { spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers.js';
import { INSTRUCT_DEMO_SOURCES } from '../../apps/instruct/demo.js';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
// The loader by path: the child runs in a temp folder, where the bare name `tsx` does not resolve.
const TSX = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
let dir: string;
useTempDir((path) => (dir = path), 'warden-instruct-kill-');

/** `warden instruct run` from source as its own process (cwd `cwd`, --out run), so SIGKILL hits it like a crash. */
function startRun(cwd: string) {
  const args = ['instruct', 'run', '--offline', INSTRUCT_DEMO_SOURCES, '--out', 'run', '--auto-approve-above', '0.5', '--review-pending', 'reject', '--quiet'];
  const code = `import(${JSON.stringify(MAIN)}).then((m) => m.runCli(process.argv))`;
  const child = spawn(process.execPath, ['--import', TSX, '-e', code, 'warden', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let finished = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.on('exit', (c, signal) => {
      finished = true;
      done({ code: c, signal, stderr });
    }),
  );
  return { child, exited, finished: () => finished };
}

async function manifest(runDir: string): Promise<{ status?: string; stages?: Record<string, { status: string }> } | undefined> {
  try {
    return JSON.parse(await readFile(join(runDir, 'pipeline.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every output file under the run folder, by relative path, as bytes (run state files left out). */
async function outputs(runDir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(runDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(runDir, join(entry.parentPath, entry.name));
    // Timestamps and run ids: pipeline.json, the collect run report and the store itself.
    if (['pipeline.json', 'collect-report.json'].includes(path) || path.startsWith('instruct.db')) continue;
    files.set(path, await readFile(join(runDir, path)));
  }
  return files;
}

it('a pipeline killed with SIGKILL in the middle of a stage resumes to the outputs of an uninterrupted run', async () => {
  const killedDir = join(dir, 'killed');
  await mkdir(killedDir);
  const victim = startRun(killedDir);
  const runDir = join(killedDir, 'run');
  const deadline = Date.now() + 120_000;
  // Kill while classify runs: its manifest entry says "running" before the stage starts writing.
  while ((await manifest(runDir))?.stages?.classify?.status !== 'running') {
    if (victim.finished() || Date.now() > deadline) throw new Error(`the run ended or hung before classify started: ${victim.finished() ? (await victim.exited).stderr : 'timeout'}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  victim.child.kill('SIGKILL');
  expect((await victim.exited).signal).toBe('SIGKILL');
  const cut = await manifest(runDir);
  expect(cut?.status).toBe('running');
  expect(cut?.stages?.structure?.status).toBe('done');
  expect(cut?.stages?.classify?.status).toBe('running');
  const names = await readdir(runDir);
  expect(names).not.toContain('classified.jsonl');
  expect(names).not.toContain('dataset');

  const resumed = startRun(killedDir);
  const done = await resumed.exited;
  expect(done.stderr).toBe('');
  expect(done.code).toBe(0);
  const final = await manifest(runDir);
  expect(final?.status).toBe('complete');
  expect(Object.values(final!.stages!).map((s) => s.status)).toEqual(Array(7).fill('done'));
  expect((await readdir(runDir)).filter((f) => f.startsWith('.'))).toEqual([]);

  // The uninterrupted reference run starts from a copy of the store: review decisions carry the
  // time they were taken (metadata.review.decided_at), so only the same decisions compare byte
  // for byte. Every stage still runs from scratch there.
  const referenceDir = join(dir, 'reference');
  await mkdir(join(referenceDir, 'run'), { recursive: true });
  await copyFile(join(runDir, 'instruct.db'), join(referenceDir, 'run', 'instruct.db'));
  const reference = await startRun(referenceDir).exited;
  expect(reference.stderr).toBe('');
  expect(reference.code).toBe(0);
  const a = await outputs(runDir);
  const b = await outputs(join(referenceDir, 'run'));
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  expect([...a.keys()]).toEqual(expect.arrayContaining(['records.jsonl', 'classified.jsonl', 'reviewed.jsonl', 'aligned.jsonl', join('dataset', 'README.md'), join('dataset', 'jsonl', 'train.jsonl')]));
  for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
}, 300_000);
