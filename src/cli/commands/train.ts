import { Command } from 'commander';
import { WardenError } from '../../core/errors.js';
import { trainModel, type TrainModelOptions, type TrainModelResult } from '../../apps/classifiers/train.js';
import type { EvalResult } from '../../ml/metrics.js';
import { defaultPreclassifierDir, PRECLASSIFIER } from '../../ml/preclassifier.js';
import { SGD_DEFAULTS } from '../../ml/sgd.js';
import { addGlobalFlags, collect, examples, loggerFor, parseIntFlag, splitList, type GlobalFlags } from '../common.js';

interface TrainFlags extends GlobalFlags {
  train: string[];
  eval?: string[];
  output: string;
  textField: string;
  labelField: string;
  labels?: string[];
  featureToken?: string[];
  keep?: string[];
  seed: number;
  bits: number;
  l2: number;
  eta0: number;
  epochs: number;
  validation: number;
  minRecall?: string[];
  tune?: string[];
  holdoutField?: string;
  holdoutFraction: number;
  name?: string;
  cv?: number;
  onnx?: boolean;
}

function parseFloatFlag(name: string, min: number, max: number) {
  return (value: string): number => {
    const x = Number(value);
    if (!Number.isFinite(x) || x < min || x > max) throw new WardenError('W_USAGE', `${name} must be a number in [${min}, ${max}] (got "${value}")`);
    return x;
  };
}

