import { Command, Option } from 'commander';
import { convert } from '../../io/convert.js';
import { WRITE_FORMATS, parseFormat } from '../../io/formats.js';
import { datasetStats, type DatasetStats } from '../../io/stats.js';
import { ProgressBar, formatBytes } from '../../core/progress.js';
import { addGlobalFlags, examples, loggerFor, splitList, type GlobalFlags } from '../common.js';

interface IoFlags extends GlobalFlags {
  splits?: string[];
  textField?: string;
  idField?: string;
  onError?: 'fail' | 'skip';
  format?: string;
}

export function ioCommand(): Command {
  const io = new Command('io').summary('convert data sets between formats and describe them');
  io.addHelpText(
    'after',
    '\nFormats: JSONL (.jsonl/.ndjson, plain, .gz, .zst), Parquet (.parquet), Arrow IPC (.arrow), CSV (.csv, read only),\n' +
      'and Hugging Face save_to_disk folders (Dataset or DatasetDict; a folder output is written in that layout).\n',
  );

  const convertCmd = new Command('convert')
    .summary('stream any supported input into any writable format')
    .argument('<in>', 'input file, directory, quoted glob or HF dataset folder')
    .argument('<out>', 'output file (.jsonl[.gz|.zst], .parquet) or folder (HF layout)')
    .addOption(new Option('--format <format>', 'output format when the name does not tell').choices([...WRITE_FORMATS]))
    .option('--splits <list>', 'DatasetDict splits to read, comma-separated', splitList)
    .option('--text-field <name>', 'text field (only for ids and checks)', 'text')
    .option('--id-field <name>', 'id field; derived as <file>#<row> when absent', 'id')
    .addOption(new Option('--on-error <mode>', 'bad rows: fail or skip').choices(['fail', 'skip']).default('fail'));
  addGlobalFlags(convertCmd);
  examples(convertCmd, [
    'warden io convert data/train.jsonl.gz data/train.parquet',
    'warden io convert data/train.parquet out/train_hf          # HF save_to_disk folder',
    'warden io convert out/dsdict out/test.jsonl.zst --splits test',
  ]);
  convertCmd.action(async function convertAction(input: string, output: string, flags: IoFlags) {
    const log = loggerFor(flags);
    const bar = new ProgressBar({ label: 'convert', unit: ' rows' });
    let rows = 0;
    const result = await convert({
      inputs: [input],
      output,
      format: flags.format ? parseFormat(flags.format, WRITE_FORMATS, '--format') : undefined,
      splits: flags.splits,
      fields: { text: flags.textField ?? 'text', id: flags.idField ?? 'id' },
      onError: flags.onError ?? 'fail',
      onProgress: (n) => bar.update((rows += n)),
    });
    bar.done();
    for (const reject of result.rejects.slice(0, 5)) log.warn({ where: reject.where }, `skipped row: ${reject.reason}`);
    if (flags.json) {
      process.stdout.write(JSON.stringify({ output: result.output, format: result.format, rows: result.rows, rejects: result.rejects.length, files: result.files }) + '\n');
    } else {
      process.stdout.write(`wrote ${result.rows} rows as ${result.format} to ${result.output}${result.rejects.length ? ` (${result.rejects.length} bad rows skipped)` : ''}\n`);
    }
  });

  const statsCmd = new Command('stats')
    .summary('rows, fields, types, null counts and sizes of a data set')
    .argument('<path>', 'file, directory, quoted glob or HF dataset folder')
    .option('--splits <list>', 'DatasetDict splits to read, comma-separated', splitList)
    .addOption(new Option('--on-error <mode>', 'bad rows: fail or skip (counted)').choices(['fail', 'skip']).default('fail'));
  addGlobalFlags(statsCmd);
  examples(statsCmd, ['warden io stats data/train.parquet', 'warden io stats out/dsdict --splits train --json']);
  statsCmd.action(async function statsAction(path: string, flags: IoFlags) {
    const stats = await datasetStats([path], { splits: flags.splits, onError: flags.onError ?? 'fail' });
    process.stdout.write(flags.json ? JSON.stringify(stats) + '\n' : formatDatasetStats(stats));
  });

  return io.addCommand(convertCmd).addCommand(statsCmd);
}

export function formatDatasetStats(stats: DatasetStats): string {
  const lines = [`rows: ${stats.rows}   files: ${stats.files.length}   size: ${formatBytes(stats.bytes)}${stats.rejects ? `   bad rows: ${stats.rejects}` : ''}`, ''];
  for (const file of stats.files) {
    lines.push(`  ${file.path}${file.split ? ` [${file.split}]` : ''}  ${file.format}${file.compression !== 'none' ? `+${file.compression}` : ''}  ${formatBytes(file.bytes)}  ${file.rows} rows`);
  }
  lines.push('', 'field'.padEnd(24) + 'types'.padEnd(28) + 'nulls'.padStart(8) + 'missing'.padStart(9) + 'avg chars'.padStart(11) + 'max chars'.padStart(11));
  for (const field of stats.fields) {
    const types = Object.entries(field.types).map(([t, n]) => `${t}:${n}`).join(' ');
    const nonNull = Object.values(field.types).reduce((a, b) => a + b, 0);
    const avg = field.chars ? (field.chars.total / Math.max(field.types.string ?? nonNull, 1)).toFixed(1) : '-';
    lines.push(
      field.name.padEnd(24) + types.padEnd(28) + String(field.nulls).padStart(8) + String(field.missing).padStart(9) + avg.padStart(11) + String(field.chars?.max ?? '-').padStart(11),
    );
  }
  return lines.join('\n') + '\n';
}
