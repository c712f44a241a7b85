import { Command, InvalidArgumentError } from 'commander';
import { assemble, type AssembleReport } from '../../apps/instruct/assemble/index.js';
import { parseRatios } from '../../apps/instruct/assemble/split.js';
import { EXPORT_FORMATS, SPLITS, type ExportFormat } from '../../apps/instruct/assemble/types.js';
import { WardenError } from '../../core/errors.js';
import { addGlobalFlags, examples, parseIntFlag, type GlobalFlags } from '../common.js';

interface AssembleFlags extends GlobalFlags {
  input?: string;
  out?: string;
  formats: string;
  decontaminate?: string[];
  ratios: string;
  seed: number;
  minhashBands: number;
  minhashRows: number;
  shingle: number;
  nearThreshold: number;
  language: 'en' | 'any';
  minResponseChars: number;
  maxResponseChars: number;
}

function parseFormats(text: string): ExportFormat[] {
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((f) => !(EXPORT_FORMATS as readonly string[]).includes(f));
  if (list.length === 0 || bad.length > 0) throw new WardenError('W_USAGE', `--formats takes a comma-separated list of ${EXPORT_FORMATS.join(', ')} (got "${text}")`);
  return list as ExportFormat[];
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError(`--seed must be an integer from 0 to 4294967295 (got "${value}")`);
  return n;
}

function parseThreshold(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError(`--near-threshold must be in (0, 1] (got "${value}")`);
  return n;
}

function summary(report: AssembleReport, out: string): string {
  if (report.upToDate) return `up to date: ${out} already holds this input and config (fingerprint ${report.fingerprint})\n`;
  const removed = Object.entries(report.removed).map(([k, v]) => `${k} ${v}`).join(', ');
  return (
    `assembled ${report.input.pairs} pairs → ${SPLITS.map((s) => `${s} ${report.splits[s]}`).join(', ')}\n` +
    `removed: ${removed}\n` +
    `near-duplicate clusters: ${report.nearDuplicates.clusters} (largest ${report.nearDuplicates.largest})\n` +
    `wrote ${out}/ (README.md dataset card, assemble.json report, clusters.jsonl, removed.jsonl)\n`
  );
}

/** `warden instruct assemble`. */
export function instructAssembleCommand(): Command {
  const command = new Command('assemble')
    .summary('normalise, deduplicate, decontaminate, filter, split and export instruction pairs with a dataset card')
    .description(
      'Reads instruction pairs (JSONL {id, instruction, response, metadata: {source, kind, source_ids, domains?}}) and writes a dataset folder. ' +
        'Steps: Unicode NFC + whitespace + template-artefact normalisation; exact dedup (sha256 of instruction+response); quality filters ' +
        '(length bounds, an English script/function-word heuristic, refusal leakage such as "As an AI language model"); decontamination ' +
        '(13-gram word overlap with each --decontaminate file); near-duplicate clusters by MinHash LSH (bands × rows slots, word shingles; the ' +
        'earliest pair of a cluster is kept); seeded train/validation/test splits grouped by source id (one CVE never lands in two splits). ' +
        'The input is never modified; output is staged and renamed into place; rerunning with the same input and flags is a no-op.',
    )
    .option('-i, --input <file>', 'instruction pairs JSONL')
    .option('-o, --out <dir>', 'output folder (created; a previous assemble output there is replaced)')
    .option('--formats <list>', `export formats: ${EXPORT_FORMATS.join(',')}`, EXPORT_FORMATS.join(','))
    .option('--decontaminate <files...>', 'evaluation sets (JSONL; every string field is indexed) to remove 13-gram overlaps with')
    .option('--ratios <train,validation,test>', 'split ratios, summing to 1', '0.8,0.1,0.1')
    .option('--seed <n>', 'split seed', parseSeed, 42)
    .option('--minhash-bands <n>', 'LSH bands', parseIntFlag('--minhash-bands'), 16)
    .option('--minhash-rows <n>', 'rows per band (signature length = bands × rows)', parseIntFlag('--minhash-rows'), 8)
    .option('--shingle <n>', 'word shingle size', parseIntFlag('--shingle'), 3)
    .option('--near-threshold <j>', 'estimated Jaccard similarity at which two pairs are near duplicates', parseThreshold, 0.7)
    .option('--language <code>', 'en (English heuristic) or any (no language check)', 'en')
    .option('--min-response-chars <n>', 'shortest response kept', parseIntFlag('--min-response-chars'), 20)
    .option('--max-response-chars <n>', 'longest response kept', parseIntFlag('--max-response-chars'), 20000);
  addGlobalFlags(command);
  examples(command, [
    'warden instruct assemble --input out/pairs.jsonl --out dataset',
    'warden instruct assemble -i pairs.jsonl -o dataset --formats jsonl,chat,hf --decontaminate evals/cti-bench.jsonl evals/secqa.jsonl',
    'warden instruct assemble -i pairs.jsonl -o dataset --ratios 0.9,0.05,0.05 --seed 7 --minhash-bands 32 --minhash-rows 4 --shingle 5 --json',
  ]);
  command.action(async function assembleAction(flags: AssembleFlags) {
    if (!flags.input) throw new WardenError('W_USAGE', 'give --input pairs.jsonl');
    if (!flags.out) throw new WardenError('W_USAGE', 'give --out DIR');
    if (flags.language !== 'en' && flags.language !== 'any') throw new WardenError('W_USAGE', `--language must be en or any (got "${String(flags.language)}")`);
    const report = await assemble({
      input: flags.input,
      out: flags.out,
      formats: parseFormats(flags.formats),
      decontaminate: flags.decontaminate ?? [],
      ratios: parseRatios(flags.ratios),
      seed: flags.seed,
      nearDup: { bands: flags.minhashBands, rows: flags.minhashRows, shingle: flags.shingle, threshold: flags.nearThreshold },
      quality: { language: flags.language, minResponseChars: flags.minResponseChars, maxResponseChars: flags.maxResponseChars },
    });
    process.stdout.write(flags.json ? JSON.stringify(report) + '\n' : summary(report, flags.out));
  });
  return command;
}
