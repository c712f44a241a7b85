import { copyFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import { assemble } from '../assemble/index.js';
import type { InstructionPair } from '../assemble/types.js';
import { alignFile, type AlignedPair } from './index.js';

const FIXTURE = join(import.meta.dirname, '../assemble/test-fixtures/pairs.jsonl');
let dir = '';
useTempDir((path) => (dir = path));

async function lines<T = InstructionPair>(path: string): Promise<T[]> {
  return (await readFile(path, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

async function input(): Promise<string> {
  const path = join(dir, 'reviewed.jsonl');
  await copyFile(FIXTURE, path);
  return path;
}

describe('alignFile', () => {
  it('writes every input pair unchanged, then the aligned pairs, so they make up the ratio', async () => {
    const path = await input();
    const before = await stat(path);
    const out = join(dir, 'out', 'aligned.jsonl');
    const report = await alignFile(path, out, { ratio: 0.2, seed: 42 });
    const original = await lines(path);
    const written = await lines(out);
    // The fixture already holds one aligned pair (source align): it counts toward the ratio.
    expect(report).toMatchObject({ input: 68, alreadyAligned: 1, generated: 16, output: 84 });
    expect(report.alignedShare).toBeCloseTo(17 / 84, 6);
    expect(written.slice(0, 68)).toEqual(original);
    const aligned = written.slice(68) as AlignedPair[];
    expect(aligned).toHaveLength(16);
    expect(Object.values(report.byCategory).reduce((a, b) => a + b, 0)).toBe(16);
    expect(Math.min(...Object.values(report.byCategory))).toBeGreaterThanOrEqual(3);
    expect(report.byType).toEqual({ refusal: aligned.filter((p) => p.metadata.type === 'refusal').length, 'defensive-guidance': aligned.filter((p) => p.metadata.type === 'defensive-guidance').length });
    expect(report.byRiskFlag['prompt-injection']).toBe(report.byCategory['prompt-injection']);
    expect(report.llm).toBeUndefined();
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);
    expect((await readdir(join(dir, 'out'))).filter((f) => f.startsWith('.tmp'))).toEqual([]);

    // Same seed, same bytes; running align over its own output adds nothing.
    const again = join(dir, 'again.jsonl');
    await alignFile(path, again, { ratio: 0.2, seed: 42 });
    expect(await readFile(again, 'utf8')).toBe(await readFile(out, 'utf8'));
    const twice = join(dir, 'twice.jsonl');
    const second = await alignFile(out, twice, { ratio: 0.2, seed: 42 });
    expect(second).toMatchObject({ input: 84, alreadyAligned: 17, generated: 0, output: 84 });
    expect(await readFile(twice, 'utf8')).toBe(await readFile(out, 'utf8'));
  });

  it('ratio 0 copies the input; an empty input gives an empty output', async () => {
    const path = await input();
    const out = join(dir, 'zero.jsonl');
    expect((await alignFile(path, out, { ratio: 0, seed: 1 })).generated).toBe(0);
    expect(await lines(out)).toEqual(await lines(path));
    const empty = join(dir, 'empty.jsonl');
    await writeFile(empty, '');
    const report = await alignFile(empty, join(dir, 'empty-out.jsonl'), { ratio: 0.2, seed: 1 });
    expect(report).toMatchObject({ input: 0, generated: 0, output: 0, alignedShare: 0 });
    expect(await readFile(join(dir, 'empty-out.jsonl'), 'utf8')).toBe('');
  });

  it('output goes through assemble with every aligned pair kept', async () => {
    const path = await input();
    const out = join(dir, 'aligned.jsonl');
    // At 0.5 half the output is aligned: 67 plain pairs, so 67 aligned (66 new), enough to exercise dedup.
    const report = await alignFile(path, out, { ratio: 0.5, seed: 7 });
    expect(report.generated).toBe(66);
    const dataset = await assemble({ input: out, out: join(dir, 'dataset'), formats: ['jsonl'], seed: 42 });
    const removed = await lines<{ id: string; reason: string }>(join(dir, 'dataset', 'removed.jsonl'));
    expect(removed.filter((r) => r.id.startsWith('align:'))).toEqual([]);
    const kept = Object.values(dataset.bySource.align ?? {}).reduce((a, b) => a + b, 0);
    // The fixture's own aligned pair plus all 66 generated.
    expect(kept).toBe(67);
  });

  it('fails with usage errors and file:line for bad input, writing nothing', async () => {
    const path = await input();
    const out = join(dir, 'x.jsonl');
    for (const [options, text] of [
      [{ ratio: 1, seed: 1 }, '--ratio'],
      [{ ratio: -0.2, seed: 1 }, '--ratio'],
      [{ ratio: 0.2, seed: -1 }, '--seed'],
      [{ ratio: 0.2, seed: 1.5 }, '--seed'],
    ] as const) {
      const error = await expectWardenError(alignFile(path, out, options));
      expect(error.code).toBe('W_USAGE');
      expect(error.message).toContain(text);
    }
    expect((await expectWardenError(alignFile(path, path, { ratio: 0.2, seed: 1 }))).message).toContain('--out must differ');
    const bad = join(dir, 'bad.jsonl');
    const good = (await readFile(FIXTURE, 'utf8')).split('\n')[0]!;
    await writeFile(bad, `${good}\n{"id": "x", "instruction": "a", "response": "b", "metadata": {"source": "nvd", "source_ids": []}}\n`);
    const error = await expectWardenError(alignFile(bad, out, { ratio: 0.2, seed: 1 }));
    expect(error.code).toBe('W_IO_BAD_RECORD');
    expect(error.message + String(error.where)).toContain(`${bad}:2`);
    expect(error.message + String(error.where)).toContain('metadata.kind');
    await expect(stat(out)).rejects.toThrow();
    expect((await expectWardenError(alignFile(join(dir, 'missing.jsonl'), out, { ratio: 0.2, seed: 1 }))).code).toBe('W_IO_NOT_FOUND');
  });
});
