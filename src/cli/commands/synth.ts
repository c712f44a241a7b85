import { Command, Option } from 'commander';
import { WardenError } from '../../core/errors.js';
import {
  combineFiles,
  DEFAULT_LABELS,
  DEFAULT_NEAR_DUP,
  DEFAULT_SCHEMA,
  DEFAULT_SEGMENT_TYPES,
  DEFAULT_SKEW,
  formatValidateJson,
  formatValidateText,
  splitFile,
  validateFiles,
  type CombineReport,
  type DatasetSchema,
  type SplitReport,
} from '../../apps/synth/index.js';
import { addGlobalFlags, examples, parseIntFlag, splitList, type GlobalFlags } from '../common.js';
import { dlpCommands } from './synth-dlp.js';
import { generateCommand, resumeCommand } from './synth-generate.js';
import { dlpAgentCommand } from './synth-agent.js';

interface SchemaFlags extends GlobalFlags {
  labels: string[];
  segmentTypes: string[];
  textField: string;
  labelField: string;
  segmentField: string;
  languageField: string;
  extraFields: DatasetSchema['extraFields'];
}

interface ValidateFlags extends SchemaFlags {
  fix?: boolean;
  expectLabel?: string;
  nearDup: number;
  format: 'text' | 'json';
  skewMinCount: number;
  skewThreshold: number;
  limit: number;
}

interface CombineFlags extends SchemaFlags {
  output: string;
  dedupe?: boolean;
  dedupeNear?: number;
  sourceField: string;
  strict?: boolean;
}

interface SplitFlags extends GlobalFlags {
  ratio: number;
  seed: number;
  stratify?: string;
  groupBy?: string;
  outDir?: string;
}

/**
 * `warden synth`: check, combine and split prompt-generated JSONL training data.
 *
 * @example
 * program.addCommand(synthCommand()); // warden synth validate|combine|split
 */
export function synthCommand(): Command {
  const synth = new Command('synth')
    .summary('check, combine and split prompt-generated JSONL training data')
    .description(
      'Tools for LLM-generated classifier data: rows like {text, label, segment_type, language?}. ' +
        'Field names, labels and segment types are options, so other data sets work too.\n\n' +
        'Workflow: validate (--fix) each generated file → combine --dedupe → split.',
    );
  for (const command of dlpCommands()) synth.addCommand(command);
  synth.addCommand(generateCommand()).addCommand(resumeCommand());
  synth.addCommand(dlpAgentCommand());
  return synth.addCommand(validateCommand()).addCommand(combineCommand()).addCommand(splitCommand());
}

function validateCommand(): Command {
  const command = new Command('validate')
    .summary('report parse errors, LLM artefacts, bad fields, duplicates, label balance and keyword leakage')
    .description(
      'Checks generated JSONL files and reports each problem as file:line, then the label distribution per file and in total.\n\n' +
        'Errors: invalid JSON; LLM artefacts (markdown fences, a stray "jsonl" line, chatter such as "Here are the rows:", ' +
        'a JSON array wrapper, trailing commas, pretty-printed objects); missing or invalid fields; a label other than ' +
        '--expect-label; the same text under two labels.\n\n' +
        'Warnings: segment_type not matching code in the text (fence, inline command, shell prompt, command line); exact and ' +
        'near duplicates (MinHash over word 3-grams, both locations); words that predict one label by themselves (keyword skew).\n\n' +
        '--fix strips artefact lines only (bad rows stay and are still reported) and rewrites the file in place, atomically, ' +
        'after copying the original to FILE.bak (FILE.bak.1, ... when taken): an input is never changed without a copy to go ' +
        'back to. Blank lines are dropped from a rewritten file.\n\n' +
        'Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or input error.',
    )
    .argument('<files...>', 'JSONL files to check (duplicates and skew are checked across all of them)')
    .option('--fix', 'strip artefact lines; rewrite atomically, keeping FILE.bak')
    .option('--expect-label <label>', 'every row must carry this label (a file generated for one label)')
    .option('--near-dup <jaccard>', 'near-duplicate Jaccard threshold, 0 turns the check off', parseFraction('--near-dup', true), DEFAULT_NEAR_DUP)
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--skew-min-count <n>', 'judge words found in at least this many rows', parseIntFlag('--skew-min-count'), DEFAULT_SKEW.minCount)
    .option('--skew-threshold <share>', 'flag a word when at least this share of its rows has one label', parseFraction('--skew-threshold', false), DEFAULT_SKEW.threshold)
    .option('--limit <n>', 'text format: issue lines shown per issue code', parseIntFlag('--limit'), 20);
  addSchemaFlags(command);
  addGlobalFlags(command);
  examples(command, [
    'warden synth validate gen/educational.jsonl --expect-label educational',
    'warden synth validate gen/*.jsonl --fix                 # strip fences/chatter, keep .bak copies',
    'warden synth validate gen/*.jsonl --near-dup 0.8 --format json > report.json',
    'warden synth validate gen/*.jsonl --skew-min-count 10 --skew-threshold 0.95',
    'warden synth validate rows.jsonl --labels safe,unsafe --segment-field none --language-field none',
  ]);
  return command.action(async function validateAction(files: string[], flags: ValidateFlags) {
    const schema = schemaFrom(flags);
    if (flags.expectLabel !== undefined && !schema.labels.includes(flags.expectLabel)) {
      throw new WardenError('W_USAGE', `--expect-label "${flags.expectLabel}" is not one of --labels (${schema.labels.join(',')})`);
    }
    const report = await validateFiles(files, {
      schema,
      expectLabel: flags.expectLabel,
      nearDup: flags.nearDup,
      skew: { minCount: flags.skewMinCount, threshold: flags.skewThreshold },
      fix: flags.fix ?? false,
    });
    const json = flags.format === 'json' || flags.json;
    process.stdout.write(json ? formatValidateJson(report) : formatValidateText(report, { perCode: flags.limit }));
    process.exitCode = report.summary.errors > 0 ? 1 : 0;
  });
}

