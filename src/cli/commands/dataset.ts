import { Command, Option } from 'commander';
import { insertDocuments } from '../../apps/filter/surgery/insert.js';
import { STRATEGIES, replaceRemoved, type Strategy } from '../../apps/filter/surgery/replace.js';
import type { Budget } from '../../apps/filter/surgery/select.js';
import { WardenError } from '../../core/errors.js';
import { ProgressBar } from '../../core/progress.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../pipeline/spec.js';
import { addGlobalFlags, collect, examples, splitList, type GlobalFlags } from '../common.js';

interface SurgeryFlags extends GlobalFlags {
  strategy?: Strategy;
  from?: string[];
  fromSplits?: string[];
  fromTextField?: string;
  fromIdField?: string;
  budget?: Budget;
  tokenizer?: string;
  seed: number;
  output?: string;
  force?: boolean;
}

interface InsertFlags extends SurgeryFlags {
  into?: string;
  fraction?: number;
  split?: string;
  splits?: string[];
  textField: string;
  idField: string;
  outputFormat?: OutputFormat;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new WardenError('W_USAGE', `--seed must be a non-negative integer (got "${value}")`);
  return n;
}

function parseFraction(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new WardenError('W_USAGE', `--fraction must be in (0, 1] (got "${value}")`);
  return n;
}

