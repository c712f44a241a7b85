import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { useTempDir } from '../../../test/helpers.js';
import { INSTRUCT_DEMO_SOURCES } from '../../apps/instruct/demo.js';
import { main } from '../main.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-instruct-run-');

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
});

const run = (...args: string[]) => main(['node', 'warden', 'instruct', 'run', ...args]);

it('--help explains resume and the review policy, with examples', async () => {
  expect(await run('--help')).toBe(0);
  const help = out.join('');
  expect(help).toContain('--review-pending <policy>');
  expect(help).toContain('Examples:');
  expect(help).toContain('warden instruct run --offline data/instruct/sources --out run1');
  expect(help).toContain('--from <stage>');
});

it('stops for review with exit 0 and the command to run, then completes; --json and --quiet change only the output', async () => {
  const runDir = join(dir, 'run');
  expect(await run('--offline', INSTRUCT_DEMO_SOURCES, '--out', runDir)).toBe(0);
  const table = out.join('');
  expect(table).toMatch(/^review +waiting /m);
  expect(table).toMatch(/^align +not-run .*waits for review/m);
  expect(table).toContain(`pairs await review: run \`warden instruct review --db sqlite:${join(runDir, 'instruct.db')} -i ${join(runDir, 'classified.jsonl')}`);
  expect(err.join('')).toMatch(/^\[1\/7\] collect: ran \(first run\): 517 records/m);

  out = [];
  err = [];
  expect(await run('--offline', INSTRUCT_DEMO_SOURCES, '--out', runDir, '--auto-approve-above', '0.5', '--review-pending', 'reject', '--json')).toBe(0);
  const result = JSON.parse(out.join(''));
  expect(result.status).toBe('complete');
  expect(result.stages.map((s: { stage: string; status: string }) => `${s.stage}:${s.status}`)).toEqual(['collect:skipped', 'filter:skipped', 'structure:skipped', 'classify:skipped', 'review:ran', 'align:ran', 'assemble:ran']);
  expect(result.dataset).toBe(join(runDir, 'dataset'));

  out = [];
  err = [];
  expect(await run('--offline', INSTRUCT_DEMO_SOURCES, '--out', runDir, '--auto-approve-above', '0.5', '--review-pending', 'reject', '--quiet')).toBe(0);
  expect(out.join('')).toBe('');
  expect(err.join('')).toBe('');
  expect(JSON.parse(await readFile(join(runDir, 'pipeline.json'), 'utf8')).status).toBe('complete');
}, 120_000);

it('usage errors exit 2 and name the flag', async () => {
  const cases: [string[], string][] = [
    [['--out', join(dir, 'a')], 'give --offline DIR'],
    [['--offline', INSTRUCT_DEMO_SOURCES, '--out', join(dir, 'a'), '--from', 'polish'], '--from must name a stage'],
    [['--offline', INSTRUCT_DEMO_SOURCES, '--out', join(dir, 'a'), '--review-pending', 'later'], '--review-pending must be wait, approve, reject'],
    [['--offline', INSTRUCT_DEMO_SOURCES, '--out', join(dir, 'a'), '--llm', 'review'], '--llm takes a comma-separated list'],
    [['--offline', INSTRUCT_DEMO_SOURCES, '--out', join(dir, 'a'), '--only', 'align', '--from', 'filter'], '--only cannot be combined'],
    [['--offline', INSTRUCT_DEMO_SOURCES, '--out', join(INSTRUCT_DEMO_SOURCES, 'x')], '--out must not be inside --offline'],
  ];
  for (const [args, message] of cases) {
    err = [];
    expect(await run(...args)).toBe(2);
    expect(err.join('')).toContain(message);
  }
  err = [];
  expect(await run('--offline', INSTRUCT_DEMO_SOURCES, '--auto-approve-above', '1.5')).toBe(2);
  expect(err.join('')).toContain('--auto-approve-above must be a number from 0 to 1');
});
