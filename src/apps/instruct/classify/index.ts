import { resolve } from 'node:path';
import { AtomicFile } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import type { LlmProvider } from '../../../llm/index.js';
import type { TextClassifier } from '../../../ml/classifier.js';
import type { InstructionPair } from '../assemble/types.js';
import { combineEvidence, reviewScore } from './combine.js';
import { DOMAINS, type Evidence } from './domains.js';
import { keywordEvidence } from './keywords.js';
import { llmEvidence } from './llm.js';
import { factEvidence } from './mappings.js';
import { classifierEvidence, defaultDomainModelDir, loadDomainModel, pairText } from './model.js';
import { loadRecords, readPairLines, type RecordFacts } from './read.js';

export { DOMAINS, isDomain, type Domain, type Evidence } from './domains.js';
export { combineEvidence, reviewScore, type Combined } from './combine.js';
export { factEvidence, productWords } from './mappings.js';
export { keywordEvidence, KEYWORDS } from './keywords.js';
export { classifierEvidence, defaultDomainModelDir, loadDomainModel, pairText } from './model.js';
export { llmEvidence, LLM_CONFIDENCE } from './llm.js';

export interface ClassifyFileOptions {
  /** SourceRecord JSONL whose facts are looked up by metadata.source_ids. */
  records?: string;
  /** Domain model directory; default the shipped models/instruct-domains. */
  model?: string;
  /** Lowest combined score a domain label needs (default 0.5). */
  minConfidence?: number;
  /** Asked about pairs no other source labels. */
  llm?: LlmProvider;
}

export const DEFAULT_MIN_CONFIDENCE = 0.5;

/** Pairs classified together: LLM calls within a chunk run concurrently (the provider limits them). */
const CHUNK = 64;

export interface ClassifyReport {
  input: string;
  out: string;
  model: string;
  minConfidence: number;
  pairs: number;
  /** Pairs per kept domain (a pair with two domains counts in both). */
  byDomain: Record<string, number>;
  /** Pairs with no domain at or above minConfidence. */
  unlabelled: number;
  /** Pairs with at least one domain given by each evidence source (at any confidence). */
  bySource: { facts: number; keywords: number; classifier: number; llm: number };
  /** Pairs whose source_ids matched no record of --records (0 without --records). */
  missingRecords: number;
  /** With an LLM: pairs asked, by outcome (labelled, none, unparseable...). */
  llm?: Record<string, number>;
  seconds: number;
  pairsPerSecond: number;
}

/** What classifying one pair needs besides the pair. */
export interface ClassifyContext {
  classifier?: TextClassifier;
  records?: ReadonlyMap<string, RecordFacts>;
  minConfidence: number;
}

export interface PairClassification {
  pair: InstructionPair;
  evidence: Evidence[];
  /** Whether some source ids were not found among the records. */
  missingRecord: boolean;
}

/**
 * Classifies one pair offline (facts, keywords, classifier) and writes the stage's metadata:
 * domains, domain_scores, domain_evidence and score. Other metadata is kept as it was.
 *
 * @example
 * classifyPair(pair, { minConfidence: 0.5, records }).pair.metadata.domains; // ['web_security', 'vulnerability_management']
 */
export function classifyPair(pair: InstructionPair, context: ClassifyContext, extra: readonly Evidence[] = []): PairClassification {
  const evidence: Evidence[] = [];
  let relevance: number | undefined;
  let missingRecord = false;
  // The record's own words count too: a severity pair for an XSS CVE without a CWE says "CVSS",
  // not "XSS", yet it is about cross-site scripting. A term counts once either way.
  let recordText = '';
  if (context.records) {
    for (const id of pair.metadata.source_ids) {
      const found = context.records.get(id);
      if (!found) {
        missingRecord = true;
        continue;
      }
      evidence.push(...factEvidence(found.record));
      recordText += `\n${found.record.title}\n${found.record.description}`;
      if (found.relevance !== undefined) relevance = Math.max(relevance ?? 0, found.relevance);
    }
  }
  evidence.push(...keywordEvidence(pairText(pair.instruction, pair.response) + recordText));
  if (context.classifier) evidence.push(...classifierEvidence(context.classifier, pairText(pair.instruction, pair.response)));
  evidence.push(...extra);
  const combined = combineEvidence(evidence, context.minConfidence);
  const metadata = { ...pair.metadata, domains: combined.domains, domain_scores: combined.scores, domain_evidence: combined.evidence, score: reviewScore(relevance, combined.scores) };
  return { pair: { ...pair, metadata }, evidence, missingRecord };
}

