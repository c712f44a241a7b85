import { dirname, join, resolve } from 'node:path';
import { AtomicFile } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import type { LlmProvider } from '../../../llm/index.js';
import { openStore, type Store } from '../../../store/index.js';
import { readSourceRecords } from '../structure/read.js';
import type { SourceRecord } from '../types.js';
import { RelevanceModel } from './classifier.js';
import { decideChunk, emptyCounts, type DecisionCounts, type LlmErrorPolicy } from './decide.js';

export { RelevanceModel, defaultRelevanceModelDir, RELEVANT_LABEL } from './classifier.js';
export { decideChunk, emptyCounts, type DecideOptions, type DecisionCounts, type LlmErrorPolicy } from './decide.js';
export { judgeRecord, judgeRecords, type JudgeOutcome } from './judge.js';
export { isNonEnglish } from './language.js';
export { RULES, applyRules, checkRules, MIN_WORDS, type RelevanceRule, type RuleInput } from './rules.js';
export { relevanceText, MAX_TEXT_CHARS } from './text.js';

export interface FilterOptions {
  /** Classifier model directory; default the shipped models/instruct-relevance. */
  model?: string;
  /** Keep records the classifier scores at or above this (default 0.5). */
  threshold?: number;
  /** LLM judge for records the classifier is unsure about. */
  llm?: LlmProvider;
  /** Classifier scores sent to the LLM judge, inclusive (default [0.3, 0.7]). */
  band?: readonly [number, number];
  /** A failed LLM judgement: keep the classifier's decision (default), keep, reject, or fail the run. */
  llmErrorPolicy?: LlmErrorPolicy;
}

export interface FilterFileOptions extends FilterOptions {
  /** Also write the dropped records (same shape, with `relevance`) here. */
  rejectedOut?: string;
  /** With an LLM judge: the store its batch runs are tracked in (default `sqlite:<folder of out>/instruct.db`). */
  db?: string;
}

export interface FilterReport extends DecisionCounts {
  input: string;
  out: string;
  rejectedOut?: string;
  model: string;
  threshold: number;
  /** The LLM judge's band, when one judged. */
  band?: readonly [number, number];
  seconds: number;
  recordsPerSecond: number;
}

export const FILTER_DEFAULTS = { threshold: 0.5, band: [0.3, 0.7] as const, llmErrorPolicy: 'classifier' as LlmErrorPolicy };

/** Records decided together: bounds memory and gives the LLM judge batches to run concurrently. */
const CHUNK = 256;

const POLICIES: readonly LlmErrorPolicy[] = ['classifier', 'keep', 'reject', 'fail'];

function checkOptions(options: FilterOptions): { threshold: number; band: readonly [number, number]; llmErrorPolicy: LlmErrorPolicy } {
  const threshold = options.threshold ?? FILTER_DEFAULTS.threshold;
  const band = options.band ?? FILTER_DEFAULTS.band;
  const llmErrorPolicy = options.llmErrorPolicy ?? FILTER_DEFAULTS.llmErrorPolicy;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new WardenError('W_USAGE', `--threshold must be a number from 0 to 1 (got ${threshold})`);
  if (band.length !== 2 || !band.every((x) => Number.isFinite(x) && x >= 0 && x <= 1) || band[0] > band[1]) throw new WardenError('W_USAGE', `--judge-band must be two numbers LOW,HIGH with 0 <= LOW <= HIGH <= 1 (got ${band.join(',')})`);
  if (!POLICIES.includes(llmErrorPolicy)) throw new WardenError('W_USAGE', `--llm-errors must be one of ${POLICIES.join(', ')} (got "${llmErrorPolicy}")`);
  return { threshold, band, llmErrorPolicy };
}

/**
 * The filter stage over records in memory (for the pipeline): every record with `relevance`
 * set, in input order, kept and rejected alike.
 *
 * @example
 * const decided = await filterRecords(records);
 * const kept = decided.filter((r) => r.relevance!.keep);
 */
export async function filterRecords(records: readonly SourceRecord[], options: FilterOptions = {}): Promise<{ records: SourceRecord[]; counts: DecisionCounts }> {
  const checked = checkOptions(options);
  const model = await RelevanceModel.load(options.model);
  const counts = emptyCounts(Boolean(options.llm));
  const seen = new Set<string>();
  const out: SourceRecord[] = [];
  for (let i = 0; i < records.length; i += CHUNK) {
    out.push(...(await decideChunk(records.slice(i, i + CHUNK), { ...checked, model, ...(options.llm ? { llm: options.llm } : {}) }, seen, counts)));
  }
  return { records: out, counts };
}

/**
 * Reads SourceRecord JSONL, decides each record's security relevance (rules, then the trained
 * classifier, then optionally the LLM judge for unsure ones) and writes the kept records to
 * `out` and, when asked, the dropped ones to `rejectedOut`, each with `relevance` saying why.
 * Both files appear atomically when complete; the input is only read; a re-run gives the
 * same files.
 *
 * @example
 * const report = await filterRecordsFile('records.jsonl', 'relevant.jsonl', { rejectedOut: 'rejected.jsonl' });
 * report.byReason; // { 'rule:security-catalog': 272, 'classifier:kept': 245 }
 */
export async function filterRecordsFile(input: string, out: string, options: FilterFileOptions = {}): Promise<FilterReport> {
  const checked = checkOptions(options);
  const paths = [input, out, ...(options.rejectedOut ? [options.rejectedOut] : [])].map((p) => resolve(p));
  if (new Set(paths).size !== paths.length) throw new WardenError('W_USAGE', 'input, --out and --rejected must be three different files (inputs are never modified)', { where: out });
  const started = performance.now();
  const model = await RelevanceModel.load(options.model);
  const counts = emptyCounts(Boolean(options.llm));
  // The judge's requests go through the batch layer, tracked in the store: a re-run after an
  // interruption asks nothing already answered.
  let store: Store | undefined;
  let kept: AtomicFile | undefined;
  let rejected: AtomicFile | undefined;
  let chunk: SourceRecord[] = [];
  const seen = new Set<string>();
  const flush = async (): Promise<void> => {
    let keptText = '';
    let rejectedText = '';
    for (const record of await decideChunk(chunk, decide, seen, counts)) {
      if (record.relevance!.keep) keptText += JSON.stringify(record) + '\n';
      else rejectedText += JSON.stringify(record) + '\n';
    }
    chunk = [];
    if (keptText) await kept!.write(keptText);
    if (rejected && rejectedText) await rejected.write(rejectedText);
  };
  let decide: Parameters<typeof decideChunk>[1] = { ...checked, model, ...(options.llm ? { llm: options.llm } : {}) };
  try {
    store = options.llm ? await openStore(options.db ?? `sqlite:${join(dirname(resolve(out)), 'instruct.db')}`) : undefined;
    if (store) decide = { ...decide, batch: { store } };
    kept = await AtomicFile.open(out);
    rejected = options.rejectedOut ? await AtomicFile.open(options.rejectedOut) : undefined;
    for await (const { record } of readSourceRecords(input)) {
      chunk.push(record);
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
    await kept.commit();
    await rejected?.commit();
  } catch (error) {
    await kept?.abort();
    await rejected?.abort();
    throw error;
  } finally {
    await store?.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    input,
    out,
    ...(options.rejectedOut ? { rejectedOut: options.rejectedOut } : {}),
    model: model.name,
    threshold: checked.threshold,
    ...(options.llm ? { band: checked.band } : {}),
    ...counts,
    seconds,
    recordsPerSecond: seconds > 0 ? Math.round(counts.records / seconds) : counts.records,
  };
}
