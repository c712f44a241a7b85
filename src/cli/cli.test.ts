import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import { runWarden } from '../../test/cli.js';
import { buildProgram } from './program.js';

class ProcessExitCalled extends Error {
  constructor(readonly exitCode: unknown) {
    super(`process.exit(${String(exitCode)}) called`);
  }
}

const cli = runWarden;

let dir: string;
let exitSpy: MockInstance<typeof process.exit>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  // main() must never end the process; a call would otherwise kill the test worker.
  exitSpy = vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new ProcessExitCalled(code);
  });
});

afterEach(() => {
  exitSpy.mockRestore();
});

async function writeJsonl(name: string, lines: string[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, lines.map((line) => `${line}\n`).join(''));
  return file;
}

const rows = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ id: `r${i}`, text: `record number ${i}` }));

describe('help and usage', () => {
  it('--help exits 0 and lists run, demo and io with their summaries', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    const flat = stdout.replace(/\s+/g, ' ');
    const program = buildProgram();
    const help = program.createHelp();
    for (const name of ['run', 'demo', 'io']) {
      const command = program.commands.find((c) => c.name() === name)!;
      expect(command.summary().length).toBeGreaterThan(10);
      expect(flat).toContain(` ${help.subcommandTerm(command)} ${command.summary()}`);
    }
    expect(stdout).toContain('Exit codes:');
    expect(exitSpy).not.toHaveBeenCalled();
  });

  it.each(['run', 'io convert', 'io stats', 'demo', 'train classifier', 'train preclassifier', 'eval classifier', 'classify', 'synth validate', 'synth combine', 'synth split'])('%s --help shows examples', async (command) => {
    const { stdout } = await cli(...command.split(' '), '--help');
    expect(stdout).toContain('Examples:');
    expect(stdout).toMatch(new RegExp(`\\$ warden ${command}\\b`));
  });

  // Known bug (src/cli/main.ts + program.ts): exitOverride()/configureOutput() are set on the
  // root command only; commander does not copy them to commands attached with addCommand(),
  // so help and usage errors of subcommands call process.exit (code 1 for usage errors).
  // Remove `.fails` once the settings reach every subcommand.
  it('subcommand help exits 0 and subcommand usage errors exit 2 without process.exit', async () => {
    expect((await cli('run', '--help')).code).toBe(0);
    expect((await cli('run', '--no-such-flag')).code).toBe(2);
    expect(exitSpy).not.toHaveBeenCalled();
  });

  it('an unknown command exits 2 with an error on stderr', async () => {
    const { code, stdout, stderr } = await cli('frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'frobnicate'");
    expect(stdout).toBe('');
  });

  it('an unknown option exits 2', async () => {
    const { code, stderr } = await cli('--no-such-flag');
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--no-such-flag'");
    expect(exitSpy).not.toHaveBeenCalled();
  });

  it('a bad --workers value exits 2 with W_USAGE', async () => {
    const { code, stderr } = await cli('run', '--input', 'x.jsonl', '--output', join(dir, 'never'), '--workers', '0');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^warden: W_USAGE: --workers must be a positive integer \(got "0"\)\n {2}hint: /);
  });
});

describe('error reporting', () => {
  it('io stats on a missing file: one error line and a hint, no stack trace', async () => {
    const missing = join(dir, 'missing.jsonl');
    const { code, stdout, stderr } = await cli('io', 'stats', missing);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^warden: W_IO_NOT_FOUND: /);
    expect(lines[0]).toContain(missing);
    expect(lines[1]).toMatch(/^ {2}hint: \S/);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('--verbose adds the stack trace', async () => {
    const { code, stderr } = await cli('io', 'stats', join(dir, 'missing.jsonl'), '--verbose');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^warden: W_IO_NOT_FOUND: /);
    expect(stderr).toMatch(/^WardenError: .*missing\.jsonl/m);
    expect(stderr).toMatch(/^\s+at .+/m);
  });
});

describe('io convert and io stats', () => {
  it('converts JSONL to Parquet and reads the row count back', async () => {
    const input = await writeJsonl('small.jsonl', rows(7));
    const output = join(dir, 'small.parquet');
    const converted = await cli('io', 'convert', input, output, '--json');
    expect(converted.code).toBe(0);
    expect(JSON.parse(converted.stdout)).toMatchObject({ format: 'parquet', rows: 7, rejects: 0 });
    expect(existsSync(output)).toBe(true);

    const stats = await cli('io', 'stats', output, '--json');
    expect(stats.code).toBe(0);
    const parsed = JSON.parse(stats.stdout) as { rows: number; fields: { name: string }[] };
    expect(parsed.rows).toBe(7);
    expect(parsed.fields.map((f) => f.name).sort()).toEqual(['id', 'text']);
  });

  it('prints a human table without --json', async () => {
    const input = await writeJsonl('table.jsonl', rows(3));
    const { code, stdout } = await cli('io', 'stats', input);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^rows: 3 {3}files: 1 /);
    expect(stdout).toMatch(/^text\s+string:3\s/m);
  });
});