function checkMinConfidence(value: number): void {
  if (!(value >= 0 && value <= 1)) throw new WardenError('W_USAGE', `--min-confidence must be a number from 0 to 1 (got ${value})`);
}

function sourceOf(why: string): keyof ClassifyReport['bySource'] {
  if (why === 'classifier' || why === 'llm') return why;
  return why.startsWith('keyword:') ? 'keywords' : 'facts';
}

/**
 * Reads pair JSONL, labels every pair with domains (multi-label, with confidence and
 * reasons), writes the classified pairs atomically in input order, and reports counts.
 *
 * @example
 * const report = await classifyPairsFile('pairs.jsonl', 'classified.jsonl', { records: 'records.jsonl' });
 */
export async function classifyPairsFile(input: string, out: string, options: ClassifyFileOptions = {}): Promise<ClassifyReport> {
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  checkMinConfidence(minConfidence);
  if (resolve(input) === resolve(out)) throw new WardenError('W_USAGE', '--out must differ from --input (inputs are never modified)', { where: out });
  if (options.records !== undefined && resolve(options.records) === resolve(out)) throw new WardenError('W_USAGE', '--out must differ from --records (inputs are never modified)', { where: out });
  const started = performance.now();
  const modelDir = options.model ?? defaultDomainModelDir();
  const classifier = await loadDomainModel(modelDir);
  const records = options.records ? await loadRecords(options.records) : undefined;
  const context: ClassifyContext = { classifier, minConfidence, ...(records ? { records } : {}) };
  const report: ClassifyReport = {
    input, out, model: modelDir, minConfidence, pairs: 0, byDomain: Object.fromEntries(DOMAINS.map((d) => [d, 0])), unlabelled: 0,
    bySource: { facts: 0, keywords: 0, classifier: 0, llm: 0 }, missingRecords: 0, seconds: 0, pairsPerSecond: 0,
  };
  if (options.llm) report.llm = {};
  const file = await AtomicFile.open(out);
  let chunk: InstructionPair[] = [];
  const flush = async (): Promise<void> => {
    const results = chunk.map((pair) => classifyPair(pair, context));
    if (options.llm) {
      const llm = options.llm;
      await Promise.all(
        results.map(async function askLlm(result, i) {
          if (result.pair.metadata.domains!.length > 0) return;
          const answer = await llmEvidence(llm, result.pair.instruction, result.pair.response);
          report.llm![answer.status] = (report.llm![answer.status] ?? 0) + 1;
          if (answer.evidence.length > 0) results[i] = classifyPair(chunk[i]!, context, answer.evidence);
        }),
      );
    }
    let text = '';
    for (const result of results) {
      const meta = result.pair.metadata;
      report.pairs++;
      if (result.missingRecord) report.missingRecords++;
      for (const d of meta.domains!) report.byDomain[d] = (report.byDomain[d] ?? 0) + 1;
      if (meta.domains!.length === 0) report.unlabelled++;
      for (const source of new Set(result.evidence.map((e) => sourceOf(e.why)))) report.bySource[source]++;
      text += JSON.stringify(result.pair) + '\n';
    }
    chunk = [];
    await file.write(text);
  };
  try {
    for await (const pair of readPairLines(input)) {
      chunk.push(pair);
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
  report.seconds = (performance.now() - started) / 1000;
  report.pairsPerSecond = report.seconds > 0 ? Math.round(report.pairs / report.seconds) : report.pairs;
  return report;
}