function combineCommand(): Command {
  const command = new Command('combine')
    .summary('concatenate the valid rows of generated files into one JSONL file, with their source')
    .description(
      'Reads each file like validate does (artefact lines are skipped), keeps the rows that pass the field checks, adds ' +
        'source: {file, line} to each (a row that already has one keeps it) and writes --output atomically.\n\n' +
        'Invalid rows are skipped and counted (the first ones are listed on stderr); --strict fails on them instead. ' +
        '--dedupe drops later copies of a text (the same up to case and whitespace); --dedupe-near also drops near duplicates.\n\n' +
        'Exit codes: 0 written, 2 usage or input error (or an invalid row with --strict).',
    )
    .argument('<files...>', 'generated JSONL files')
    .requiredOption('-o, --output <file>', 'combined JSONL file to write')
    .option('--dedupe', 'drop exact duplicates, keeping the first')
    .option('--dedupe-near <jaccard>', 'also drop near duplicates at this Jaccard threshold', parseFraction('--dedupe-near', false))
    .option('--source-field <name>', 'field that records file and line', 'source')
    .option('--strict', 'fail on the first invalid row instead of skipping it');
  addSchemaFlags(command);
  addGlobalFlags(command);
  examples(command, [
    'warden synth combine gen/*.jsonl --output data/combined.jsonl --dedupe',
    'warden synth combine gen/a.jsonl gen/b.jsonl -o data/ab.jsonl --dedupe-near 0.9 --json',
  ]);
  return command.action(async function combineAction(files: string[], flags: CombineFlags) {
    const report = await combineFiles(files, {
      output: flags.output,
      schema: schemaFrom(flags),
      dedupe: flags.dedupe ?? false,
      dedupeNear: flags.dedupeNear,
      sourceField: flags.sourceField,
      strict: flags.strict ?? false,
    });
    for (const bad of report.invalid) process.stderr.write(`warden: skipped ${bad.where}: ${bad.message}\n`);
    process.stdout.write(flags.json ? JSON.stringify(report) + '\n' : combineText(report));
  });
}

function splitCommand(): Command {
  const command = new Command('split')
    .summary('split a JSONL file into <stem>_train.jsonl and <stem>_eval.jsonl, reproducibly')
    .description(
      'Assigns rows (or whole groups with --group-by) to train or eval with a seeded shuffle: the same file and --seed ' +
        'always give the same split. --stratify FIELD splits each value of FIELD at the ratio on its own; --group-by FIELD ' +
        'keeps every row of a group on one side (hold out whole template families). A stratum with two or more rows or ' +
        'groups gets at least one on each side. Rows keep their order and bytes; both files are written atomically beside ' +
        'the input, or in --out-dir.\n\n' +
        'Exit codes: 0 written, 2 usage or input error.',
    )
    .argument('<file>', 'JSONL file (e.g. the output of synth combine)')
    .option('--ratio <share>', 'share of rows for train', parseFraction('--ratio', false), 0.8)
    .option('--seed <n>', 'shuffle seed', parseSeed, 42)
    .option('--stratify <field>', 'split each value of this field at the ratio (e.g. label)')
    .option('--group-by <field>', 'keep all rows with the same value of this field together (e.g. family)')
    .option('--out-dir <dir>', 'write the two files here instead of beside the input');
  addGlobalFlags(command);
  examples(command, [
    'warden synth split data/combined.jsonl --ratio 0.8 --seed 42 --stratify label',
    'warden synth split data/combined.jsonl --group-by family --stratify label --out-dir data/splits',
  ]);
  return command.action(async function splitAction(file: string, flags: SplitFlags) {
    const report = await splitFile(file, { ratio: flags.ratio, seed: flags.seed, stratify: flags.stratify, groupBy: flags.groupBy, outDir: flags.outDir });
    process.stdout.write(flags.json ? JSON.stringify(report) + '\n' : splitText(report, flags.groupBy !== undefined));
  });
}

