import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WardenError } from '../core/errors.js';
import { LocalExecutor } from './executors/local.js';
import { runPipeline } from './runner.js';
import { parseRunConfig, type RunConfigInput } from './spec.js';
import { snapshotDir, writeCorpus } from './test-helpers/fixtures.js';

const helpers = pathToFileURL(join(import.meta.dirname, 'test-helpers', 'slow-stage.ts')).href;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-run-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function config(overrides: Partial<RunConfigInput> = {}) {
  return parseRunConfig({
    input: join(dir, 'in.jsonl'),
    output: join(dir, 'run'),
    part_size_mb: 0.01,
    stages: ['text-stats', { use: 'length-filter', with: { min_chars: 30 } }],
    ...overrides,
  });
}

describe('runPipeline', () => {
  it('writes sharded output, markers, dropped records and a manifest with per-stage stats', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 500);
    const result = await runPipeline(config({ workers: 1 }));
    const manifest = JSON.parse(await readFile(join(dir, 'run', 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('complete');
    expect(manifest.shards).toBeGreaterThan(2);
    expect(manifest.config_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.inputs[0].size).toBeGreaterThan(0);
    expect(await readdir(join(dir, 'run', '_done'))).toHaveLength(manifest.shards);
    const [stats, filter] = result.stats.stages;
    expect(stats!.in).toBe(500);
    expect(filter!.out + filter!.dropped).toBe(500);
    expect(filter!.dropped).toBeGreaterThan(0);
    expect(result.stats.written).toBe(filter!.out);
    const dropped = (await readdir(join(dir, 'run', 'dropped'))).length;
    expect(dropped).toBeGreaterThan(0);
    const lines = (await readFile(join(dir, 'run', 'output', 'part-00000.jsonl'), 'utf8')).trim().split('\n');
    const records = lines.map((line) => JSON.parse(line));
    expect(records[0].stats.chars).toBe(records[0].text.length);
    // Record 7 has no id in the input: it gets `<file>#<line index>`, first among its fields.
    const derived = records.find((r) => r.n === 7);
    expect(derived.id).toBe('in.jsonl#7');
    expect(Object.keys(derived)[0]).toBe('id');
  });

  it('produces byte-identical outputs with 1 and 2 workers', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 2000);
    await runPipeline(config({ output: join(dir, 'one'), workers: 1 }));
    await runPipeline(config({ output: join(dir, 'two') }), { executor: new LocalExecutor(2) });
    const one = await snapshotDir(join(dir, 'one', 'output'));
    const two = await snapshotDir(join(dir, 'two', 'output'));
    expect(one.size).toBeGreaterThan(2);
    expect(two).toEqual(one);
    expect(await snapshotDir(join(dir, 'two', 'dropped'))).toEqual(await snapshotDir(join(dir, 'one', 'dropped')));
  });

  it('resumes: finished shards are skipped, missing ones redone, nothing duplicated', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 1000);
    const first = await runPipeline(config({ workers: 1 }));
    const before = await snapshotDir(join(dir, 'run', 'output'));
    await rm(join(dir, 'run', '_done', 'part-00001.json'));
    await rm(join(dir, 'run', 'output', 'part-00001.jsonl'));
    await writeFile(join(dir, 'run', 'output', '.tmp-part-00002.jsonl-1-dead'), 'partial garbage');
    const again = await runPipeline(config({ workers: 1 }));
    expect(again.ran).toBe(1);
    expect(again.skipped).toBe(first.manifest.shards - 1);
    expect(await snapshotDir(join(dir, 'run', 'output'))).toEqual(before);
    expect(again.stats.written).toBe(first.stats.written);
  });

  it('refuses to resume with a different config, and --force starts over', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 100);
    await runPipeline(config({ workers: 1 }));
    const changed = config({ workers: 1, stages: ['text-stats'] });
    await expect(runPipeline(changed)).rejects.toMatchObject({ code: 'W_RUN_MISMATCH' });
    const forced = await runPipeline(changed, { force: true });
    expect(forced.stats.stages).toHaveLength(1);
    expect(forced.skipped).toBe(0);
  });

  it('refuses to resume when an input changed', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 100);
    await runPipeline(config({ workers: 1 }));
    await writeCorpus(join(dir, 'in.jsonl'), 101);
    await expect(runPipeline(config({ workers: 1 }))).rejects.toThrow(/input file changed/);
  });

  it('fails on a stage error with the record id, or sends the record to rejects with on_error skip', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 50, (i) => (i === 12 ? { text: 'BOOM here' } : {}));
    const stages = [{ module: helpers, export: 'createExplodingStage' }];
    const error = await runPipeline(config({ workers: 1, stages })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).message).toContain('"r12"');
    const manifest = JSON.parse(await readFile(join(dir, 'run', 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('failed');
    const skipped = await runPipeline(config({ workers: 1, stages, on_error: 'skip' }), { force: true });
    expect(skipped.stats.stages[0]!.errors).toBe(1);
    expect(skipped.stats.written).toBe(49);
    const rejects = await readdir(join(dir, 'run', 'rejects'));
    const lines = (await Promise.all(rejects.map((f) => readFile(join(dir, 'run', 'rejects', f), 'utf8')))).join('');
    expect(JSON.parse(lines.trim()).id).toBe('r12');
  });

  it('loads a module stage inside worker threads', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 300);
    const result = await runPipeline(config({ stages: [{ module: helpers, export: 'createSlowStage', with: { delay_ms: 1 } }] }), {
      executor: new LocalExecutor(2),
    });
    expect(result.stats.stages[0]!.name).toBe('slow');
    const text = await readFile(join(dir, 'run', 'output', 'part-00000.jsonl'), 'utf8');
    expect(JSON.parse(text.split('\n')[0]!).slow.len).toBeGreaterThan(0);
  });

  it('writes a Hugging Face layout that reads back as a dataset', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 400);
    const result = await runPipeline(config({ workers: 1, output_format: 'hf' }));
    const state = JSON.parse(await readFile(join(dir, 'run', 'output', 'state.json'), 'utf8'));
    expect(state._data_files).toHaveLength(result.manifest.shards);
    expect(state._data_files[0].filename).toBe(`data-00000-of-${String(result.manifest.shards).padStart(5, '0')}.arrow`);
    expect(existsSync(join(dir, 'run', 'output', 'dataset_info.json'))).toBe(true);
    const again = await runPipeline(parseRunConfig({ input: join(dir, 'run', 'output'), output: join(dir, 'back'), workers: 1 }));
    expect(again.stats.written).toBe(result.stats.written);
  });

  it('reports an unknown stage and bad stage options clearly', async () => {
    await writeCorpus(join(dir, 'in.jsonl'), 10);
    await expect(runPipeline(config({ workers: 1, stages: ['nope'] }))).rejects.toMatchObject({ code: 'W_RUN_UNKNOWN_STAGE' });
    await expect(
      runPipeline(config({ workers: 1, stages: [{ use: 'length-filter', with: { min_chars: 'x' } }] }), { force: true }),
    ).rejects.toThrow(/with\.min_chars/);
  });
});
