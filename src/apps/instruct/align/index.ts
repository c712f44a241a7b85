/**
 * Align: security-aligned examples added to reviewed pairs. Refusals of harmful requests
 * (phishing, malware, social engineering, compliance and data handling, prompt injection) with
 * the reason and safe, useful alternatives, and defensive-guidance pairs; from templates,
 * optionally paraphrased by an LLM. Each pair carries its category, type, template and risk flags.
 */
import { dirname, join, resolve } from 'node:path';
import { AtomicFile } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import type { BatchApi } from '../../../llm/batch/types.js';
import type { LlmProvider } from '../../../llm/index.js';
import { openStore } from '../../../store/index.js';
import { readPairs } from '../assemble/read.js';
import { alignedCount, alignedPair } from './generate.js';
import { paraphrasePairs } from './llm.js';
import { ALIGN_CATEGORIES, type AlignedPair } from './types.js';

export { alignedCount, alignedPair, generateAligned, MAX_ALIGNED } from './generate.js';
export { answerProblem, isRefusal, liveAddresses, type AnswerProblem } from './checks.js';
export { paraphrasePairs, type ParaphraseStatus } from './llm.js';
export { ALIGN_TEMPLATES } from './templates/index.js';
export { ALIGN_CATEGORIES, type AlignCategory, type AlignedPair, type AlignMetadata, type AlignTemplate, type AlignType, type RiskFlag } from './types.js';

export interface AlignFileOptions {
  /** Share of the OUTPUT that is aligned, 0 <= ratio < 1 (default 0.2). */
  ratio: number;
  seed: number;
  /** Paraphrase the generated pairs with this LLM (checked; the template answer is kept on failure). */
  llm?: LlmProvider;
  /** Store tracking the LLM batch run (default `sqlite:<folder of out>/instruct.db`). */
  db?: string;
  /** Provider batch API for the paraphrase run; absent: concurrent calls. */
  batchApi?: BatchApi;
}

export const ALIGN_DEFAULTS = { ratio: 0.2, seed: 42 } as const;

export interface AlignReport {
  inputPath: string;
  out: string;
  ratio: number;
  seed: number;
  /** Pairs read. */
  input: number;
  /** Input pairs that were already aligned (a re-run over align output adds none). */
  alreadyAligned: number;
  generated: number;
  /** Pairs written: input + generated. */
  output: number;
  /** Aligned share of the output. */
  alignedShare: number;
  byCategory: Record<string, number>;
  byType: Record<string, number>;
  byTemplate: Record<string, number>;
  byRiskFlag: Record<string, number>;
  /** With an LLM: generated pairs per outcome (`paraphrased`, or why the template answer was kept). */
  llm?: Record<string, number>;
  seconds: number;
}

function bump(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}

/**
 * Reads instruction-pair JSONL, writes every input pair unchanged followed by generated aligned
 * pairs, atomically, so that aligned pairs are `ratio` of the output. Deterministic by seed.
 *
 * @example
 * const report = await alignFile('reviewed.jsonl', 'aligned.jsonl', { ratio: 0.2, seed: 42 });
 * report.byCategory; // { phishing: 48, malware: 47, ... }
 */
export async function alignFile(input: string, out: string, options: AlignFileOptions): Promise<AlignReport> {
  const started = performance.now();
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) throw new WardenError('W_USAGE', `--seed must be an integer from 0 to 4294967295 (got ${options.seed})`);
  if (resolve(input) === resolve(out)) throw new WardenError('W_USAGE', '--out must differ from --input (inputs are never modified)', { where: out });
  alignedCount(0, options.ratio);
  const { pairs } = await readPairs(input);
  const ids = new Set(pairs.map((p) => p.id));
  const alreadyAligned = pairs.filter((p) => p.metadata.aligned === true || p.metadata.source === 'align').length;
  const needed = Math.max(0, alignedCount(pairs.length - alreadyAligned, options.ratio) - alreadyAligned);
  let generated: AlignedPair[] = [];
  for (let index = 0; generated.length < needed; index++) {
    const pair = alignedPair(options.seed, index);
    if (!ids.has(pair.id)) generated.push(pair);
  }
  const report: AlignReport = {
    inputPath: input, out, ratio: options.ratio, seed: options.seed, input: pairs.length, alreadyAligned, generated: generated.length,
    output: pairs.length + generated.length, alignedShare: 0, byCategory: Object.fromEntries(ALIGN_CATEGORIES.map((c) => [c, 0])), byType: {}, byTemplate: {}, byRiskFlag: {}, seconds: 0,
  };
  if (options.llm && generated.length > 0) {
    const store = await openStore(options.db ?? `sqlite:${join(dirname(resolve(out)), 'instruct.db')}`);
    try {
      const result = await paraphrasePairs(generated, { llm: options.llm, store, batchApi: options.batchApi });
      generated = result.pairs;
      report.llm = {};
      for (const status of result.statuses) bump(report.llm, status);
    } finally {
      await store.close();
    }
  }
  for (const pair of generated) {
    bump(report.byCategory, pair.metadata.category);
    bump(report.byType, pair.metadata.type);
    bump(report.byTemplate, pair.metadata.template);
    for (const flag of pair.metadata.risk_flags) bump(report.byRiskFlag, flag);
  }
  report.alignedShare = report.output > 0 ? (alreadyAligned + generated.length) / report.output : 0;
  const file = await AtomicFile.open(out);
  try {
    let buffer = '';
    for (const pair of [...pairs, ...generated]) {
      buffer += JSON.stringify(pair) + '\n';
      if (buffer.length > 1 << 20) {
        await file.write(buffer);
        buffer = '';
      }
    }
    if (buffer) await file.write(buffer);
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
