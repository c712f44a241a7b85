import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../test/helpers.js';
import { formatValidateJson, formatValidateText } from './report.js';
import { DEFAULT_SCHEMA } from './schema.js';
import { validateFiles } from './validate.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-synth-');

const row = (text: string, label = 'educational', segment = 'text', extra: Record<string, unknown> = {}) => JSON.stringify({ text, label, segment_type: segment, ...extra });

async function write(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.map((l) => l + '\n').join(''));
  return path;
}

const LONG = 'Always check the sender address before you click a link in an email because attackers copy the look of real companies closely';

describe('validateFiles', () => {
  it('passes a clean file and reports its label distribution', async () => {
    const path = await write('ok.jsonl', [row('Phishing mails fake urgency.'), row('Run `ls -la` to list files.', 'command', 'code'), row('Nice weather today.', 'text')]);
    const report = await validateFiles([path]);
    expect(report.issues).toEqual([]);
    expect(report.summary).toEqual({ files: 1, rows: 3, errors: 0, warnings: 0, fixed: 0 });
    expect(report.files[0]!.labels).toEqual({ educational: 1, command: 1, text: 1 });
    expect(report.segments).toEqual({ text: 2, code: 1 });
  });

  it('reports parse errors, artefacts, bad fields, label mismatches and segment warnings with file:line', async () => {
    const path = await write('bad.jsonl', [
      '```jsonl',
      row('Phishing mails fake urgency.'),
      '{"text": "broken"',
      row('Run `ls -la` to list files.', 'command', 'text'),
      row('Plain words only.', 'educational', 'code'),
      JSON.stringify({ text: '', label: 'Educational', segment_type: 'text', language: 'english' }),
      '```',
    ]);
    const report = await validateFiles([path], { expectLabel: 'educational' });
    const seen = report.issues.map((i) => `${i.line}:${i.severity}:${i.code}`);
    expect(seen).toEqual([
      '1:error:artefact.fence',
      '3:error:parse',
      '4:error:label.expected',
      '4:warning:segment.mismatch',
      '5:warning:segment.mismatch',
      '6:error:field.text',
      '6:error:field.label',
      '6:error:field.language',
      '7:error:artefact.fence',
    ]);
    expect(report.issues.every((i) => i.file === path)).toBe(true);
    expect(report.summary.errors).toBe(7);
    expect(report.summary.warnings).toBe(2);
    expect(report.files[0]!.labels).toEqual({ educational: 2, command: 1, Educational: 1 });
  });

  it('finds exact, conflicting and near duplicates across files with both locations', async () => {
    const a = await write('a.jsonl', [row(LONG), row('Run ls to list files.', 'command', 'code')]);
    const b = await write('b.jsonl', [row(LONG.toUpperCase()), row('run  LS to list files.', 'text', 'code'), row(LONG.replace('closely', 'carefully'))]);
    const report = await validateFiles([a, b], { nearDup: 0.8 });
    const dups = report.issues.filter((i) => i.code.startsWith('duplicate.'));
    expect(dups.map((i) => [i.code, i.severity, `${i.file}:${i.line}`, i.related])).toEqual([
      ['duplicate.exact', 'warning', `${b}:1`, `${a}:1`],
      ['duplicate.conflict', 'error', `${b}:2`, `${a}:2`],
      ['duplicate.near', 'warning', `${b}:3`, `${a}:1`],
    ]);
    expect(report.labels).toEqual({ educational: 3, command: 1, text: 1 });
    const off = await validateFiles([a, b], { nearDup: 0 });
    expect(off.issues.some((i) => i.code === 'duplicate.near')).toBe(false);
  });

  it('flags a keyword that predicts a label by itself', async () => {
    const lines = [
      ...Array.from({ length: 20 }, (_, i) => row(`Warning: lesson ${i} on safe browsing`)),
      ...Array.from({ length: 20 }, (_, i) => row(`chat message ${i} on safe browsing`, 'text')),
    ];
    const report = await validateFiles([await write('skew.jsonl', lines)]);
    expect(report.skew.words.map((w) => [w.word, w.label, w.rows])).toEqual([
      ['chat', 'text', 20],
      ['lesson', 'educational', 20],
      ['message', 'text', 20],
      ['warning', 'educational', 20],
    ]);
    expect(report.summary.warnings).toBe(4);
    expect(report.summary.errors).toBe(0);
    expect(formatValidateText(report)).toContain('"warning"             20 rows  100% educational (base 50%)');
  });

  it('--fix strips artefacts in place, keeps a .bak of the original and leaves bad rows', async () => {
    const original = ['Here are the rows:', '```jsonl', row('one') + ',', '{"text": "broken"', '```'].map((l) => l + '\n').join('');
    const path = join(dir, 'gen.jsonl');
    await writeFile(path, original);
    const report = await validateFiles([path], { fix: true });
    expect(report.files[0]!.backup).toBe(`${path}.bak`);
    expect(await readFile(`${path}.bak`, 'utf8')).toBe(original);
    expect(await readFile(path, 'utf8')).toBe(`${row('one')}\n{"text": "broken"\n`);
    expect(report.issues.map((i) => `${i.line}:${i.severity}:${i.code}`)).toEqual([
      '1:fixed:artefact.prose',
      '2:fixed:artefact.fence',
      '3:fixed:artefact.trailing-comma',
      '4:error:parse',
      '5:fixed:artefact.fence',
    ]);
    expect(report.summary.fixed).toBe(4);
    expect(formatValidateText(report)).toContain(`originals kept as ${path}.bak`);

    // A clean rerun touches nothing; a second fix never overwrites the first backup.
    const again = await validateFiles([path], { fix: true });
    expect(again.files[0]!.backup).toBeUndefined();
    await writeFile(path, '```\n' + row('two') + '\n```\n');
    const third = await validateFiles([path], { fix: true });
    expect(third.files[0]!.backup).toBe(`${path}.bak.1`);
    expect(await readFile(`${path}.bak`, 'utf8')).toBe(original);
  });

  it('uses a custom schema', async () => {
    const path = await write('custom.jsonl', [JSON.stringify({ prompt: 'hello', y: 'safe' }), JSON.stringify({ prompt: 'hi', y: 'text' })]);
    const schema = { ...DEFAULT_SCHEMA, textField: 'prompt', labelField: 'y', labels: ['safe', 'unsafe'], segmentField: undefined, languageField: undefined };
    const report = await validateFiles([path], { schema });
    expect(report.issues.map((i) => `${i.line}:${i.code}`)).toEqual(['2:field.label']);
    expect(report.labels).toEqual({ safe: 1, unsafe: 0, text: 1 });
  });

  it('fails with W_IO_NOT_FOUND for a missing file', async () => {
    const error = await expectWardenError(validateFiles([join(dir, 'nope.jsonl')]));
    expect(error.code).toBe('W_IO_NOT_FOUND');
  });
});

describe('report formats', () => {
  it('caps text lines per issue code and keeps everything in JSON', async () => {
    const path = await write('many.jsonl', Array.from({ length: 30 }, (_, i) => JSON.stringify({ text: `row ${i}`, label: 'nope', segment_type: 'text' })));
    const report = await validateFiles([path]);
    const text = formatValidateText(report, { perCode: 5 });
    expect(text.match(/ERROR field\.label/g)).toHaveLength(5);
    expect(text).toContain('… and 25 more field.label (--format json lists all)');
    expect(text).toContain('labels:\n');
    expect(text).toMatch(/30 error\(s\), 0 warning\(s\) in 30 row\(s\) from 1 file\(s\)\n$/);
    const json = JSON.parse(formatValidateJson(report));
    expect(json.issues).toHaveLength(30);
    expect(json.issues[0].where).toBe(`${path}:1`);
    expect(json.summary.errors).toBe(30);
    expect(json.labels).toEqual({ educational: 0, command: 0, text: 0, nope: 30 });
  });
});