function parseRecall(pairs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const m = /^([^=]{1,64})=(0(?:\.\d+)?|1(?:\.0+)?)$/.exec(pair);
    if (!m) throw new WardenError('W_USAGE', `--min-recall takes label=fraction, e.g. command=0.97 (got "${pair}")`);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

function trainOptions(command: Command, defaults: { output?: string; train?: string[] }): Command {
  return command
    .option('--train <files>', 'training data: JSONL/Parquet/Arrow/CSV files, folders or globs (repeatable)', collect, defaults.train)
    .option('--eval <files>', 'evaluation data (repeatable); otherwise --holdout-field or only the validation split is reported', collect)
    .option('-o, --output <dir>', 'model directory to write (manifest.json, weights.bin, report.json, report.html)', defaults.output)
    .option('--text-field <name>', 'text field', 'text')
    .option('--label-field <name>', 'label field', 'label')
    .option('--labels <list>', 'label set in model order (default: the labels found, sorted)', splitList)
    .option('--feature-token <template>', 'extra feature token from record fields, e.g. SEGMENT_{segment_type} (repeatable)', collect)
    .option('--keep <fields>', 'record fields kept for feature tokens and grouping', splitList)
    .option('--seed <n>', 'seed for splits and training order', parseIntFlag('--seed'), 42)
    .option('--bits <n>', 'log2 of hashed feature buckets (18..20)', parseIntFlag('--bits'), 18)
    .option('--l2 <x>', 'L2 regularisation strength', parseFloatFlag('--l2', 0, 1), SGD_DEFAULTS.l2)
    .option('--eta0 <x>', 'initial SGD learning rate', parseFloatFlag('--eta0', 0, 100), SGD_DEFAULTS.eta0)
    .option('--epochs <n>', 'most epochs (early stopping on the validation split)', parseIntFlag('--epochs'), SGD_DEFAULTS.epochs)
    .option('--validation <fraction>', 'share of training rows held out for early stopping, calibration and thresholds', parseFloatFlag('--validation', 0.01, 0.5), 0.1)
    .option('--min-recall <label=fraction>', 'set a label\'s threshold to keep this validation recall (repeatable)', collect)
    .option('--tune <labels>', 'labels that get an F1-optimal threshold', splitList)
    .option('--holdout-field <field>', 'hold out whole groups of this field (e.g. family) as the test set')
    .option('--holdout-fraction <x>', 'share of groups per label held out', parseFloatFlag('--holdout-fraction', 0.05, 0.5), 0.2)
    .option('--cv <k>', 'stratified k-fold cross-validation on the training rows before the final model', parseIntFlag('--cv'))
    .option('--onnx', 'also export model.onnx (input: the hashed feature vector; see manifest.json features)')
    .option('--name <name>', 'model name recorded in the manifest');
}

async function runTraining(flags: TrainFlags, base: Partial<TrainModelOptions> & { name: string }): Promise<void> {
  if (!flags.train?.length) throw new WardenError('W_USAGE', '--train is required');
  if (!flags.output) throw new WardenError('W_USAGE', '--output is required');
  const log = loggerFor(flags);
  const options: TrainModelOptions = {
    ...base,
    train: flags.train,
    ...(flags.eval?.length ? { eval: flags.eval } : {}),
    output: flags.output,
    textField: flags.textField,
    labelField: flags.labelField,
    ...(flags.labels ? { labels: flags.labels } : {}),
    ...(flags.featureToken ? { featureTokens: flags.featureToken } : {}),
    keep: [...(base.keep ?? []), ...(flags.keep ?? [])],
    seed: flags.seed,
    features: { kind: 'hashing', bits: flags.bits, wordNgrams: [1, 2], charNgrams: [3, 5], sublinearTf: true, maxChars: 20_000 },
    sgd: { l2: flags.l2, eta0: flags.eta0, epochs: flags.epochs },
    validationFraction: flags.validation,
    ...(flags.minRecall ? { minRecall: parseRecall(flags.minRecall) } : {}),
    ...(flags.tune ? { tuneLabels: flags.tune } : {}),
    ...(flags.holdoutField ? { holdout: { field: flags.holdoutField, fraction: flags.holdoutFraction } } : {}),
    name: flags.name ?? base.name,
    ...(flags.cv ? { cv: flags.cv } : {}),
    ...(flags.onnx ? { onnx: true } : {}),
    onEpoch: (e) => log.info(`epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(4)}${e.validationLoss === undefined ? '' : `, validation loss ${e.validationLoss.toFixed(4)}`} (${e.seconds.toFixed(2)} s)`),
  };
  const result = await trainModel(options);
  if (flags.json) process.stdout.write(JSON.stringify({ model: flags.output, manifest: result.manifest, validation: brief(result.validation), test: result.test ? { ...brief(result.test.result), macroF1CI: result.test.bootstrap } : undefined }, null, 2) + '\n');
  else process.stdout.write(describe(flags.output, result));
}

function brief(r: EvalResult) {
  return { n: r.n, accuracy: r.accuracy, macroF1: r.macroF1, ece: r.ece, perLabel: r.perLabel };
}

function describe(dir: string, result: TrainModelResult): string {
  const lines = [`model written to ${dir} (${result.manifest.labels.join(', ')}; ${String(result.manifest.training['seconds'])} s)`];
  if (result.cv) lines.push(`${result.cv.k}-fold cross-validation: macro-F1 ${result.cv.macroF1.mean.toFixed(3)} ± ${result.cv.macroF1.std.toFixed(3)} (${result.cv.folds.map((f) => f.macroF1.toFixed(3)).join(', ')})`);
  lines.push(...metricLines('validation split', result.validation));
  if (result.test) lines.push(...metricLines(result.test.heldOut ? `held-out groups (${result.test.heldOut.join(', ')})` : 'evaluation set', result.test.result, result.test.bootstrap));
  lines.push(`report: ${result.reportHtml}`);
  return lines.join('\n') + '\n';
}

export function metricLines(title: string, r: EvalResult, ci?: { low: number; high: number }): string[] {
  const f = (x: number | null) => (x === null ? '  n/a' : x.toFixed(3));
  const out = [`${title}: ${r.n} rows, accuracy ${f(r.accuracy)}, macro-F1 ${f(r.macroF1)}${ci ? ` [95% CI ${f(ci.low)}–${f(ci.high)}]` : ''}, ECE ${f(r.ece)}`];
  for (const [label, m] of Object.entries(r.perLabel)) out.push(`  ${label.padEnd(14)} P ${f(m.precision)}  R ${f(m.recall)}  F1 ${f(m.f1)}  AUPRC ${f(m.auprc)}  support ${m.support}`);
  return out;
}

export function trainCommand(): Command {
  const command = new Command('train').summary('train the fast text classifiers (generic, or the egress pre-classifier)');
  const classifier = trainOptions(new Command('classifier'), {})
    .summary('train a calibrated text classifier from labelled rows')
    .description(
      'Hashing features (word 1-2-grams, char 3-5-grams in word boundaries, sublinear TF, L2) and multinomial logistic regression ' +
        'trained by averaged SGD with class weights, early stopping on a stratified validation split, temperature calibration and ' +
        'per-label thresholds. Writes a model directory whose manifest records labels, features, data hash, metrics and the sha256 of the weights.',
    );
  addGlobalFlags(classifier);
  examples(classifier, [
    'warden train classifier --train train.jsonl --eval eval.jsonl --output models/topic',
    'warden train classifier --train rows.jsonl --cv 5 --onnx --output models/topic',
    'warden train classifier --train rows.jsonl --holdout-field family --label-field label --output models/m --min-recall unsafe=0.95',
  ]);
  classifier.action(async function trainClassifierAction(flags: TrainFlags) {
    await runTraining(flags, { name: flags.name ?? 'classifier' });
  });

  const pre = trainOptions(new Command('preclassifier'), { output: defaultPreclassifierDir(), train: ['data/preclassifier/rows.jsonl'] })
    .summary('train the egress pre-classifier (educational / command / text) with its defaults')
    .description(
      'The pre-classifier decides whether a dangerous command in an LLM response is explained (educational), handed over to run (command) ' +
        'or absent (text). Defaults: the project\'s data (data/preclassifier/rows.jsonl), feature token SEGMENT_{segment_type}, whole template ' +
        `families held out for testing (--holdout-field family), command threshold set for ${PRECLASSIFIER.minRecall.command} validation recall, ` +
        'output to the shipped models/preclassifier.',
    );
  addGlobalFlags(pre);
  examples(pre, ['warden train preclassifier', 'warden train preclassifier --train my-rows.jsonl --output models/my-preclassifier']);
  pre.action(async function trainPreclassifierAction(flags: TrainFlags) {
    flags.holdoutField ??= PRECLASSIFIER.holdout.field;
    flags.featureToken ??= [...PRECLASSIFIER.featureTokens];
    flags.minRecall ??= Object.entries(PRECLASSIFIER.minRecall).map(([l, r]) => `${l}=${r}`);
    flags.labels ??= [...PRECLASSIFIER.labels];
    await runTraining(flags, { name: PRECLASSIFIER.name, keep: [...PRECLASSIFIER.keep], view: 'preclassifier-window' });
  });
  command.addCommand(classifier);
  command.addCommand(pre);
  return command;
}
