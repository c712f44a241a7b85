import { copyFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';
import type { AlignedPair } from '../../apps/instruct/align/index.js';

const FIXTURE = join(import.meta.dirname, '../../apps/instruct/assemble/test-fixtures/pairs.jsonl');
let dir = '';
useTempDir((path) => (dir = path));
const io = useCliCapture(['instruct', 'align']);

async function input(): Promise<string> {
  const path = join(dir, 'reviewed.jsonl');
  await copyFile(FIXTURE, path);
  return path;
}

describe('warden instruct align', () => {
  it('writes input + aligned pairs and a JSON report, deterministic by --seed', async () => {
    const path = await input();
    const out = join(dir, 'out', 'aligned.jsonl');
    expect(await io.cli('-i', path, '-o', out, '--ratio', '0.25', '--seed', '7', '--json')).toBe(0);
    const report = JSON.parse(io.out) as { input: number; generated: number; output: number; byCategory: Record<string, number>; byType: Record<string, number>; seed: number };
    // 67 plain pairs at 0.25: round(67 / 3) = 22 aligned, one already in the fixture.
    expect(report).toMatchObject({ input: 68, generated: 21, output: 89, seed: 7 });
    expect(Object.keys(report.byCategory).sort()).toEqual(['data-handling', 'malware', 'phishing', 'prompt-injection', 'social-engineering']);
    const pairs = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as AlignedPair);
    expect(pairs).toHaveLength(89);
    expect(pairs.slice(68).every((p) => p.metadata.kind === 'alignment' && p.metadata.seed === 7 && p.metadata.risk_flags.length > 0)).toBe(true);
    expect((await readdir(join(dir, 'out'))).filter((f) => f.startsWith('.tmp'))).toEqual([]);

    const same = join(dir, 'same.jsonl');
    expect(await io.cli('-i', path, '-o', same, '--ratio', '0.25', '--seed', '7', '--quiet')).toBe(0);
    expect(await readFile(same, 'utf8')).toBe(await readFile(out, 'utf8'));
    const other = join(dir, 'other.jsonl');
    expect(await io.cli('-i', path, '-o', other, '--ratio', '0.25', '--seed', '8', '--quiet')).toBe(0);
    expect(await readFile(other, 'utf8')).not.toBe(await readFile(out, 'utf8'));
  });

  it('prints a readable summary per category, type and risk flag by default', async () => {
    const path = await input();
    expect(await io.cli('--input', path, '--out', join(dir, 'a.jsonl'))).toBe(0);
    expect(io.out).toMatch(/aligned 68 pairs \+ 16 generated -> .*\(84 pairs, 20\.2% aligned; ratio 0\.2, seed 42\)/);
    expect(io.out).toContain('1 input pairs were already aligned');
    for (const heading of ['generated per category:', 'per type:', 'per risk flag:', 'per template:', 'prompt-injection', 'defensive-guidance']) expect(io.out).toContain(heading);
  });

  it('exits 2 on usage errors and bad input, writing nothing', async () => {
    const path = await input();
    const out = join(dir, 'x.jsonl');
    expect(await io.cli('--out', out)).toBe(2);
    expect(io.err).toContain('give --input');
    expect(await io.cli('--input', path)).toBe(2);
    expect(io.err).toContain('give --out');
    for (const ratio of ['1', '-0.1', 'abc', '']) {
      io.err = '';
      expect(await io.cli('-i', path, '-o', out, '--ratio', ratio)).toBe(2);
      expect(io.err).toContain('--ratio must be a number from 0 up to');
    }
    expect(await io.cli('-i', path, '-o', out, '--seed', '-3')).toBe(2);
    expect(io.err).toContain('--seed must be an integer');
    expect(await io.cli('-i', path, '-o', out, '--db', 'sqlite:x.db')).toBe(2);
    expect(io.err).toContain('--db is only used with --with-llm');
    expect(await io.cli('-i', path, '-o', path)).toBe(2);
    expect(io.err).toContain('--out must differ from --input');
    expect(await io.cli('-i', join(dir, 'missing.jsonl'), '-o', out)).toBe(2);
    expect(io.err).toContain('W_IO_NOT_FOUND');
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, `${(await readFile(FIXTURE, 'utf8')).split('\n')[0]}\n{not json\n`);
    expect(await io.cli('-i', bad, '-o', out)).toBe(2);
    expect(io.err).toContain(`W_IO_BAD_JSONL: ${bad}:2: invalid JSON`);
    await expect(stat(out)).rejects.toThrow();
  });

  it('teaches with examples in --help', async () => {
    expect(await io.cli('--help')).toBe(0);
    expect(io.out).toContain('--ratio');
    expect(io.out).toContain('--with-llm');
    expect(io.out).toContain('Examples:');
    expect(io.out).toContain('warden instruct align -i out/reviewed.jsonl -o out/aligned.jsonl');
  });
});
