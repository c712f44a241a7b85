import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { useTempDir } from '../../../test/helpers.js';
import { reportError } from '../common.js';
import { datasetCommand } from './dataset.js';
import { tokensCommand } from './tokens.js';

/**
 * Runs `warden tokens|dataset ...` in-process the way main() does (exit codes 0/2, errors
 * reported on stderr). The commands are not in program.ts yet, so the test builds the tree.
 */
function useF3Cli(): { out: string; err: string; cli: (...args: string[]) => Promise<number> } {
  const io = {
    out: '',
    err: '',
    cli: async (...args: string[]) => {
      const program = new Command('warden').addCommand(tokensCommand()).addCommand(datasetCommand());
      const configure = (command: Command): void => {
        command.exitOverride();
        command.configureOutput({ writeErr: (text) => process.stderr.write(text), writeOut: (text) => process.stdout.write(text) });
        command.commands.forEach(configure);
      };
      configure(program);
      try {
        await program.parseAsync(['node', 'warden', ...args]);
        return 0;
      } catch (error) {
        if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
        return reportError(error, false, (text) => process.stderr.write(text));
      }
    },
  };
  let spies: MockInstance[] = [];
  beforeEach(() => {
    io.out = '';
    io.err = '';
    const text = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((io.out += text(chunk)), true)),
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((io.err += text(chunk)), true)),
    ];
  });
  afterEach(() => spies.forEach((spy) => spy.mockRestore()));
  return io;
}

let dir: string;
useTempDir((path) => (dir = path));
const io = useF3Cli();

describe('warden tokens count', () => {
  it('prints per-file totals and the target record, and JSON with --json', async () => {
    const texts = ['Hello world, this is a test.', 'Tokens: 日本語 and emoji 🙂.', 'Third record\n\twith whitespace   '];
    await writeFile(join(dir, 'a.jsonl'), texts.map((text, i) => JSON.stringify({ id: `r${i}`, text })).join('\n') + '\n');
    const reference = new Tiktoken(cl100k);
    const counts = texts.map((t) => reference.encode(t, [], []).length);
    const target = counts[0]! + 1;
    expect(await io.cli('tokens', 'count', '--input', join(dir, 'a.jsonl'), '--tokenizer', 'cl100k_base', '--workers', '1', '--target', String(target))).toBe(0);
    expect(io.out).toContain('a.jsonl');
    expect(io.out).toContain(String(counts.reduce((a, b) => a + b, 0)));
    expect(io.out).toMatch(/reached at record 2 overall: a\.jsonl record 2, id "r1"/);

    io.out = '';
    expect(await io.cli('tokens', 'count', '-i', join(dir, 'a.jsonl'), '--tokenizer', 'cl100k_base', '--workers', '2', '--target', '1e12', '--json')).toBe(0);
    const report = JSON.parse(io.out);
    expect(report.total).toMatchObject({ records: 3, tokens: counts.reduce((a, b) => a + b, 0) });
    expect(report.target).toMatchObject({ reached: false, tokens: 1e12 });
  });

  it('exits 2 with a clear message on bad flags and inputs', async () => {
    expect(await io.cli('tokens', 'count', '--input', join(dir, 'missing.jsonl'))).toBe(2);
    expect(io.err).toMatch(/W_IO_NOT_FOUND/);
    expect(await io.cli('tokens', 'count', '--input', 'x', '--target', 'lots')).toBe(2);
    expect(io.err).toMatch(/--target must be a positive token count/);
    expect(await io.cli('tokens', 'count')).toBe(2);
    expect(io.err).toMatch(/give at least one --input/);
  });

  it('has examples in its help', async () => {
    expect(await io.cli('tokens', 'count', '--help')).toBe(0);
    expect(io.out).toContain('Examples:');
    expect(io.out).toContain('--target 500e9');
  });
});
