import { WardenError } from '../../../core/errors.js';
import type { LlmErrorKind, LlmProvider } from '../../../llm/index.js';
import type { RelevanceDecision, SourceRecord } from '../types.js';
import type { RelevanceModel } from './classifier.js';
import { judgeRecords, type JudgeBatch } from './judge.js';
import { applyRules, RULES, type RelevanceRule } from './rules.js';

/** What happens to a record whose LLM judgement failed (timeout, refusal, unparseable answer...). */
export type LlmErrorPolicy = 'classifier' | 'keep' | 'reject' | 'fail';

export interface DecideOptions {
  model: RelevanceModel;
  /** Keep a record the classifier scores at or above this. */
  threshold: number;
  /** Ask the LLM about records the classifier scores within [low, high]. */
  llm?: LlmProvider;
  /** Send the judge's requests through the batch layer, tracked here. */
  batch?: JudgeBatch;
  band: readonly [number, number];
  llmErrorPolicy: LlmErrorPolicy;
  rules?: readonly RelevanceRule[];
}

/** Counts a run of decisions adds up (the file report extends them). */
export interface DecisionCounts {
  records: number;
  kept: number;
  rejected: number;
  /** Per decision: `rule:<id>`, `classifier:kept`, `classifier:rejected`, `llm:kept`, `llm:rejected`. */
  byReason: Record<string, number>;
  byDecider: Record<RelevanceDecision['by'], number>;
  /** With an LLM judge: records sent, its verdicts, failures by kind (decided by the error policy). */
  llm?: { judged: number; relevant: number; irrelevant: number; errors: Partial<Record<LlmErrorKind, number>> };
}

export function emptyCounts(withLlm: boolean): DecisionCounts {
  return { records: 0, kept: 0, rejected: 0, byReason: {}, byDecider: { rules: 0, classifier: 0, llm: 0 }, ...(withLlm ? { llm: { judged: 0, relevant: 0, irrelevant: 0, errors: {} } } : {}) };
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * Decides a chunk of records, in order: a record whose id (or source and source id) was seen
 * before is a duplicate; otherwise the first rule that fires decides; otherwise the
 * classifier's score against the threshold, and, with an LLM, records scored inside the band
 * are judged by it (its verdict decides, the classifier's score stays the score). `seen`
 * carries duplicate detection across chunks. Returns the records with `relevance` set.
 *
 * @example
 * const seen = new Set<string>();
 * const out = await decideChunk(records, { model, threshold: 0.5, band: [0.3, 0.7], llmErrorPolicy: 'classifier' }, seen, emptyCounts(false));
 */
export async function decideChunk(chunk: readonly SourceRecord[], options: DecideOptions, seen: Set<string>, counts: DecisionCounts): Promise<SourceRecord[]> {
  const decisions: RelevanceDecision[] = [];
  const unsure: number[] = [];
  chunk.forEach((record, i) => {
    const key = `${record.source}:${record.sourceId}`;
    if (seen.has(record.id) || seen.has(key)) {
      decisions.push({ keep: false, score: 0, reasons: ['rule:duplicate'], by: 'rules' });
      return;
    }
    seen.add(record.id);
    seen.add(key);
    const rule = applyRules(record, options.rules ?? RULES);
    if (rule) {
      decisions.push({ keep: rule.verdict === 'keep', score: rule.verdict === 'keep' ? 1 : 0, reasons: [`rule:${rule.id}`], by: 'rules' });
      return;
    }
    const score = round(options.model.score(record));
    decisions.push({ keep: score >= options.threshold, score, reasons: [`classifier:${score.toFixed(2)}`], by: 'classifier' });
    if (options.llm && score >= options.band[0] && score <= options.band[1]) unsure.push(i);
  });
  if (options.llm && unsure.length > 0) {
    const outcomes = await judgeRecords(unsure.map((i) => chunk[i]!), options.llm, options.batch);
    outcomes.forEach((outcome, j) => {
      const decision = decisions[unsure[j]!]!;
      const llm = counts.llm!;
      llm.judged++;
      if (outcome.ok) {
        llm[outcome.relevant ? 'relevant' : 'irrelevant']++;
        decision.keep = outcome.relevant;
        decision.by = 'llm';
        decision.reasons.push(`llm:${outcome.relevant ? 'relevant' : 'irrelevant'}${outcome.reason ? `: ${outcome.reason}` : ''}`);
        return;
      }
      llm.errors[outcome.kind] = (llm.errors[outcome.kind] ?? 0) + 1;
      if (options.llmErrorPolicy === 'fail') throw new WardenError('W_LLM_ANSWER', `LLM judge failed on record ${chunk[unsure[j]!]!.id} (${outcome.kind}: ${outcome.error.slice(0, 200)}); use another --llm-errors policy to go on`);
      if (options.llmErrorPolicy === 'keep') decision.keep = true;
      if (options.llmErrorPolicy === 'reject') decision.keep = false;
      decision.reasons.push(`llm-error:${outcome.kind}`, `policy:${options.llmErrorPolicy}`);
    });
  }
  return chunk.map((record, i) => {
    const relevance = decisions[i]!;
    counts.records++;
    counts[relevance.keep ? 'kept' : 'rejected']++;
    counts.byDecider[relevance.by]++;
    const reason = relevance.by === 'rules' ? relevance.reasons[0]! : `${relevance.by}:${relevance.keep ? 'kept' : 'rejected'}`;
    counts.byReason[reason] = (counts.byReason[reason] ?? 0) + 1;
    return { ...record, relevance };
  });
}
