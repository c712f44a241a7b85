import { Command } from 'commander';
import { writeFileAtomic } from '../../core/atomic.js';
import { WardenError } from '../../core/errors.js';
import { classifyRecords } from '../../apps/classifiers/classify.js';
import { evaluateModel } from '../../apps/classifiers/evaluate.js';
import { TextClassifier } from '../../ml/classifier.js';
import { defaultPreclassifierDir } from '../../ml/preclassifier.js';
import { addGlobalFlags, collect, examples, type GlobalFlags } from '../common.js';
import { metricLines } from './train.js';

interface ClassifyFlags extends GlobalFlags {
  model?: string;
  jsonl?: string[];
  textField: string;
  idField: string;
  output?: string;
}

export function classifyCommand(): Command {
  const command = new Command('classify')
    .summary('label records with a trained classifier (default: the shipped pre-classifier)')
    .description('Writes one JSON line per input record, in input order: {"id", "label", "probs": {label: p}}. Probabilities are calibrated.')
    .option('--model <dir>', 'model directory (default: the shipped pre-classifier)')
    .option('--jsonl <files>', 'input records (JSONL/Parquet/Arrow/CSV; repeatable)', collect)
    .option('--text-field <name>', 'text field', 'text')
    .option('--id-field <name>', 'id field (derived as file#row when absent)', 'id')
    .option('-o, --output <file>', 'write the lines to a file (atomically) instead of stdout');
  addGlobalFlags(command);
  examples(command, ['warden classify --jsonl segments.jsonl', 'warden classify --model models/topic --jsonl docs.parquet --text-field body --output labels.jsonl']);
  return command.action(async function classifyAction(flags: ClassifyFlags) {
    if (!flags.jsonl?.length) throw new WardenError('W_USAGE', '--jsonl FILE is required');
    const model = await TextClassifier.load(flags.model ?? defaultPreclassifierDir());
    const lines: string[] = [];
    for await (const row of classifyRecords(flags.jsonl, model, { text: flags.textField, id: flags.idField })) {
      const line = JSON.stringify(row) + '\n';
      if (flags.output) lines.push(line);
      else if (!process.stdout.write(line)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
    if (flags.output) await writeFileAtomic(flags.output, lines.join(''));
  });
}

interface EvalFlags extends GlobalFlags {
  model?: string;
  test?: string[];
  textField: string;
  labelField: string;
  report?: string;
}

export function evalCommand(): Command {
  const command = new Command('eval').summary('evaluate trained models');
  const classifier = new Command('classifier')
    .summary('score a model on labelled rows: per-label P/R/F1, macro-F1 with bootstrap CI, AUPRC/AUROC, ECE, confusion')
    .option('--model <dir>', 'model directory (default: the shipped pre-classifier)')
    .option('--test <files>', 'labelled rows (repeatable)', collect)
    .option('--text-field <name>', 'text field', 'text')
    .option('--label-field <name>', 'label field', 'label')
    .option('--report <file.html>', 'also write a self-contained HTML report (confusion heatmap, PR/ROC curves, reliability diagram)');
  addGlobalFlags(classifier);
  examples(classifier, ['warden eval classifier --test data/preclassifier/rows.jsonl --report preclassifier.html', 'warden eval classifier --model models/topic --test eval.jsonl --json']);
  classifier.action(async function evalClassifierAction(flags: EvalFlags) {
    if (!flags.test?.length) throw new WardenError('W_USAGE', '--test FILE is required');
    const { result, bootstrap, rows } = await evaluateModel({ model: flags.model ?? defaultPreclassifierDir(), test: flags.test, textField: flags.textField, labelField: flags.labelField, ...(flags.report ? { report: flags.report } : {}) });
    if (flags.json) process.stdout.write(JSON.stringify({ rows, ...result, macroF1CI: bootstrap }, null, 2) + '\n');
    else process.stdout.write(metricLines(`${flags.test.join(', ')}`, result, bootstrap).join('\n') + (flags.report ? `\nreport: ${flags.report}` : '') + '\n');
  });
  command.addCommand(classifier);
  return command;
}
