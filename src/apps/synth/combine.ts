import { writeFileAtomic } from '../../core/atomic.js';
import { WardenError } from '../../core/errors.js';
import { scanJsonlText } from './artefacts.js';
import { findDuplicates, rowsToDrop } from './duplicates.js';
import { readInput } from './files.js';
import { checkRow, DEFAULT_SCHEMA, type DatasetSchema } from './schema.js';

export interface CombineOptions {
  output: string;
  schema?: DatasetSchema;
  /** Drop exact duplicates (same text up to case and whitespace), keeping the first. */
  dedupe?: boolean;
  /** Also drop near duplicates at this Jaccard threshold (implies dedupe). */
  dedupeNear?: number | undefined;
  /** Field recording where a row came from. Default 'source'. */
  sourceField?: string;
  /** Fail on the first invalid row instead of skipping it. */
  strict?: boolean;
}

export interface CombineFileCount {
  path: string;
  /** Rows parsed (valid or not). */
  rows: number;
  kept: number;
  invalid: number;
  duplicates: number;
  /** LLM artefact lines (fences, chatter...) skipped. */
  artefacts: number;
}

export interface CombineReport {
  output: string;
  written: number;
  files: CombineFileCount[];
  /** The first invalid rows, as file:line and reason. */
  invalid: { where: string; message: string }[];
  duplicates: { exact: number; near: number; conflicting: number };
}

/** Enough to see what is wrong; `synth validate` lists them all. */
const INVALID_SHOWN = 20;

interface Kept {
  file: number;
  line: number;
  row: Record<string, unknown>;
  text: string;
  label: unknown;
}

/**
 * Concatenates the valid rows of several generated files into one JSONL file (atomically),
 * adding `source: {file, line}` to each row; a row that already has a source (an input that
 * was itself combined) keeps it, so provenance always points at the generated original.
 * Artefact lines are skipped, invalid rows skipped and counted (or fatal with `strict`), and
 * with `dedupe` later copies of a text are dropped.
 *
 * @example
 * const report = await combineFiles(['gen/edu.jsonl', 'gen/cmd.jsonl'], { output: 'data/combined.jsonl', dedupe: true });
 * console.log(`${report.written} rows`);
 */
export async function combineFiles(paths: readonly string[], options: CombineOptions): Promise<CombineReport> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const sourceField = options.sourceField ?? 'source';
  const files: CombineFileCount[] = [];
  const invalid: { where: string; message: string }[] = [];
  const kept: Kept[] = [];
  const reject = (where: string, message: string): void => {
    if (options.strict) throw new WardenError('W_TRAIN_DATA', message, { where });
    if (invalid.length < INVALID_SHOWN) invalid.push({ where, message });
  };

  for (const [index, path] of paths.entries()) {
    const scan = scanJsonlText((await readInput(path)).toString('utf8'));
    const count: CombineFileCount = { path, rows: scan.rows.length, kept: 0, invalid: scan.errors.length, duplicates: 0, artefacts: scan.artefacts.length };
    for (const e of scan.errors) reject(`${path}:${e.line}`, e.message);
    for (const { line, value } of scan.rows) {
      const errors = checkRow(value, schema).filter((p) => p.severity === 'error');
      if (errors.length) {
        count.invalid++;
        reject(`${path}:${line}`, errors.map((p) => p.message).join('; '));
        continue;
      }
      const row = value as Record<string, unknown>;
      kept.push({ file: index, line, row, text: row[schema.textField] as string, label: row[schema.labelField] });
    }
    files.push(count);
  }

  const duplicates = { exact: 0, near: 0, conflicting: 0 };
  let dropped = new Set<number>();
  if (options.dedupe || options.dedupeNear !== undefined) {
    const pairs = findDuplicates(kept, { nearThreshold: options.dedupeNear });
    dropped = rowsToDrop(pairs);
    const counted = new Set<number>();
    for (const pair of pairs) {
      if (!dropped.has(pair.second) || counted.has(pair.second)) continue;
      counted.add(pair.second);
      duplicates[pair.kind]++;
      if (!pair.sameLabel) duplicates.conflicting++;
    }
  }

  let out = '';
  let written = 0;
  kept.forEach((k, i) => {
    const file = files[k.file]!;
    if (dropped.has(i)) {
      file.duplicates++;
      return;
    }
    file.kept++;
    written++;
    const row = sourceField in k.row ? k.row : { ...k.row, [sourceField]: { file: file.path, line: k.line } };
    out += JSON.stringify(row) + '\n';
  });
  if (written === 0) throw new WardenError('W_TRAIN_DATA', 'no valid rows to combine', { where: paths.join(', ') });
  await writeFileAtomic(options.output, out);
  return { output: options.output, written, files, invalid, duplicates };
}
