import { Command } from 'commander';
import { WARDEN_VERSION } from '../core/version.js';
import { classifyCommand, evalCommand } from './commands/classify.js';
import { datasetCommand } from './commands/dataset.js';
import { demoCommand } from './commands/demo.js';
import { filterCommand } from './commands/filter.js';
import { guardCommand } from './commands/guard.js';
import { instructCommand } from './commands/instruct.js';
import { ioCommand } from './commands/io.js';
import { runCommand } from './commands/run.js';
import { scanCommand } from './commands/scan.js';
import { synthCommand } from './commands/synth.js';
import { tokensCommand } from './commands/tokens.js';
import { trainCommand } from './commands/train.js';
import { workerCommand } from './commands/worker.js';

/** The `warden` command tree; every command has a one-line summary and examples in its help. */
export function buildProgram(): Command {
  const program = new Command('warden')
    .description(
      'Warden: security for LLM data — guard live LLM output, prevent data loss, filter pretraining corpora, ' +
        'build security datasets, and train the fast classifiers behind them. Works offline by default.',
    )
    .version(WARDEN_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 success (or nothing found), 1 findings, 2 usage, input or run error.\n' +
        'Every command takes --verbose, --quiet and --json. Run `warden <command> --help` for examples.\n',
    );
  program.addCommand(scanCommand());
  program.addCommand(guardCommand());
  program.addCommand(filterCommand());
  program.addCommand(tokensCommand());
  program.addCommand(datasetCommand());
  program.addCommand(runCommand());
  program.addCommand(demoCommand());
  program.addCommand(ioCommand());
  program.addCommand(synthCommand());
  program.addCommand(trainCommand());
  program.addCommand(evalCommand());
  program.addCommand(classifyCommand());
  program.addCommand(workerCommand());
  program.addCommand(instructCommand());
  return program;
}
