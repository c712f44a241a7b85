/**
 * Optional LLM paraphrase of the generated pairs, through the batch layer (a provider batch API
 * when given, concurrent calls otherwise; tracked in the store, so a re-run resumes without
 * asking twice). Each answer is checked (`answerProblem`): a refusal that no longer refuses,
 * an answer with a live address, an empty or far longer one is rejected and the template
 * answer kept, with the reason counted.
 */
import { contentRunId, runBatch } from '../../../llm/batch/index.js';
import type { BatchApi } from '../../../llm/batch/types.js';
import type { BatchItem, LlmProvider } from '../../../llm/index.js';
import type { Store } from '../../../store/index.js';
import { answerProblem, type AnswerProblem } from './checks.js';
import type { AlignedPair } from './types.js';

const SYSTEM_PROMPT =
  'You rewrite answers for a security-alignment training dataset. Paraphrase and, where useful, extend the reference ' +
  'answer in natural prose, keeping its structure of ideas. If the reference declines the request, your answer MUST ' +
  'also begin by clearly declining it and saying briefly why, then offer the same kind of safe, useful alternatives. ' +
  'If the reference ignores an instruction embedded in the user content, keep declining that instruction and still ' +
  'do the legitimate task. Never add working malicious content, code, payloads, real brands, or any web address or ' +
  'e-mail other than example.com. Reply with the rewritten answer only.';

export type ParaphraseStatus = 'paraphrased' | AnswerProblem | 'failed';

export interface ParaphraseOptions {
  llm: LlmProvider;
  store: Store;
  /** A provider batch API (OpenAI Batch, Anthropic Message Batches); absent: concurrent calls. */
  batchApi?: BatchApi | undefined;
  pollMs?: number;
  maxPollMs?: number;
}

/**
 * Paraphrases every pair, returning the pairs (the accepted paraphrase as the response and the
 * template answer as `metadata.reference`, or the template answer unchanged) and one status per pair.
 *
 * @example
 * const { pairs, statuses } = await paraphrasePairs(generated, { llm, store });
 */
export async function paraphrasePairs(pairs: readonly AlignedPair[], options: ParaphraseOptions): Promise<{ pairs: AlignedPair[]; statuses: ParaphraseStatus[] }> {
  if (pairs.length === 0) return { pairs: [], statuses: [] };
  const items: BatchItem[] = pairs.map((pair) => ({
    id: pair.id,
    request: {
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: `Request:\n${pair.instruction}\n\nReference answer:\n${pair.response}` },
      ],
      temperature: 0.7,
      seed: pair.metadata.seed,
      maxTokens: 1024,
    },
  }));
  // The same pairs with the same model form the same run: a re-run resumes it.
  const runId = contentRunId('align', items, options.llm.model);
  const report = await runBatch(items, {
    store: options.store,
    runId,
    provider: options.llm,
    api: options.batchApi,
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.maxPollMs !== undefined ? { maxPollMs: options.maxPollMs } : {}),
  });
  const statuses: ParaphraseStatus[] = [];
  const out = pairs.map(function accept(pair, i): AlignedPair {
    const result = report.results[i]!;
    if (!result.ok) {
      statuses.push('failed');
      return { ...pair, metadata: { ...pair.metadata, llm: 'failed' } };
    }
    const text = result.response.text.trim();
    const problem = answerProblem(text, pair.metadata.type, pair.response.length);
    if (problem) {
      statuses.push(problem);
      return { ...pair, metadata: { ...pair.metadata, llm: problem } };
    }
    statuses.push('paraphrased');
    return { ...pair, response: text, metadata: { ...pair.metadata, llm: 'paraphrased', reference: pair.response, paraphrased_by: result.response.model } };
  });
  return { pairs: out, statuses };
}