export function datasetCommand(): Command {
  const dataset = new Command('dataset').summary('dataset surgery after filtering: keep the size, insert documents');

  const replace = new Command('replace')
    .summary('make up what a filter run removed: duplicate escalated-but-approved documents, or insert others')
    .description(
      'Keeps the document (or token) budget of a finished `warden filter run`, split by split. duplicate-approved copies ' +
        'documents an early stage escalated and a later stage cleared (as Deep Ignorance does), as evenly as the budget ' +
        'allows; insert draws documents from --from. Draws follow a seeded hash of each document id and additions land at ' +
        'seeded random places, so a seed always gives the same data set. Writes OUTPUT/data (the run\'s output format), ' +
        'OUTPUT/manifest.json and OUTPUT/provenance.jsonl (every added record: its position and its source); the run is ' +
        'never changed. Default OUTPUT: RUN_DIR/surgery/<strategy>-<budget>-seed-<seed>.',
    )
    .argument('<run-dir>', 'output folder of `warden filter run`')
    .addOption(new Option('--strategy <name>', 'how to make up the removed documents').choices([...STRATEGIES]).makeOptionMandatory())
    .option('--from <path>', 'data set to draw from (--strategy insert; repeatable)', collect)
    .option('--from-splits <list>', 'DatasetDict splits of --from to draw from', splitList)
    .option('--from-text-field <name>', 'text field of --from (default: the run\'s)')
    .option('--from-id-field <name>', 'id field of --from (default: the run\'s)')
    .addOption(new Option('--budget <kind>', 'what to keep equal').choices(['documents', 'tokens']).default('documents'))
    .option('--tokenizer <name|path>', 'tokenizer for --budget tokens (o200k_base, cl100k_base, tokenizer.json)', 'o200k_base')
    .option('--seed <n>', 'seed of the draws and placements', parseSeed, 0)
    .option('-o, --output <dir>', 'output folder (default: inside the run directory)')
    .option('--force', 'replace an existing output folder');
  addGlobalFlags(replace);
  examples(replace, [
    'warden dataset replace out/filter --strategy duplicate-approved',
    'warden dataset replace out/filter --strategy duplicate-approved --budget tokens --seed 7',
    'warden dataset replace out/filter --strategy insert --from data/clean_pool.jsonl --budget tokens --output out/replaced',
  ]);
  replace.action(async function replaceAction(runDir: string, flags: SurgeryFlags) {
    const bar = new ProgressBar({ label: 'replace', unit: ' records', ...(flags.json ? { enabled: false } : {}) });
    const result = await replaceRemoved({
      runDir,
      strategy: flags.strategy!,
      budget: flags.budget ?? 'documents',
      seed: flags.seed,
      tokenizer: flags.tokenizer,
      from: flags.from,
      fromSplits: flags.fromSplits,
      fromFields: { ...(flags.fromTextField ? { text: flags.fromTextField } : {}), ...(flags.fromIdField ? { id: flags.fromIdField } : {}) },
      output: flags.output,
      force: flags.force ?? false,
      onProgress: (phase, records) => bar.update(records, phase),
    });
    bar.done();
    if (flags.json) return void process.stdout.write(JSON.stringify({ output: result.output, manifest: result.manifest }) + '\n');
    const lines = result.manifest.splits.map((s) => {
      const tokens = s.removed_tokens === undefined ? '' : `, ${s.removed_tokens} tokens removed, ${s.added_tokens} added`;
      return `  ${s.split ?? '(all)'}: ${s.kept} kept + ${s.added_records} added for ${s.removed_records} removed = ${s.output_records} records${tokens}`;
    });
    process.stdout.write(`${lines.join('\n')}\nwrote ${result.output}/data (${result.manifest.output.format}); provenance in ${result.output}/provenance.jsonl\n`);
  });

  const insert = new Command('insert')
    .summary('insert documents from another data set into a data set, at seeded random places')
    .description(
      'Inserts a seeded sample (--fraction of its documents, each in or out by a hash of its id) of OTHER into one split of ' +
        'DATASET (default: train, else the first), at seeded random positions; other splits are copied. Records from OTHER ' +
        'are shaped like DATASET\'s (Parquet/HF outputs keep one schema). Writes OUT/data, OUT/manifest.json and ' +
        'OUT/provenance.jsonl; the inputs are only read.',
    )
    .requiredOption('--into <path>', 'data set to insert into (file, folder, glob or HF dataset folder)')
    .option('--from <path>', 'data set to take documents from (repeatable)', collect)
    .requiredOption('-o, --output <dir>', 'output folder (new or empty; --force replaces it)')
    .option('--fraction <f>', 'share of OTHER\'s documents to insert, in (0, 1]', parseFraction, 1)
    .option('--split <name>', 'split of DATASET that receives the documents')
    .option('--splits <list>', 'DatasetDict splits of DATASET to keep (default: all)', splitList)
    .option('--from-splits <list>', 'DatasetDict splits of OTHER to draw from', splitList)
    .option('--text-field <name>', 'text field of DATASET', 'text')
    .option('--id-field <name>', 'id field of DATASET', 'id')
    .option('--from-text-field <name>', 'text field of OTHER (default: --text-field)')
    .option('--from-id-field <name>', 'id field of OTHER (default: --id-field)')
    .addOption(new Option('--output-format <format>', 'format of the new data set (default: DATASET\'s)').choices([...OUTPUT_FORMATS]))
    .option('--seed <n>', 'seed of the sample and placements', parseSeed, 0)
    .option('--force', 'replace an existing output folder');
  addGlobalFlags(insert);
  examples(insert, [
    'warden dataset insert --into out/replaced/data --from data/refusals.jsonl --output out/mixed',
    'warden dataset insert --into corpus_hf --from extra.parquet --fraction 0.25 --split train --output out/mixed --seed 3',
  ]);
  insert.action(async function insertAction(flags: InsertFlags) {
    if (!flags.from?.length) throw new WardenError('W_USAGE', 'give --from OTHER (the data set to take documents from)');
    const result = await insertDocuments({
      into: flags.into!,
      from: flags.from,
      output: flags.output!,
      fraction: flags.fraction,
      seed: flags.seed,
      split: flags.split,
      intoSplits: flags.splits,
      fromSplits: flags.fromSplits,
      fields: { text: flags.textField, id: flags.idField },
      fromFields: { ...(flags.fromTextField ? { text: flags.fromTextField } : {}), ...(flags.fromIdField ? { id: flags.fromIdField } : {}) },
      outputFormat: flags.outputFormat,
      force: flags.force ?? false,
    });
    if (flags.json) return void process.stdout.write(JSON.stringify({ output: result.output, manifest: result.manifest }) + '\n');
    const lines = result.manifest.splits.map((s) => `  ${s.split ?? '(all)'}: ${s.base} + ${s.inserted} inserted = ${s.output_records} records`);
    process.stdout.write(`${lines.join('\n')}\nwrote ${result.output}/data (${result.manifest.output.format}); provenance in ${result.output}/provenance.jsonl\n`);
  });

  return dataset.addCommand(replace).addCommand(insert);
}
