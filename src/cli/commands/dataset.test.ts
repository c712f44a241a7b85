import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { useTempDir } from '../../../test/helpers.js';
import { reportError } from '../common.js';
import { datasetCommand } from './dataset.js';
import { tokensCommand } from './tokens.js';
import { writeFilterRun, type Fate } from '../../apps/filter/surgery/test-helpers/run-fixture.js';

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

describe('warden dataset', () => {
  it('replace: duplicates approved documents and reports per split', async () => {
    const records = Array.from({ length: 30 }, (_, i) => ({ record: { id: `d${i}`, text: `document number ${i}` }, fate: (i % 6 === 0 ? 'removed' : i % 4 === 1 ? 'approved' : 'kept') as Fate }));
    await writeFilterRun(join(dir, 'run'), 'jsonl', [{ records }]);
    expect(await io.cli('dataset', 'replace', join(dir, 'run'), '--strategy', 'duplicate-approved', '--seed', '4')).toBe(0);
    expect(io.out).toMatch(/\(all\): 25 kept \+ 5 added for 5 removed = 30 records/);
    const out = join(dir, 'run', 'surgery', 'duplicate-approved-documents-seed-4');
    expect((await readFile(join(out, 'provenance.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(5);

    io.out = '';
    expect(await io.cli('dataset', 'replace', join(dir, 'run'), '--strategy', 'duplicate-approved', '--seed', '4', '--budget', 'tokens', '--json', '--output', join(dir, 'tok'))).toBe(0);
    expect(JSON.parse(io.out).manifest).toMatchObject({ budget: 'tokens', tokenizer: 'o200k_base' });

    expect(await io.cli('dataset', 'replace', join(dir, 'run'), '--strategy', 'insert')).toBe(2);
    expect(io.err).toMatch(/--strategy insert needs --from/);
    expect(await io.cli('dataset', 'replace', join(dir, 'run'))).toBe(2);
    expect(await io.cli('dataset', 'replace', join(dir, 'run'), '--strategy', 'duplicate-approved', '--seed', '-1')).toBe(2);
  });

  it('insert: adds a fraction of another data set', async () => {
    await writeFile(join(dir, 'into.jsonl'), Array.from({ length: 10 }, (_, i) => JSON.stringify({ id: `b${i}`, text: `base ${i}` })).join('\n') + '\n');
    await writeFile(join(dir, 'other.jsonl'), Array.from({ length: 10 }, (_, i) => JSON.stringify({ id: `o${i}`, text: `other ${i}` })).join('\n') + '\n');
    expect(await io.cli('dataset', 'insert', '--into', join(dir, 'into.jsonl'), '--from', join(dir, 'other.jsonl'), '--output', join(dir, 'mixed'), '--json')).toBe(0);
    expect(JSON.parse(io.out).manifest.splits).toEqual([{ split: null, base: 10, inserted: 10, output_records: 20 }]);
    expect(await io.cli('dataset', 'insert', '--into', join(dir, 'into.jsonl'), '--from', join(dir, 'other.jsonl'), '--output', join(dir, 'mixed'))).toBe(2);
    expect(io.err).toMatch(/pass --force/);
    expect(await io.cli('dataset', 'insert', '--into', join(dir, 'into.jsonl'), '--from', join(dir, 'other.jsonl'), '--output', join(dir, 'm2'), '--fraction', '0')).toBe(2);
    expect(io.err).toMatch(/--fraction must be in/);
  });
});
