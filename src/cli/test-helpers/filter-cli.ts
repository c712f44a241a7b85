/**
 * `warden filter ...` as a process of its own, for tests that SIGKILL it mid-run. It runs the
 * real command through the same error reporting as `warden`, without depending on the command
 * being registered in program.ts.
 */
import { CommanderError, Command } from 'commander';
import { filterCommand } from '../commands/filter.js';
import { reportError } from '../common.js';

const program = new Command('warden').exitOverride().addCommand(filterCommand());
const configure = (command: Command): void => {
  command.exitOverride();
  command.commands.forEach(configure);
};
configure(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = error instanceof CommanderError ? (error.exitCode === 0 ? 0 : 2) : reportError(error, process.argv.includes('--verbose'), (text) => process.stderr.write(text));
}
