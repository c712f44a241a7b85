import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectWardenError } from '../../../../test/helpers.js';
import { writeFileAtomic } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import { readManifest } from './manifest.js';
import { runSteps, type PipelineStep } from './runner.js';
import type { StageName } from './types.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-pipeline-runner-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Three real file-to-file steps: each appends its tag to every line of its input. */
function chain(options: { tags?: Record<string, string>; failAt?: StageName; store?: { value: string }; haltAt?: StageName } = {}) {
  const calls: StageName[] = [];
  const names: StageName[] = ['collect', 'filter', 'review'];
  const files = ['a.txt', 'b.txt', 'c.txt'].map((f) => join(dir, f));
  const steps: PipelineStep[] = names.map((name, i) => ({
    name,
    inputs: [i === 0 ? join(dir, 'source.txt') : files[i - 1]!],
    outputs: [files[i]!],
    options: { tag: options.tags?.[name] ?? name },
    ...(name === 'review' && options.store ? { volatile: true } : {}),
    async run(outputs) {
      calls.push(name);
      if (options.failAt === name) throw new Error(`${name} failed`);
      const text = await readFile(this.inputs[0]!, 'utf8');
      const extra = name === 'review' && options.store ? `+${options.store.value}` : '';
      await writeFileAtomic(outputs[0]!, text.trimEnd().split('\n').map((l) => `${l} ${options.tags?.[name] ?? name}${extra}`).join('\n') + '\n');
      return { report: { name }, summary: `${name} done`, ...(options.haltAt === name ? { halt: { reason: 'review', pending: 3, command: 'review it' } } : {}) };
    },
  }));
  return { steps, calls, files };
}

async function mtimes(files: string[]): Promise<number[]> {
  return Promise.all(files.map(async (f) => (await stat(f)).mtimeMs));
}

