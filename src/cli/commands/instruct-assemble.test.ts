import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';

const FIXTURES = join(import.meta.dirname, '../../apps/instruct/assemble/test-fixtures');
const io = useCliCapture(['instruct', 'assemble']);
let dir = '';
useTempDir((path) => (dir = path));

describe('warden instruct assemble', () => {
  it('--help teaches with examples', async () => {
    expect(await io.cli('--help')).toBe(0);
    expect(io.out).toContain('Examples:');
    expect(io.out).toContain('--decontaminate');
    expect(io.out).toContain('--minhash-bands');
  });

  it('assembles the fixture with --json, flags reaching the stage', async () => {
    const input = join(dir, 'pairs.jsonl');
    await copyFile(join(FIXTURES, 'pairs.jsonl'), input);
    await copyFile(join(FIXTURES, 'eval.jsonl'), join(dir, 'eval.jsonl'));
    const out = join(dir, 'ds');
    const code = await io.cli('--input', input, '--out', out, '--formats', 'jsonl,chat', '--decontaminate', join(dir, 'eval.jsonl'), '--ratios', '0.6,0.2,0.2', '--seed', '9', '--minhash-bands', '32', '--minhash-rows', '4', '--shingle', '4', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(io.out) as { config: Record<string, unknown>; removed: Record<string, number>; formats: string[] };
    expect(report.config).toMatchObject({ ratios: [0.6, 0.2, 0.2], seed: 9, formats: ['jsonl', 'chat'], nearDup: { bands: 32, rows: 4, shingle: 4 } });
    expect(report.removed.contaminated).toBe(1);
    expect(report.formats).toContain('chat/test.jsonl');
    expect(report.formats.some((f) => f.startsWith('hf/'))).toBe(false);
    expect(await readFile(join(out, 'README.md'), 'utf8')).toContain('"seed": 9');
  });

  it('exits 2 with a clear message on usage errors', async () => {
    const input = join(dir, 'pairs.jsonl');
    await copyFile(join(FIXTURES, 'pairs.jsonl'), input);
    const cases: [string[], string][] = [
      [['--out', join(dir, 'o')], 'give --input'],
      [['--input', input], 'give --out'],
      [['--input', input, '--out', join(dir, 'o'), '--formats', 'jsonl,csv'], '--formats takes'],
      [['--input', input, '--out', join(dir, 'o'), '--ratios', '0.5,0.5,0.5'], '--ratios must sum to 1'],
      [['--input', input, '--out', join(dir, 'o'), '--minhash-bands', '0'], '--minhash-bands must be a positive integer'],
      [['--input', join(dir, 'missing.jsonl'), '--out', join(dir, 'o')], 'W_IO_NOT_FOUND'],
      [['--input', input, '--out', join(dir, 'o'), '--decontaminate', join(dir, 'nope.jsonl')], 'evaluation set'],
    ];
    for (const [args, message] of cases) {
      io.err = '';
      expect(await io.cli(...args)).toBe(2);
      expect(io.err).toContain(message);
    }
  });
});
