import { CommanderError, type Command } from 'commander';
import { reportError } from './common.js';
import { buildProgram } from './program.js';

/**
 * Runs the CLI and resolves to the process exit code (0 ok, 1 findings, 2 errors); never
 * calls process.exit itself, so it can be tested in-process.
 *
 * @example
 * const code = await main(['node', 'warden', 'io', 'stats', 'data/demo/corpus.jsonl']);
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  // Commander does not pass these to commands added with addCommand(): set them on every one.
  const configure = (command: Command): void => {
    command.exitOverride();
    command.configureOutput({ writeErr: (text) => process.stderr.write(text) });
    command.commands.forEach(configure);
  };
  configure(program);
  const verbose = argv.includes('--verbose');
  // Commands report "findings" (exit 1) through process.exitCode; start clean so one in-process
  // call cannot leak its code into the next, and return it so the binary exits with it.
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are exits with code 0; usage errors are 2 like every input error.
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportError(error, verbose, (text) => process.stderr.write(text));
  }
}

/** The process entry: like `main`, plus quiet exit when stdout is closed early (`| head`). */
export function runCli(argv: string[] = process.argv): void {
  process.stdout.on('error', function onStdoutError(error: NodeJS.ErrnoException) {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(argv).then((code) => {
    process.exitCode = code;
  });
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry) runCli();
