import { Command } from 'commander';
import { instructAlignCommand } from './instruct-align.js';
import { instructAssembleCommand } from './instruct-assemble.js';
import { instructClassifyCommand } from './instruct-classify.js';
import { instructCollectCommand } from './instruct-collect.js';
import { instructFilterCommand } from './instruct-filter.js';
import { instructReviewCommand } from './instruct-review.js';
import { instructRunCommand } from './instruct-run.js';
import { instructStructureCommand } from './instruct-structure.js';

/**
 * `warden instruct`: the cybersecurity instruction-dataset stages. Each stage registers its
 * subcommand here with one line.
 *
 * @example
 * program.addCommand(instructCommand());
 */
export function instructCommand(): Command {
  const command = new Command('instruct')
    .summary('build cybersecurity instruction datasets: collect, filter, structure, classify, review, align, assemble')
    .description(
      'Builds instruction/response datasets from the public security record (NVD CVEs, MITRE ATT&CK, CAPEC, CWE, ' +
        'CISA KEV, arXiv cs.CR). Each stage is its own subcommand; run `warden instruct <stage> --help` for examples.',
    );
  command.addCommand(instructCollectCommand());
  command.addCommand(instructFilterCommand());
  command.addCommand(instructStructureCommand());
  command.addCommand(instructClassifyCommand());
  command.addCommand(instructReviewCommand());
  command.addCommand(instructAlignCommand());
  command.addCommand(instructAssembleCommand());
  command.addCommand(instructRunCommand());
  return command;
}