describe('runSteps', () => {
  beforeEach(async () => {
    await writeFile(join(dir, 'source.txt'), 'one\ntwo\n');
  });

  it('runs every step, then skips them all on a re-run and leaves the outputs alone', async () => {
    const first = chain();
    const r1 = await runSteps(dir, first.steps);
    expect(r1.status).toBe('complete');
    expect(r1.outcomes.map((o) => [o.status, o.reason])).toEqual([['ran', 'first run'], ['ran', 'first run'], ['ran', 'first run']]);
    expect(await readFile(first.files[2]!, 'utf8')).toBe('one collect filter review\ntwo collect filter review\n');
    const manifest = await readManifest(dir);
    expect(manifest.status).toBe('complete');
    expect(manifest.stages.filter).toMatchObject({ status: 'done', inputs: [{ path: 'a.txt' }], outputs: [{ path: 'b.txt' }], report: { name: 'filter' } });
    const before = await mtimes(first.files);

    const second = chain();
    const r2 = await runSteps(dir, second.steps);
    expect(second.calls).toEqual([]);
    expect(r2.outcomes.map((o) => o.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(await mtimes(first.files)).toEqual(before);
  });

  it('re-runs a step whose options changed and every step after it, not the ones before', async () => {
    await runSteps(dir, chain().steps);
    const changed = chain({ tags: { filter: 'F2' } });
    const result = await runSteps(dir, changed.steps);
    expect(changed.calls).toEqual(['filter', 'review']);
    expect(result.outcomes.map((o) => [o.status, o.reason])).toEqual([['skipped', 'up to date'], ['ran', 'options changed'], ['ran', 'input changed']]);
    expect(await readFile(changed.files[2]!, 'utf8')).toContain('one collect F2 review');
  });

  it('re-runs from the step whose input or output was changed on disk', async () => {
    await runSteps(dir, chain().steps);
    await writeFile(join(dir, 'b.txt'), 'tampered\n');
    const again = chain();
    const result = await runSteps(dir, again.steps);
    // filter rewrites b.txt as it was, so review's input is unchanged and it stays skipped.
    expect(again.calls).toEqual(['filter']);
    expect(result.outcomes[1]!.reason).toBe('b.txt was modified');
    expect(await readFile(join(dir, 'b.txt'), 'utf8')).toBe('one collect filter\ntwo collect filter\n');
    await writeFile(join(dir, 'source.txt'), 'three\n');
    const third = chain();
    await runSteps(dir, third.steps);
    expect(third.calls).toEqual(['collect', 'filter', 'review']);
  });

  it('records a failed step and resumes at it on the next run', async () => {
    const failing = chain({ failAt: 'filter' });
    await expect(runSteps(dir, failing.steps)).rejects.toThrow('filter failed');
    const manifest = await readManifest(dir);
    expect(manifest.status).toBe('failed');
    expect(manifest.stages.filter).toMatchObject({ status: 'failed', error: 'filter failed' });
    const resumed = chain();
    const result = await runSteps(dir, resumed.steps);
    expect(resumed.calls).toEqual(['filter', 'review']);
    expect(result.outcomes[1]!.reason).toBe('previous run failed');
  });

  it("keeps a failing stage's error code and file:line, and names the stage", async () => {
    const steps = chain().steps;
    steps[1] = { ...steps[1]!, run: () => Promise.reject(new WardenError('W_IO_BAD_RECORD', 'field "id": required', { where: 'a.txt:3' })) };
    const error = await expectWardenError(runSteps(dir, steps));
    expect(error.code).toBe('W_IO_BAD_RECORD');
    expect(error.message).toBe('a.txt:3: field "id": required (in stage filter; fix it and re-run the same command: finished stages are skipped)');
  });

  it('treats a step left "running" (a killed process) as incomplete', async () => {
    await runSteps(dir, chain().steps);
    const manifest = await readManifest(dir);
    manifest.stages.review!.status = 'running';
    await writeFileAtomic(join(dir, 'pipeline.json'), JSON.stringify(manifest));
    const again = chain();
    const result = await runSteps(dir, again.steps);
    expect(again.calls).toEqual(['review']);
    expect(result.outcomes[2]!.reason).toBe('previous run interrupted');
  });

  it('--from forces a step and the later ones, --until stops, --only runs one step', async () => {
    await runSteps(dir, chain().steps);
    const from = chain();
    expect((await runSteps(dir, from.steps, { from: 'filter' })).outcomes.map((o) => o.reason)).toEqual(['up to date', '--from', '--from']);
    expect(from.calls).toEqual(['filter', 'review']);
    const until = chain();
    const stopped = await runSteps(dir, until.steps, { from: 'collect', until: 'filter' });
    expect(until.calls).toEqual(['collect', 'filter']);
    expect(stopped.status).toBe('stopped');
    expect(stopped.outcomes[2]!.status).toBe('not-run');
    const only = chain();
    await runSteps(dir, only.steps, { only: 'review' });
    expect(only.calls).toEqual(['review']);
    await expect(runSteps(dir, chain().steps, { only: 'review', from: 'collect' })).rejects.toThrow('--only cannot be combined');
    await expect(runSteps(dir, chain().steps, { from: 'review', until: 'collect' })).rejects.toThrow('--from review comes after --until collect');
    await expect(runSteps(dir, chain().steps, { only: 'assemble' })).rejects.toThrow('not a stage of this pipeline');
  });

  it('refuses --only on a stage whose input does not exist yet, naming the file', async () => {
    await expect(runSteps(dir, chain().steps, { only: 'filter' })).rejects.toThrow(/stage filter needs .*a\.txt, which does not exist/);
  });

  it('a volatile step is re-checked: skipped when its store state is unchanged, run (and later steps) when it changed', async () => {
    const store = { value: 'v1' };
    const steps = (): PipelineStep[] => {
      const c = chain({ store });
      return [...c.steps, { ...c.steps[2]!, name: 'align', inputs: [c.files[2]!], outputs: [join(dir, 'd.txt')], volatile: false }];
    };
    await runSteps(dir, steps());
    const same = await runSteps(dir, steps());
    expect(same.outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['skipped', 'up to date'],
      ['skipped', 'up to date'],
      ['skipped', 'up to date (store state unchanged)'],
      ['skipped', 'up to date'],
    ]);
    store.value = 'v2';
    const changed = await runSteps(dir, steps());
    expect(changed.outcomes.map((o) => o.status)).toEqual(['skipped', 'skipped', 'ran', 'ran']);
    expect(await readFile(join(dir, 'c.txt'), 'utf8')).toContain('review+v2');
    expect((await readFile(join(dir, 'pipeline.json'), 'utf8')).includes('.check-')).toBe(false);
  });

  it('a volatile step whose re-check fails marks the run failed and keeps its earlier record', async () => {
    expect((await runSteps(dir, chain({ store: { value: 'x' } }).steps)).status).toBe('complete');
    await expect(runSteps(dir, chain({ store: { value: 'x' }, failAt: 'review' }).steps)).rejects.toThrow('review failed');
    const manifest = await readManifest(dir);
    expect(manifest.status).toBe('failed');
    expect(manifest.stages.review!.status).toBe('done');
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('a halting step stops the run as waiting-for-review and runs again next time', async () => {
    const halting = chain({ haltAt: 'filter' });
    const result = await runSteps(dir, halting.steps);
    expect(result.status).toBe('waiting-for-review');
    expect(result.halt).toEqual({ reason: 'review', pending: 3, command: 'review it' });
    expect(result.outcomes.map((o) => o.status)).toEqual(['ran', 'waiting', 'not-run']);
    expect((await readManifest(dir)).stages.filter!.status).toBe('waiting');
    const next = chain();
    const resumed = await runSteps(dir, next.steps);
    expect(next.calls).toEqual(['filter', 'review']);
    expect(resumed.outcomes[1]!.reason).toBe('pairs were awaiting review');
  });

  it('refuses a directory locked by a live process and takes over a dead one', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeFile(join(dir, '.pipeline.lock'), String(sleeper.pid));
      await expect(runSteps(dir, chain().steps)).rejects.toThrow(`another pipeline run (pid ${sleeper.pid})`);
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((r) => sleeper.once('exit', r));
    }
    expect((await runSteps(dir, chain().steps)).status).toBe('complete');
    expect((await readdir(dir)).filter((f) => f.startsWith('.pipeline.lock'))).toEqual([]);
    // A lock without a pid is never taken as stale: it names the file to delete.
    await writeFile(join(dir, '.pipeline.lock'), '');
    await expect(runSteps(dir, chain().steps)).rejects.toThrow('the run directory lock holds no pid');
  });
});
