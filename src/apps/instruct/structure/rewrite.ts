import type { LlmProvider } from '../../../llm/index.js';
import type { SourceRecord } from '../types.js';
import { checkGrounding } from './grounding.js';
import type { InstructionPair } from './types.js';

/** Longest rewrite accepted, as a multiple of the reference length (a rewrite should not grow facts). */
const MAX_GROWTH = 3;

const SYSTEM_PROMPT =
  'You rewrite answers for a cybersecurity instruction dataset. Rewrite the reference answer as clear, natural ' +
  'prose that answers the question. Use ONLY facts stated in the reference answer: do not add any identifier ' +
  '(CVE, CWE, CAPEC, ATT&CK), score, product, version, date or name that it does not contain, and do not drop ' +
  'the identifiers and scores it gives. Reply with the rewritten answer only.';

export interface RewriteOutcome {
  pair: InstructionPair;
  /** 'rewritten', or why the source-grounded reference was kept. */
  status: 'rewritten' | 'ungrounded' | 'empty' | 'too-long';
}

/**
 * Asks the LLM to rewrite one pair's response in natural prose. The source-grounded response is
 * kept as `metadata.reference`; a rewrite that states a CVE/CWE/CAPEC/ATT&CK id or a CVSS score
 * absent from the source record (or is empty, or over three times the reference length) is
 * rejected and the reference stays the response (`metadata.rewrite` says why).
 *
 * @example
 * const { pair, status } = await rewritePair(pair, record, providerFromEnv());
 */
export async function rewritePair(pair: InstructionPair, record: SourceRecord, llm: LlmProvider): Promise<RewriteOutcome> {
  const answer = await llm.chat({
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: `Question:\n${pair.instruction}\n\nReference answer:\n${pair.response}` },
    ],
    temperature: 0,
    seed: pair.metadata.seed,
    maxTokens: 1024,
  });
  const text = answer.text.trim();
  const keep = (status: RewriteOutcome['status']): RewriteOutcome => ({ pair: { ...pair, metadata: { ...pair.metadata, rewrite: status } }, status });
  if (text.length === 0) return keep('empty');
  if (text.length > MAX_GROWTH * Math.max(pair.response.length, 200)) return keep('too-long');
  if (!checkGrounding(text, record).ok) return keep('ungrounded');
  return {
    pair: { ...pair, response: text, metadata: { ...pair.metadata, reference: pair.response, rewrite: 'rewritten', rewritten_by: answer.model } },
    status: 'rewritten',
  };
}

/**
 * Rewrites a batch of pairs concurrently (the provider enforces its own concurrency and rate
 * limits); results keep the input order.
 *
 * @example
 * const outcomes = await rewritePairs(pairs.map((pair) => ({ pair, record })), llm);
 */
export async function rewritePairs(items: readonly { pair: InstructionPair; record: SourceRecord }[], llm: LlmProvider): Promise<RewriteOutcome[]> {
  return Promise.all(items.map(({ pair, record }) => rewritePair(pair, record, llm)));
}
