/**
 * `warden filter ...` for the benchmark's child processes: the compiled command when `npm run
 * build` has run (worker threads then load plain JS), else the TypeScript source through tsx.
 * Independent of whether program.ts registers the command.
 */
import { existsSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { filterCommand as FilterCommand } from '../../src/cli/commands/filter.js';

const dist = new URL('../../dist/cli/commands/filter.js', import.meta.url);
const { filterCommand } = (await import(existsSync(dist) ? dist.href : new URL('../../src/cli/commands/filter.ts', import.meta.url).href)) as { filterCommand: typeof FilterCommand };
const program = new Command('warden').exitOverride().addCommand(filterCommand());
program.commands.forEach((c) => c.exitOverride().commands.forEach((s) => s.exitOverride()));
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError) || error.exitCode !== 0) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