describe('run', () => {
  it('runs text-stats into a run directory with a complete manifest', async () => {
    const input = await writeJsonl('run-in.jsonl', rows(5));
    const output = join(dir, 'run-ok');
    const args = ['run', '--input', input, '--output', output, '--stage', 'text-stats', '--workers', '1', '--no-progress', '--json'];
    const { code, stdout, stderr } = await cli(...args);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { run_dir: string; ran: number; stats: { written: number; read: { records: number } } };
    expect(result.run_dir).toBe(output);
    expect(result.stats.written).toBe(5);
    expect(result.stats.read.records).toBe(5);
    const manifest = JSON.parse(await readFile(join(output, 'manifest.json'), 'utf8')) as { status: string; stats: { written: number } };
    expect(manifest.status).toBe('complete');
    expect(manifest.stats.written).toBe(5);
  });

  it('fails on a malformed JSONL line with exit 2, naming file:line', async () => {
    const input = await writeJsonl('bad.jsonl', [rows(1)[0]!, '{"id": "b", "text":', rows(3)[2]!]);
    const output = join(dir, 'run-bad');
    const { code, stderr } = await cli('run', '--input', input, '--output', output, '--stage', 'text-stats', '--workers', '1', '--no-progress');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^warden: W_IO_BAD_JSONL: /);
    expect(stderr).toContain(`${input}:2`);
    const manifest = JSON.parse(await readFile(join(output, 'manifest.json'), 'utf8')) as { status: string };
    expect(manifest.status).toBe('failed');
  });

  it('with --on-error skip, exits 0 and sends the bad row to rejects/', async () => {
    const input = await writeJsonl('bad-skip.jsonl', [rows(1)[0]!, '{"id": "b", "text":', rows(3)[2]!]);
    const output = join(dir, 'run-skip');
    const { code, stdout } = await cli(
      'run', '--input', input, '--output', output, '--stage', 'text-stats', '--workers', '1', '--no-progress', '--json', '--on-error', 'skip',
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { stats: { written: number; read: { rejects: number } } };
    expect(result.stats.written).toBe(2);
    expect(result.stats.read.rejects).toBe(1);
    const files = await readdir(join(output, 'rejects'));
    expect(files.length).toBeGreaterThan(0);
    const rejected = (await Promise.all(files.map((f) => readFile(join(output, 'rejects', f), 'utf8')))).join('');
    const lines = rejected.trim().split('\n').map((line) => JSON.parse(line) as { where: string; raw: string });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ where: `${input}:2`, raw: '{"id": "b", "text":' });
  });

  it('rejects an invalid pipeline YAML naming pipeline.yaml:3 and the field', async () => {
    await writeJsonl('pipe-in.jsonl', rows(2));
    const file = join(dir, 'pipeline.yaml');
    await writeFile(file, 'input: pipe-in.jsonl\noutput: run-pipe\nworkers: "many"\nstages: [text-stats]\n');
    const { code, stderr } = await cli('run', file, '--no-progress');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^warden: W_CONFIG_INVALID: /);
    expect(stderr).toContain('pipeline.yaml:3');
    expect(stderr).toContain('field "workers"');
    expect(existsSync(join(dir, 'run-pipe'))).toBe(false);
  });

  it('runs a valid pipeline YAML, resolving paths against its folder', async () => {
    await writeJsonl('pipe-ok.jsonl', rows(4));
    const file = join(dir, 'pipeline-ok.yaml');
    await writeFile(file, 'input: pipe-ok.jsonl\noutput: run-pipe-ok\nworkers: 1\nstages: [text-stats]\n');
    const { code, stdout } = await cli('run', file, '--no-progress', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ run_dir: join(dir, 'run-pipe-ok'), stats: { written: 4 } });
  });

  it('an unknown stage exits 2 with W_RUN_UNKNOWN_STAGE', async () => {
    const input = await writeJsonl('stage-in.jsonl', rows(2));
    const output = join(dir, 'run-stage');
    const { code, stderr } = await cli('run', '--input', input, '--output', output, '--stage', 'no-such-stage', '--workers', '1', '--no-progress');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^warden: W_RUN_UNKNOWN_STAGE: .*"no-such-stage"/);
  });

  it('without --input or a pipeline file exits 2 with W_USAGE', async () => {
    const { code, stderr } = await cli('run', '--no-progress');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^warden: W_USAGE: /);
  });
});
