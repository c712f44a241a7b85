import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-synth-cli-');
const io = useCliCapture(['synth']);

const row = (text: string, label = 'educational', segment = 'text', extra: Record<string, unknown> = {}) => JSON.stringify({ text, label, segment_type: segment, ...extra });

async function write(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.map((l) => l + '\n').join(''));
  return path;
}

describe('warden synth', () => {
  it('--help lists the subcommands and each has examples', async () => {
    expect(await io.cli('--help')).toBe(0);
    expect(io.out).toMatch(/validate/);
    expect(io.out).toMatch(/combine/);
    expect(io.out).toMatch(/split/);
    for (const sub of ['validate', 'combine', 'split']) {
      io.out = '';
      expect(await io.cli(sub, '--help')).toBe(0);
      expect(io.out).toContain('Examples:');
      expect(io.out).toContain(`$ warden synth ${sub}`);
    }
    io.out = '';
    await io.cli('validate', '--help');
    expect(io.out).toContain('.bak');
  });

  it('validate exits 0 on a clean file and 1 with errors; warnings alone stay 0', async () => {
    const clean = await write('clean.jsonl', [row('Phishing mails fake urgency.'), row('Run `ls -la` to see hidden files.', 'command', 'code')]);
    expect(await io.cli('validate', clean)).toBe(0);
    expect(io.out).toContain('0 error(s), 0 warning(s) in 2 row(s) from 1 file(s)');

    io.out = '';
    const warn = await write('warn.jsonl', [row('Run `ls -la` to see hidden files.', 'command', 'text')]);
    expect(await io.cli('validate', warn)).toBe(0);
    expect(io.out).toContain(`${warn}:1  WARN  segment.mismatch`);

    io.out = '';
    const bad = await write('bad.jsonl', ['```jsonl', row('ok'), '{"text": "broken"', row('cmd', 'command', 'text'), '```']);
    expect(await io.cli('validate', bad, '--expect-label', 'educational')).toBe(1);
    expect(io.out).toContain(`${bad}:3  ERROR parse  invalid JSON`);
    expect(io.out).toContain(`${bad}:4  ERROR label.expected`);
    expect(io.out).toContain('2 artefact(s) can be stripped with --fix');
  });

  it('validate --format json (or --json) is machine-readable with the same content', async () => {
    const bad = await write('bad.jsonl', [row('one'), row('one')]);
    expect(await io.cli('validate', bad, '--format', 'json')).toBe(0);
    const report = JSON.parse(io.out);
    expect(report.issues).toEqual([expect.objectContaining({ code: 'duplicate.exact', where: `${bad}:2`, related: `${bad}:1`, severity: 'warning' })]);
    expect(report.summary).toEqual({ files: 1, rows: 2, errors: 0, warnings: 1, fixed: 0 });
    io.out = '';
    expect(await io.cli('validate', bad, '--json')).toBe(0);
    expect(JSON.parse(io.out).summary.warnings).toBe(1);
  });

  it('validate --fix rewrites the file and keeps a backup', async () => {
    const path = await write('gen.jsonl', ['Here are the rows:', '```json', '[', row('one') + ',', row('two'), ']', '```']);
    const before = await readFile(path, 'utf8');
    expect(await io.cli('validate', path, '--fix')).toBe(0);
    expect(await readFile(path, 'utf8')).toBe(`${row('one')}\n${row('two')}\n`);
    expect(await readFile(`${path}.bak`, 'utf8')).toBe(before);
    expect(io.out).toContain(`originals kept as ${path}.bak`);
  });

  it('validate takes custom labels and fields', async () => {
    const path = await write('custom.jsonl', [JSON.stringify({ prompt: 'hi', y: 'safe' })]);
    expect(await io.cli('validate', path, '--labels', 'safe,unsafe', '--text-field', 'prompt', '--label-field', 'y', '--segment-field', 'none', '--language-field', 'none')).toBe(0);
    const extra = await write('extra.jsonl', [JSON.stringify({ prompt: 'hi', y: 'safe', why: 'because' })]);
    const custom = ['--labels', 'safe,unsafe', '--text-field', 'prompt', '--label-field', 'y', '--segment-field', 'none', '--language-field', 'none'];
    expect(await io.cli('validate', extra, ...custom)).toBe(0);
    expect(await io.cli('validate', extra, ...custom, '--extra-fields', 'error')).toBe(1);
    expect(io.out).toContain('fields outside the schema: why');
    expect(await io.cli('validate', path)).toBe(1);
  });

  it('usage and input errors exit 2', async () => {
    const path = await write('a.jsonl', [row('one')]);
    expect(await io.cli('validate', path, '--expect-label', 'nope')).toBe(2);
    expect(io.err).toContain('W_USAGE');
    expect(await io.cli('validate', path, '--near-dup', '1.5')).toBe(2);
    expect(await io.cli('validate', path, '--format', 'xml')).toBe(2);
    expect(await io.cli('validate', join(dir, 'missing.jsonl'))).toBe(2);
    expect(io.err).toContain('W_IO_NOT_FOUND');
    expect(await io.cli('combine', path)).toBe(2);
    expect(await io.cli('split', path, '--ratio', '0')).toBe(2);
    expect(await io.cli('split', path, '--seed', '-1')).toBe(2);
  });

  it('combine then split: counts, sources, reproducible files', async () => {
    const a = await write('edu.jsonl', ['```jsonl', ...Array.from({ length: 10 }, (_, i) => row(`lesson number ${i}`, 'educational', 'text', { family: `e${i % 5}` })), '```']);
    const b = await write('cmd.jsonl', [...Array.from({ length: 10 }, (_, i) => row(`run ls number ${i}`, 'command', 'code', { family: `c${i % 5}` })), row('lesson number 0'), '{"text": "broken"']);
    const combined = join(dir, 'data', 'combined.jsonl');
    expect(await io.cli('combine', a, b, '--output', combined, '--dedupe')).toBe(0);
    expect(io.out).toContain(`wrote 20 row(s) to ${combined} (dropped 1 exact and 0 near duplicate(s))`);
    expect(io.err).toContain(`skipped ${b}:12: invalid JSON`);
    const rows = (await readFile(combined, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows[0].source).toEqual({ file: a, line: 2 });

    io.out = '';
    expect(await io.cli('split', combined, '--ratio', '0.8', '--seed', '42', '--stratify', 'label', '--group-by', 'family')).toBe(0);
    expect(io.out).toContain(`train  ${join(dir, 'data', 'combined_train.jsonl')}  16 row(s), 8 group(s)`);
    expect(io.out).toContain('command: 8 train / 2 eval');
    const first = await readFile(join(dir, 'data', 'combined_eval.jsonl'), 'utf8');
    io.out = '';
    expect(await io.cli('split', combined, '--stratify', 'label', '--group-by', 'family', '--json')).toBe(0);
    expect(JSON.parse(io.out).eval.rows).toBe(4);
    expect(await readFile(join(dir, 'data', 'combined_eval.jsonl'), 'utf8')).toBe(first);
  });
});
