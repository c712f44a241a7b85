import { availableParallelism } from 'node:os';
import { WardenError } from '../../../core/errors.js';
import { resolveInputs, type InputFile } from '../../../io/inputs.js';
import { DEFAULT_PART_BYTES, partitionFile, type InputPart } from '../../../io/parts.js';
import type { FieldMap, OnError } from '../../../io/record.js';
import { loadTokenizer } from '../../../text/tokenizers/index.js';
import { countPart, locateInPart, type PartCount } from './count-part.js';
import { countOnWorkers } from './pool.js';

export interface CountTokensOptions {
  inputs: string[];
  splits?: string[] | undefined;
  /** `o200k_base`, `cl100k_base` or a tokenizer.json path. */
  tokenizer: string;
  fields: FieldMap;
  onError: OnError;
  workers?: number | undefined;
  /** Token count whose crossing record is reported. */
  target?: number | undefined;
  /** Size of the parts large JSONL/Parquet files are cut into (default 64 MB). */
  partBytes?: number | undefined;
  /** Input bytes read so far, of `total`. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface Totals {
  records: number;
  tokens: number;
  chars: number;
  rejects: number;
}

export interface FileTotals extends Totals {
  path: string;
  rel: string;
  split?: string;
  format: string;
}

export interface SplitTotals extends Totals {
  split: string;
}

/** Where the cumulative token count first reaches the target, in the deterministic input order. */
export type TargetResult =
  | {
      tokens: number;
      reached: true;
      /** 1-based position of the record over all inputs, in order. */
      record: number;
      /** The file holding it, its split, and its 1-based position in that file. */
      path: string;
      rel: string;
      split?: string;
      file_record: number;
      id: unknown;
      /** Tokens up to and including that record (>= tokens). */
      cumulative: number;
    }
  | { tokens: number; reached: false; total: number; missing: number };

export interface TokenCountReport {
  tokenizer: string;
  text_field: string;
  files: FileTotals[];
  splits: SplitTotals[];
  total: Totals & { files: number; parts: number };
  target?: TargetResult;
  workers: number;
  wall_ms: number;
  tokens_per_s: number;
}

interface PlannedPart {
  part: InputPart;
  file: number;
  bytes: number;
}

/**
 * Counts records, tokens and characters per file, per split and overall, on a pool of worker
 * threads, and finds the record at which the running token count reaches `target`. Files are
 * read in the sorted order `resolveInputs` gives and cut into parts as the pipeline does; parts
 * are counted in any order on any worker but summed in plan order, so every figure (and the
 * target record) is the same for any worker count.
 *
 * @example
 * const report = await countTokens({ inputs: ['data/'], tokenizer: 'o200k_base', fields: { text: 'text', id: 'id' }, onError: 'fail', target: 500e9 });
 */
export async function countTokens(options: CountTokensOptions): Promise<TokenCountReport> {
  const started = performance.now();
  // Loaded here first: a bad tokenizer fails before any worker starts, and the target search uses it.
  const tokenizer = await loadTokenizer(options.tokenizer);
  const files = await resolveInputs(options.inputs, { splits: options.splits });
  const planned = await planParts(files, options.partBytes ?? DEFAULT_PART_BYTES);
  const totalBytes = planned.reduce((sum, p) => sum + p.bytes, 0);
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const read = { fields: options.fields, onError: options.onError };

  // Progress in input bytes, each part capped at its estimate (compressed parts read more).
  const seen = new Float64Array(planned.length);
  let done = 0;
  const onBytes = (index: number, bytes: number) => {
    const before = seen[index]!;
    seen[index] = Math.min(before + bytes, planned[index]!.bytes);
    done += seen[index]! - before;
    options.onProgress?.(done, totalBytes);
  };

  let counts: PartCount[];
  if (workers === 1 || planned.length === 1) {
    counts = [];
    for (const [index, { part }] of planned.entries()) counts.push(await countPart(part, tokenizer, read, (bytes) => onBytes(index, bytes)));
  } else {
    counts = await countOnWorkers(planned.map((p) => p.part), { tokenizer: options.tokenizer, ...read }, workers, onBytes);
  }

  const report = aggregate(files, planned, counts);
  const result: TokenCountReport = {
    tokenizer: tokenizer.name,
    text_field: options.fields.text,
    ...report,
    workers,
    wall_ms: 0,
    tokens_per_s: 0,
  };
  if (options.target !== undefined) result.target = await findTarget(options.target, files, planned, counts, (part, need) => locateInPart(part, tokenizer, read, need));
  result.wall_ms = Math.round(performance.now() - started);
  result.tokens_per_s = result.wall_ms > 0 ? Math.round((report.total.tokens * 1000) / result.wall_ms) : 0;
  return result;
}

async function planParts(files: InputFile[], partBytes: number): Promise<PlannedPart[]> {
  const out: PlannedPart[] = [];
  for (const [file, input] of files.entries()) {
    const parts = await partitionFile(input, partBytes);
    for (const part of parts) {
      const range = part.format === 'jsonl' ? part.range : undefined;
      out.push({ part, file, bytes: range ? range.end - range.start : Math.max(1, Math.round(input.size / parts.length)) });
    }
  }
  return out;
}

function zero(): Totals {
  return { records: 0, tokens: 0, chars: 0, rejects: 0 };
}

function add(into: Totals, from: Totals): void {
  into.records += from.records;
  into.tokens += from.tokens;
  into.chars += from.chars;
  into.rejects += from.rejects;
}

function aggregate(files: InputFile[], planned: PlannedPart[], counts: PartCount[]): Pick<TokenCountReport, 'files' | 'splits' | 'total'> {
  const perFile: FileTotals[] = files.map((f) => ({ path: f.path, rel: f.rel, ...(f.split ? { split: f.split } : {}), format: f.format, ...zero() }));
  const total = { ...zero(), files: files.length, parts: planned.length };
  planned.forEach((p, i) => {
    add(perFile[p.file]!, counts[i]!);
    add(total, counts[i]!);
  });
  const splits = new Map<string, SplitTotals>();
  for (const file of perFile) {
    if (!file.split) continue;
    if (!splits.has(file.split)) splits.set(file.split, { split: file.split, ...zero() });
    add(splits.get(file.split)!, file);
  }
  return { files: perFile, splits: [...splits.values()], total };
}

async function findTarget(
  target: number,
  files: InputFile[],
  planned: PlannedPart[],
  counts: PartCount[],
  locate: (part: InputPart, need: number) => Promise<{ index: number; id: unknown; tokens: number } | undefined>,
): Promise<TargetResult> {
  let tokens = 0;
  let records = 0;
  const fileRecords = new Array<number>(files.length).fill(0);
  for (const [i, p] of planned.entries()) {
    const count = counts[i]!;
    if (tokens + count.tokens >= target) {
      const hit = await locate(p.part, target - tokens);
      if (!hit) throw new WardenError('W_RUN_MISMATCH', 'the input changed while its tokens were being counted', { where: p.part.path });
      const file = files[p.file]!;
      return {
        tokens: target,
        reached: true,
        record: records + hit.index + 1,
        path: file.path,
        rel: file.rel,
        ...(file.split ? { split: file.split } : {}),
        file_record: fileRecords[p.file]! + hit.index + 1,
        id: hit.id,
        cumulative: tokens + hit.tokens,
      };
    }
    tokens += count.tokens;
    records += count.records;
    fileRecords[p.file]! += count.records;
  }
  const total = counts.reduce((sum, c) => sum + c.tokens, 0);
  return { tokens: target, reached: false, total, missing: target - total };
}
