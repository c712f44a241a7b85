import { Command, Option } from 'commander';
import { BUILTIN_STAGES } from '../../pipeline/registry.js';
import { runPipeline } from '../../pipeline/runner.js';
import { OUTPUT_FORMATS, loadRunConfig, parseRunConfig, resolvePaths, type RunConfig } from '../../pipeline/spec.js';
import { formatStatsTable } from '../../pipeline/stats.js';
import { applyEnvOverrides } from '../../core/config.js';
import { WardenError } from '../../core/errors.js';
import { addGlobalFlags, collect, examples, loggerFor, parseIntFlag, splitList, type GlobalFlags } from '../common.js';
import { addExecutorFlags, executorFromFlags, type ExecutorFlags } from '../executor.js';

interface RunFlags extends GlobalFlags, ExecutorFlags {
  input?: string[];
  output?: string;
  workers?: number;
  force?: boolean;
  splits?: string[];
  textField?: string;
  idField?: string;
  onError?: 'fail' | 'skip';
  outputFormat?: RunConfig['output_format'];
  stage?: string[];
  partSizeMb?: number;
  progress?: boolean;
}

export function runCommand(): Command {
  const command = new Command('run')
    .summary('run a pipeline (YAML file or flags) into a resumable run directory')
    .description(
      'Run a pipeline of stages over records. The run directory (--output) gets manifest.json, sharded outputs and one ' +
        'completion marker per shard; running the same command again resumes where it stopped, --force starts over.\n\n' +
        `Built-in stages:\n${Object.entries(BUILTIN_STAGES).map(([n, d]) => `  ${n.padEnd(14)} ${d.description}`).join('\n')}`,
    )
    .argument('[pipeline]', 'pipeline YAML/JSON file; flags override its fields')
    .option('-i, --input <path>', 'input file, directory, quoted glob or HF dataset folder (repeatable)', collect)
    .option('-o, --output <dir>', 'run directory')
    .option('-w, --workers <n>', 'worker threads (default: number of cores)', parseIntFlag('--workers'))
    .option('--force', 'delete an existing run in --output and start over')
    .option('--splits <list>', 'DatasetDict splits to read, comma-separated', splitList)
    .option('--text-field <name>', 'field holding the text (default: text)')
    .option('--id-field <name>', 'field holding the id; derived as <file>#<row> when absent (default: id)')
    .addOption(new Option('--on-error <mode>', 'bad rows: fail (exit 2) or skip (to rejects/)').choices(['fail', 'skip']))
    .addOption(new Option('--output-format <format>', 'format of output shards').choices([...OUTPUT_FORMATS]))
    .option('--stage <name>', 'append a built-in stage (repeatable)', collect)
    .option('--part-size-mb <n>', 'target shard size for splitting large files', parseIntFlag('--part-size-mb'))
    .option('--no-progress', 'never draw a progress bar');
  addExecutorFlags(command);
  addGlobalFlags(command);
  examples(command, [
    'warden run pipeline.yaml',
    'warden run pipeline.yaml --workers 4 --output out/run2',
    "warden run --input 'data/*.jsonl.gz' --output out/stats --stage text-stats --stage length-filter",
    'warden run --input data/hf_dataset --splits train --output out/train --output-format parquet --stage text-stats',
    'warden run pipeline.yaml --executor bullmq --redis redis://127.0.0.1:6379   # shards run by `warden worker` processes',
  ]);
  return command.action(async function runAction(file: string | undefined, flags: RunFlags) {
    const log = loggerFor(flags);
    const config = await buildConfig(file, flags);
    const executor = executorFromFlags(flags, config.workers, log);
    const result = await runPipeline(config, { force: flags.force ?? false, log, executor, ...(flags.progress === false ? { progress: false } : {}) });
    if (flags.json) {
      process.stdout.write(JSON.stringify({ run_dir: result.runDir, skipped: result.skipped, ran: result.ran, stats: result.manifest.stats }) + '\n');
      return;
    }
    const stats = result.manifest.stats!;
    process.stdout.write(`${formatStatsTable(result.stats)}\n\n`);
    process.stdout.write(
      `run: ${result.runDir} (${result.manifest.shards} shards, ${result.ran} run now, ${result.skipped} resumed) ` +
        `in ${(stats.wall_ms / 1000).toFixed(2)}s, ${stats.records_per_s} records/s, ${stats.mb_per_s} MB/s\n` +
        `output: ${result.runDir}/output  manifest: ${result.runDir}/manifest.json\n`,
    );
    if (result.stats.read.rejects > 0 || result.stats.stages.some((s) => s.errors > 0)) {
      process.stdout.write(`rejected rows are in ${result.runDir}/rejects/\n`);
    }
  });
}

async function buildConfig(file: string | undefined, flags: RunFlags): Promise<RunConfig> {
  // Precedence: pipeline file < WARDEN_RUN_* environment < flags.
  const base = file ? await loadRunConfig(file) : (applyEnvOverrides({}, 'WARDEN_RUN_', process.env) as Partial<RunConfig>);
  if (!base.input && !flags.input) throw new WardenError('W_USAGE', 'give a pipeline file or --input (see `warden run --help`)');
  if (!base.output && !flags.output) throw new WardenError('W_USAGE', '--output is required without a pipeline file');
  const merged = {
    ...base,
    ...(flags.input ? { input: flags.input } : {}),
    ...(flags.output ? { output: flags.output } : {}),
    ...(flags.workers ? { workers: flags.workers } : {}),
    ...(flags.splits ? { splits: flags.splits } : {}),
    ...(flags.textField ? { text_field: flags.textField } : {}),
    ...(flags.idField ? { id_field: flags.idField } : {}),
    ...(flags.onError ? { on_error: flags.onError } : {}),
    ...(flags.outputFormat ? { output_format: flags.outputFormat } : {}),
    ...(flags.partSizeMb ? { part_size_mb: flags.partSizeMb } : {}),
    ...(flags.stage ? { stages: [...(base.stages ?? []), ...flags.stage] } : {}),
  };
  try {
    return resolvePaths(parseRunConfig(merged as Parameters<typeof parseRunConfig>[0]), process.cwd());
  } catch (error) {
    if (error instanceof Error && 'issues' in error) {
      const issue = (error as unknown as { issues: { path: unknown[]; message: string }[] }).issues[0]!;
      throw new WardenError('W_CONFIG_INVALID', `field "${issue.path.join('.')}": ${issue.message}`);
    }
    throw error;
  }
}
