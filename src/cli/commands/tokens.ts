import { Command, Option } from 'commander';
import { countTokens } from '../../apps/filter/tokens/count.js';
import { formatTokenReport } from '../../apps/filter/tokens/format.js';
import { parseTokenTarget } from '../../apps/filter/tokens/target.js';
import { WardenError } from '../../core/errors.js';
import { ProgressBar } from '../../core/progress.js';
import { addGlobalFlags, collect, examples, parseIntFlag, splitList, type GlobalFlags } from '../common.js';

interface CountFlags extends GlobalFlags {
  input?: string[];
  splits?: string[];
  tokenizer: string;
  textField: string;
  idField: string;
  workers?: number;
  target?: number;
  onError: 'fail' | 'skip';
  partSizeMb?: number;
  progress?: boolean;
}

export function tokensCommand(): Command {
  const tokens = new Command('tokens').summary('count tokens in data sets (tiktoken encodings or a Hugging Face tokenizer.json)');

  const count = new Command('count')
    .summary('tokens, records and characters per file and split, and where a token target is reached')
    .description(
      'Counts tokens with o200k_base, cl100k_base or a byte-level BPE tokenizer.json (GPT-2, GPT-NeoX, Llama-3 style) ' +
        'over JSONL, Parquet, Arrow/CSV files or a Hugging Face save_to_disk folder, on worker threads. Files are read in ' +
        'sorted order, so --target reports the same record for any --workers: the first record at which the running ' +
        'total reaches the target. Special tokens are not added per document; special-token strings in the text are ' +
        'ordinary text for tiktoken encodings and matched as added tokens for tokenizer.json files (as their encode does).',
    )
    .option('-i, --input <path>', 'input file, directory, quoted glob or HF dataset folder (repeatable)', collect)
    .option('--splits <list>', 'DatasetDict splits to read, comma-separated', splitList)
    .option('--tokenizer <name|path>', 'o200k_base, cl100k_base, or a tokenizer.json (or a folder holding one)', 'o200k_base')
    .option('--text-field <name>', 'field holding the text', 'text')
    .option('--id-field <name>', 'field holding the id, reported for the target record (derived as <file>#<row> when absent)', 'id')
    .option('-w, --workers <n>', 'worker threads (default: number of cores)', parseIntFlag('--workers'))
    .option('--target <tokens>', 'report the record at which the running count reaches this many tokens (500e9, 500B, 1.5T)', parseTokenTarget)
    .addOption(new Option('--on-error <mode>', 'bad rows: fail (exit 2) or skip (counted)').choices(['fail', 'skip']).default('fail'))
    .option('--part-size-mb <n>', 'cut large JSONL/Parquet files into parts of about this size for the workers', parseIntFlag('--part-size-mb'))
    .option('--no-progress', 'never draw a progress bar');
  addGlobalFlags(count);
  examples(count, [
    'warden tokens count --input data/corpus.jsonl',
    "warden tokens count --input 'shards/*.parquet' --tokenizer cl100k_base --workers 8 --target 500e9",
    'warden tokens count --input out/hf_dataset --splits train,validation --tokenizer models/llama3/tokenizer.json --json',
  ]);
  count.action(async function countAction(flags: CountFlags) {
    if (!flags.input?.length) throw new WardenError('W_USAGE', 'give at least one --input (a file, folder, quoted glob or HF dataset folder)');
    // The total is known once the inputs are planned: the bar starts on the first progress report.
    let bar: ProgressBar | undefined;
    const quiet = flags.progress === false || flags.json === true;
    const report = await countTokens({
      inputs: flags.input,
      splits: flags.splits,
      tokenizer: flags.tokenizer,
      fields: { text: flags.textField, id: flags.idField },
      onError: flags.onError,
      workers: flags.workers,
      target: flags.target,
      partBytes: flags.partSizeMb ? flags.partSizeMb * 1024 * 1024 : undefined,
      onProgress: (done, total) => {
        bar ??= new ProgressBar({ label: 'tokens', total, unit: 'B', ...(quiet ? { enabled: false } : {}) });
        bar.update(done);
      },
    });
    bar?.done();
    process.stdout.write(flags.json ? JSON.stringify(report) + '\n' : formatTokenReport(report));
  });

  return tokens.addCommand(count);
}
