import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_CORPUS, DEMO_MODEL, DEMO_TERMS } from '../../apps/filter/test-helpers/fixtures.js';
import { reportError } from '../common.js';
import { filterCommand } from './filter.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-filter-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));

/** `warden filter ...` in-process, with the exit-code mapping of src/cli/main.ts. */
async function warden(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += text(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += text(c)), true));
  const program = new Command('warden').addCommand(filterCommand());
  const configure = (c: Command): void => {
    c.exitOverride();
    c.configureOutput({ writeOut: (t) => process.stdout.write(t), writeErr: (t) => process.stderr.write(t) });
    c.commands.forEach(configure);
  };
  configure(program);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'warden', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } catch (error) {
    const code = error instanceof CommanderError ? (error.exitCode === 0 ? 0 : 2) : reportError(error, false, (t) => process.stderr.write(t));
    return { code, stdout, stderr };
  } finally {
    process.exitCode = undefined;
    out.mockRestore();
    err.mockRestore();
  }
}

const demo = ['--input', DEMO_CORPUS, '--blocklist', DEMO_TERMS, '--classifier', DEMO_MODEL, '--workers', '1', '--save-every', '0.25', '--no-progress', '--quiet'];

describe('warden filter run', () => {
  it('--help lists every flag of the issue, examples and exit codes', async () => {
    const { code, stdout } = await warden('filter', 'run', '--help');
    expect(code).toBe(0);
    for (const flag of ['--input', '--splits', '--output', '--filters', '--blocklist', '--min-distinct-terms', '--word-boundaries', '--classifier', '--threshold', '--chunk-tokens', '--llm-endpoint', '--llm-model', '--llm-prompt', '--on-llm-error', '--save-every', '--log-judgments', '--workers', '--label-field', '--resume', '--output-format']) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('Exit codes: 0');
    const top = await warden('filter', '--help');
    expect(top.stdout).toContain('rethreshold');
  });

  it('exits 0 when documents were removed, prints the summary, and writes what --log-judgments asks', async () => {
    const output = join(dir, 'run');
    const { code, stdout, stderr } = await warden('filter', 'run', ...demo, '--output', output, '--label-field', 'label', '--log-judgments');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/300 records: kept \d+, removed \d+/);
    expect(stdout).toContain('blocklist        judged 300');
    expect(stdout).toMatch(/classifier\s+precision \d\.\d{3}\s+recall \d\.\d{3}/);
    expect(stdout).toContain(`report: ${join(output, 'report.html')}`);
    // --log-judgments without N: every judgment.
    expect((await readFile(join(output, 'judgments.csv'), 'utf8')).split('\r\n').filter(Boolean)).toHaveLength(301);
  });

  it('--json gives the report; the stages follow the flags given when --filters is absent', async () => {
    const { code, stdout } = await warden('filter', 'run', '--input', DEMO_CORPUS, '--blocklist', DEMO_TERMS, '--min-distinct-terms', '3', '--word-boundaries', '--output', join(dir, 'bl'), '--save-every', '0.001', '--workers', '1', '--json', '--quiet');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.report.spec).toMatchObject({ filters: ['blocklist'], blocklist: { minDistinctTerms: 3, wordBoundaries: true } });
    expect(out.report.totals.records).toBe(300);
    expect(out.shards).toBe(300);
  });

  it('refuses bad flags and bad inputs with exit 2 and a message that says what to fix', async () => {
    const badTerms = join(dir, 'bad.txt');
    await writeFile(badTerms, Uint8Array.from([0x00, 0x01, 0x02, 0x0a]));
    const cases: [string[], RegExp][] = [
      [[...demo, '--output', join(dir, 'e1'), '--threshold', '1.5'], /--threshold must be a number in \[0, 1\]/],
      [[...demo, '--output', join(dir, 'e2'), '--save-every', '0'], /--save-every must be a number in \(0, 1\]/],
      [[...demo, '--output', join(dir, 'e3'), '--filters', 'blocklist,magic'], /unknown filter "magic"/],
      [[...demo], /--output is required/],
      [['--output', join(dir, 'e4'), '--blocklist', DEMO_TERMS], /--input is required/],
      [['--input', DEMO_CORPUS, '--output', join(dir, 'e5')], /nothing to filter with/],
      [[...demo.map((a) => (a === DEMO_MODEL ? join(dir, 'no-model') : a)), '--output', join(dir, 'e6')], /W_MODEL_NOT_FOUND/],
      [[...demo.map((a) => (a === DEMO_TERMS ? badTerms : a)), '--output', join(dir, 'e7')], /W_CONFIG_INVALID: .*bad\.txt:1/],
      [[...demo, '--output', join(dir, 'e8'), '--log-judgments', 'lots'], /--log-judgments takes a positive number/],
      [[...demo, '--output', join(dir, 'e9'), '--on-llm-error', 'ignore'], /Allowed choices are flag, pass, fail/],
      [[...demo, '--output', join(dir, 'e10'), '--filters', 'blocklist,classifier,llm'], /--llm-endpoint is required/],
      [[...demo, '--output', join(dir, 'e11'), '--resume'], /nothing to resume/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await warden('filter', 'run', ...args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toMatch(message);
    }
  });

  it('refuses to resume a run with a different configuration', async () => {
    const output = join(dir, 'mismatch');
    expect((await warden('filter', 'run', ...demo, '--output', output)).code).toBe(0);
    const again = await warden('filter', 'run', ...demo, '--output', output, '--threshold', '0.9');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('W_RUN_MISMATCH');
    const resumed = await warden('filter', 'run', ...demo, '--output', output, '--resume');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('(4 shards, 0 run now, 4 resumed)');
  });
});

describe('warden filter rethreshold', () => {
  it('prints the change and writes the new report; exit 2 on a bad run dir or threshold', async () => {
    const output = join(dir, 'run');
    const { code, stdout } = await warden('filter', 'rethreshold', output, '--threshold', '0.05');
    expect(code).toBe(0);
    expect(stdout).toMatch(/threshold 0.5 → 0.05: removed \d+ → \d+/);
    expect(stdout).toContain(join(output, 'rethreshold', 'threshold-0.05'));
    const json = await warden('filter', 'rethreshold', output, '--threshold', '0.5', '--json');
    expect(JSON.parse(json.stdout).report.threshold).toBe(0.5);
    expect((await warden('filter', 'rethreshold', join(dir, 'nope'), '--threshold', '0.5')).code).toBe(2);
    expect((await warden('filter', 'rethreshold', output, '--threshold', 'high')).code).toBe(2);
    expect((await warden('filter', 'rethreshold', output)).code).toBe(2);
  });
});
