import { copyFile, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';
import type { SourceRecord } from '../../apps/instruct/types.js';
import { checkGrounding, type InstructionPair } from '../../apps/instruct/structure/index.js';

const fixtures = join(import.meta.dirname, '../../apps/instruct/structure/test-fixtures');
let dir: string;
useTempDir((path) => (dir = path));
const io = useCliCapture(['instruct', 'structure']);

async function readLines<T>(path: string): Promise<T[]> {
  return (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as T);
}

async function records(): Promise<string> {
  const path = join(dir, 'records.jsonl');
  const real = await readFile(join(fixtures, 'real-source.jsonl'), 'utf8');
  const adversarial = await readFile(join(fixtures, 'adversarial.jsonl'), 'utf8');
  await writeFile(path, real + adversarial);
  return path;
}

describe('warden instruct structure', () => {
  it('writes grounded pairs for every record kind, deterministically, and leaves the input untouched', async () => {
    const input = await records();
    const before = await stat(input);
    const out = join(dir, 'out', 'pairs.jsonl');
    expect(await io.cli('--input', input, '--out', out, '--seed', '7', '--templates-per-record', '2', '--json')).toBe(0);
    const report = JSON.parse(io.out) as { records: number; pairs: number; noTemplate: number; ungrounded: number; byKind: Record<string, number> };
    const pairs = await readLines<InstructionPair>(out);
    const sources = new Map((await readLines<SourceRecord>(input)).map((r) => [r.id, r]));
    expect(report.records).toBe(sources.size);
    expect(report.pairs).toBe(pairs.length);
    expect(report.ungrounded).toBe(0);
    // Rejected CVE, empty vulnerability, empty technique, title-only weakness, mitigation without text.
    expect(report.noTemplate).toBe(5);
    expect(Object.keys(report.byKind).sort()).toEqual(['advisory', 'attack-pattern', 'group', 'kev-entry', 'mitigation', 'paper', 'technique', 'vulnerability', 'weakness']);
    expect(new Set(pairs.map((p) => p.metadata.kind))).toEqual(new Set(['advisory', 'attack-pattern', 'group', 'kev-entry', 'paper', 'technique', 'vulnerability', 'weakness']));
    for (const pair of pairs) {
      expect(Object.keys(pair).sort()).toEqual(['id', 'instruction', 'metadata', 'response']);
      expect(pair.metadata.seed).toBe(7);
      const source = sources.get(pair.metadata.source_ids[0]!)!;
      expect(pair.metadata.source).toBe(source.source);
      expect(checkGrounding(pair.response, source).ok).toBe(true);
    }
    expect(pairs.filter((p) => p.metadata.source_ids[0] === 'nvd:CVE-2024-0001')).toHaveLength(2);
    expect((await stat(input)).mtimeMs).toBe(before.mtimeMs);
    expect((await readdir(join(dir, 'out'))).filter((f) => f.startsWith('.tmp'))).toEqual([]);

    const again = join(dir, 'again.jsonl');
    expect(await io.cli('-i', input, '-o', again, '--seed', '7', '--templates-per-record', '2', '--quiet')).toBe(0);
    expect(await readFile(again, 'utf8')).toBe(await readFile(out, 'utf8'));
    const other = join(dir, 'other.jsonl');
    expect(await io.cli('-i', input, '-o', other, '--seed', '8', '--templates-per-record', '2', '--quiet')).toBe(0);
    expect(await readFile(other, 'utf8')).not.toBe(await readFile(out, 'utf8'));
  });

  it('gives the same pairs, report counts and errors on worker threads as on one thread', async () => {
    // Enough records for several chunks per worker, with duplicates and a record no template fits.
    const base = (await readFile(await records(), 'utf8')).trim().split('\n');
    const many = Array.from({ length: 700 }, (_, i) => {
      const record = JSON.parse(base[i % base.length]!) as SourceRecord;
      return JSON.stringify({ ...record, id: `${record.id}-${Math.floor(i / base.length)}` });
    });
    for (let i = 9; i < many.length; i += 10) many[i] = many[i - 1]!;
    const input = join(dir, 'many.jsonl');
    await writeFile(input, many.join('\n') + '\n');
    const one = join(dir, 'one.jsonl');
    const two = join(dir, 'two.jsonl');
    expect(await io.cli('-i', input, '-o', one, '--json')).toBe(0);
    const serial = JSON.parse(io.out) as Record<string, unknown>;
    io.out = '';
    expect(await io.cli('-i', input, '-o', two, '--workers', '3', '--json')).toBe(0);
    const parallel = JSON.parse(io.out) as Record<string, unknown>;
    expect(await readFile(two, 'utf8')).toBe(await readFile(one, 'utf8'));
    for (const key of ['records', 'pairs', 'noTemplate', 'duplicates', 'ungrounded', 'byKind', 'byTemplate']) expect(parallel[key]).toEqual(serial[key]);
    expect(serial.duplicates).toBeGreaterThan(0);

    // A bad record far into the file fails with its line, from a worker, and writes nothing.
    const bad = JSON.parse(many[600]!) as Record<string, unknown>;
    delete bad.kind;
    many[600] = JSON.stringify(bad);
    await writeFile(input, many.join('\n') + '\n');
    const out = join(dir, 'bad-out.jsonl');
    expect(await io.cli('-i', input, '-o', out, '--workers', '2')).toBe(2);
    expect(io.err).toContain(`W_IO_BAD_RECORD: ${input}:601: field "kind"`);
    await expect(stat(out)).rejects.toThrow();
    expect(await io.cli('-i', input, '-o', out, '--workers', '0')).toBe(2);
    expect(io.err).toContain('--workers');
  });

  it('prints a readable summary by default', async () => {
    const input = join(dir, 'r.jsonl');
    await copyFile(join(fixtures, 'real-source.jsonl'), input);
    expect(await io.cli('--input', input, '--out', join(dir, 'p.jsonl'))).toBe(0);
    expect(io.out).toMatch(/structured 11 records into \d+ pairs/);
    expect(io.out).toContain('vulnerability.');
    expect(io.out).toMatch(/records\/s/);
  });

  it('exits 2 with file, line and field for bad input, and writes no output', async () => {
    const input = join(dir, 'bad.jsonl');
    const good = (await readFile(join(fixtures, 'real-source.jsonl'), 'utf8')).split('\n')[0]!;
    const bad = JSON.parse(good) as Record<string, unknown>;
    delete bad.kind;
    await writeFile(input, `${good}\n\n${JSON.stringify(bad)}\n`);
    const out = join(dir, 'pairs.jsonl');
    expect(await io.cli('--input', input, '--out', out)).toBe(2);
    expect(io.err).toContain(`W_IO_BAD_RECORD: ${input}:3: field "kind"`);
    await expect(stat(out)).rejects.toThrow();

    await writeFile(input, `${good}\n{not json\n`);
    expect(await io.cli('--input', input, '--out', out)).toBe(2);
    expect(io.err).toContain(`W_IO_BAD_JSONL: ${input}:2: invalid JSON`);
    await expect(stat(out)).rejects.toThrow();
    expect((await readdir(dir)).filter((f) => f.startsWith('.tmp'))).toEqual([]);
  });

  it('exits 2 on usage errors', async () => {
    expect(await io.cli('--out', join(dir, 'x.jsonl'))).toBe(2);
    expect(io.err).toContain('give --input');
    expect(await io.cli('--input', join(dir, 'missing.jsonl'), '--out', join(dir, 'x.jsonl'))).toBe(2);
    expect(io.err).toContain('W_IO_NOT_FOUND');
    const input = join(dir, 'r.jsonl');
    await copyFile(join(fixtures, 'real-source.jsonl'), input);
    expect(await io.cli('--input', input, '--out', input)).toBe(2);
    expect(io.err).toContain('--out must differ from --input');
    expect(await io.cli('--input', input, '--out', join(dir, 'x.jsonl'), '--templates-per-record', '0')).toBe(2);
    expect(await io.cli('--input', input, '--out', join(dir, 'x.jsonl'), '--seed', '-3')).toBe(2);
  });

  it('teaches with examples in --help', async () => {
    expect(await io.cli('--help')).toBe(0);
    expect(io.out).toContain('--templates-per-record');
    expect(io.out).toContain('Examples:');
    expect(io.out).toContain('warden instruct structure --input out/records.jsonl --out out/pairs.jsonl');
  });
});