function addSchemaFlags(command: Command): Command {
  return command
    .addOption(new Option('--labels <list>', 'allowed labels, comma-separated').argParser(splitList).default([...DEFAULT_LABELS], DEFAULT_LABELS.join(',')))
    .addOption(
      new Option('--segment-types <list>', 'allowed segment types, comma-separated').argParser(splitList).default([...DEFAULT_SEGMENT_TYPES], DEFAULT_SEGMENT_TYPES.join(',')),
    )
    .option('--text-field <name>', 'text field', DEFAULT_SCHEMA.textField)
    .option('--label-field <name>', 'label field', DEFAULT_SCHEMA.labelField)
    .option('--segment-field <name>', 'segment type field; "none" skips it and the code check', DEFAULT_SCHEMA.segmentField)
    .option('--language-field <name>', 'optional language-code field; "none" skips it', DEFAULT_SCHEMA.languageField)
    .addOption(new Option('--extra-fields <mode>', 'fields outside the schema').choices(['allow', 'warning', 'error']).default('allow'));
}

function schemaFrom(flags: SchemaFlags): DatasetSchema {
  if (flags.labels.length === 0) throw new WardenError('W_USAGE', '--labels needs at least one label');
  const optional = (name: string) => (name === 'none' ? undefined : name);
  return {
    textField: flags.textField,
    labelField: flags.labelField,
    segmentField: optional(flags.segmentField),
    languageField: optional(flags.languageField),
    labels: flags.labels,
    segmentTypes: flags.segmentTypes,
    extraFields: flags.extraFields,
  };
}

function parseFraction(name: string, allowZero: boolean) {
  return (value: string): number => {
    const n = Number(value);
    const ok = value.trim() !== '' && Number.isFinite(n) && (allowZero ? n >= 0 : n > 0) && n <= 1;
    if (!ok) throw new WardenError('W_USAGE', `${name} must be a number ${allowZero ? 'from 0' : 'above 0'} up to 1 (got "${value}")`);
    return n;
  };
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new WardenError('W_USAGE', `--seed must be an integer from 0 to 4294967295 (got "${value}")`);
  return n;
}

function combineText(report: CombineReport): string {
  const width = Math.max(...report.files.map((f) => f.path.length));
  const lines = report.files.map(
    (f) =>
      `  ${f.path.padEnd(width)}  ${f.kept} kept of ${f.rows} row(s)` +
      `${f.invalid ? `, ${f.invalid} invalid` : ''}${f.duplicates ? `, ${f.duplicates} duplicate(s)` : ''}${f.artefacts ? `, ${f.artefacts} artefact line(s) skipped` : ''}`,
  );
  const d = report.duplicates;
  const dropped = d.exact + d.near;
  const tail = dropped ? ` (dropped ${d.exact} exact and ${d.near} near duplicate(s)${d.conflicting ? `, ${d.conflicting} with a different label than the kept row` : ''})` : '';
  return `${lines.join('\n')}\nwrote ${report.written} row(s) to ${report.output}${tail}\n`;
}

function splitText(report: SplitReport, grouped: boolean): string {
  const groups = (n: number) => (grouped ? `, ${n} group(s)` : '');
  const lines = [
    `train  ${report.train.path}  ${report.train.rows} row(s)${groups(report.train.groups)}`,
    `eval   ${report.eval.path}  ${report.eval.rows} row(s)${groups(report.eval.groups)}`,
  ];
  const strata = Object.entries(report.strata);
  if (strata.length > 1 || strata[0]?.[0] !== 'all') {
    for (const [key, c] of strata) lines.push(`  ${key}: ${c.train} train / ${c.eval} eval`);
  }
  if (report.mixedGroups) lines.push(`note: ${report.mixedGroups} group(s) mix stratify values; each was placed by its most common value`);
  return lines.join('\n') + '\n';
}
