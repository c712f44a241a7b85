import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-synth-dlp-cli-');
const io = useCliCapture(['synth']);

describe('warden synth dlp / validate-dlp', () => {
  it('--help teaches with examples and the label rules', async () => {
    expect(await io.cli('dlp', '--help')).toBe(0);
    expect(io.out).toContain('$ warden synth dlp --train 60000 --val 5000 --test 5000 --seed 42 --out');
    expect(io.out).toContain('--quick-demo');
    expect(io.out).toMatch(/sensitivity = restricted +when a SECRET\/DBURI\/PAN\/SSN\/IBAN span/);
    io.out = '';
    expect(await io.cli('validate-dlp', '--help')).toBe(0);
    expect(io.out).toContain('$ warden synth validate-dlp data/dlp');
  });

  it('generates a set, then validates it with exit 0; the same seed twice gives the same files', async () => {
    const out = join(dir, 'set');
    expect(await io.cli('dlp', '--train', '120', '--val', '20', '--test', '20', '--seed', '5', '--out', out)).toBe(0);
    expect(io.out).toContain('wrote 160 record(s) with seed 5');
    expect(io.out).toContain('distributions:');
    const first = await readFile(join(out, 'train.jsonl'));
    expect(await io.cli('dlp', '--train', '120', '--val', '20', '--test', '20', '--seed', '5', '--out', out, '--json')).toBe(0);
    expect((await readFile(join(out, 'train.jsonl'))).equals(first)).toBe(true);
    io.out = '';
    expect(await io.cli('validate-dlp', out)).toBe(0);
    expect(io.out).toContain('0 problem(s) in 160 record(s) from 3 file(s)');
    expect(io.out).toMatch(/span types\s+\w+/);
    io.out = '';
    expect(await io.cli('validate-dlp', out, '--json', '--no-scan')).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ records: 160, problems: 0 });
  });

  it('--quick-demo writes 1,400 records to --out', async () => {
    const out = join(dir, 'demo');
    expect(await io.cli('dlp', '--quick-demo', '--out', out, '--json')).toBe(0);
    const manifest = JSON.parse(io.out);
    expect(manifest.counts).toEqual({ train: 1000, val: 200, test: 200 });
    expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).files.train.sha256).toBe(manifest.files.train.sha256);
  });

  it('validate-dlp exits 1 on a corrupted record and 2 on bad JSON', async () => {
    const out = join(dir, 'set');
    await io.cli('dlp', '--train', '30', '--val', '0', '--test', '0', '--out', out);
    const lines = (await readFile(join(out, 'train.jsonl'), 'utf8')).trimEnd().split('\n');
    const at = lines.findIndex((l) => JSON.parse(l).spans.length > 0);
    const record = JSON.parse(lines[at]!);
    record.spans[0].start += 1;
    lines[at] = JSON.stringify(record);
    await writeFile(join(out, 'train.jsonl'), lines.join('\n') + '\n');
    io.out = '';
    expect(await io.cli('validate-dlp', out, '--no-scan')).toBe(1);
    expect(io.out).toContain(`${join(out, 'train.jsonl')}:${at + 1}  span.`);
    await writeFile(join(dir, 'bad.jsonl'), '{nope\n');
    expect(await io.cli('validate-dlp', join(dir, 'bad.jsonl'))).toBe(2);
    expect(io.err).toContain('W_IO_BAD_JSONL');
  });

  it('flag errors exit 2 with a clear message', async () => {
    expect(await io.cli('dlp', '--train', '10')).toBe(2);
    expect(io.err).toContain('--out DIR is required');
    io.err = '';
    expect(await io.cli('dlp', '--train', '-1', '--out', dir)).toBe(2);
    expect(io.err).toContain('--train must be an integer from 0 to');
    io.err = '';
    expect(await io.cli('dlp', '--seed', 'x', '--out', dir)).toBe(2);
    expect(io.err).toContain('--seed must be an integer');
    io.err = '';
    expect(await io.cli('dlp', '--quick-demo', '--train', '5')).toBe(2);
    expect(io.err).toContain('--quick-demo sets the counts');
    io.err = '';
    expect(await io.cli('dlp', '--train', '0', '--val', '0', '--test', '0', '--out', dir)).toBe(2);
    expect(io.err).toContain('nothing to generate');
  });
});
