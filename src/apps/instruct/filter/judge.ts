import { contentRunId, runBatch } from '../../../llm/batch/index.js';
import type { BatchApi } from '../../../llm/batch/types.js';
import { llmErrorKind, type BatchItem, type ChatRequest, type ChatResponse, type LlmErrorKind, type LlmProvider } from '../../../llm/index.js';
import type { Store } from '../../../store/index.js';
import type { SourceRecord } from '../types.js';
import { relevanceText } from './text.js';

/** Longest reason kept from the judge (it goes into every record's `relevance.reasons`). */
export const MAX_REASON_CHARS = 200;

const SYSTEM_PROMPT =
  'You screen records for a cybersecurity instruction dataset. A record is relevant when it is about computer or ' +
  'network security: vulnerabilities, attacks, threat actors, malware, defences, detection, security research. ' +
  'Generic software bugs, documentation, release notes, performance, UI, and non-security science are not relevant. ' +
  'Answer with JSON: {"relevant": true|false, "reason": "<one short sentence>"}.';

const SCHEMA = {
  name: 'relevance_judgement',
  schema: {
    type: 'object',
    properties: { relevant: { type: 'boolean' }, reason: { type: 'string' } },
    required: ['relevant', 'reason'],
    additionalProperties: false,
  },
};

export type JudgeOutcome = { ok: true; relevant: boolean; reason: string; model: string } | { ok: false; kind: LlmErrorKind; error: string };

/** Reads `{relevant, reason}` from an answer (the parsed JSON, or the text when the provider gave none). */
function readVerdict(json: unknown, text: string): { relevant: boolean; reason: string } | undefined {
  let value = json;
  if (value === undefined) {
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { relevant, reason } = value as { relevant?: unknown; reason?: unknown };
  if (typeof relevant !== 'boolean') return undefined;
  const why = typeof reason === 'string' ? reason.replace(/\s+/g, ' ').trim() : '';
  return { relevant, reason: why.length > MAX_REASON_CHARS ? `${why.slice(0, MAX_REASON_CHARS)}…` : why };
}

function judgeRequest(record: SourceRecord): ChatRequest {
  return {
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: `Source: ${record.source} (${record.kind})\n\n${relevanceText(record)}` },
    ],
    temperature: 0,
    maxTokens: 200,
    jsonSchema: SCHEMA,
  };
}

function outcomeOf(answer: ChatResponse): JudgeOutcome {
  const verdict = readVerdict(answer.json, answer.text);
  if (!verdict) return { ok: false, kind: 'unparseable', error: 'the answer is not {"relevant": boolean, "reason": string}' };
  return { ok: true, ...verdict, model: answer.model };
}

/**
 * Asks the LLM whether one record is security-relevant. Never throws for a failed call: the
 * outcome carries the error kind, and the caller applies its error policy.
 *
 * @example
 * const outcome = await judgeRecord(record, providerFromEnv());
 * if (outcome.ok) console.log(outcome.relevant, outcome.reason);
 */
export async function judgeRecord(record: SourceRecord, llm: LlmProvider): Promise<JudgeOutcome> {
  try {
    return outcomeOf(await llm.chat(judgeRequest(record)));
  } catch (error) {
    return { ok: false, kind: llmErrorKind(error), error: (error as Error).message };
  }
}

/** Where the judge's requests are tracked when they go through the batch layer. */
export interface JudgeBatch {
  store: Store;
  /** A provider batch API (OpenAI Batch, Anthropic Message Batches); absent: concurrent calls. */
  api?: BatchApi | undefined;
}

/**
 * Judges records, outcomes in input order. Without `batch`, concurrent calls (the provider
 * enforces its own concurrency and rate limits). With it, through the batch layer: the
 * requests are tracked in the store as one run per set of records and model, so an
 * interrupted filter run re-run asks nothing that was already answered.
 *
 * @example
 * const outcomes = await judgeRecords(unsure, llm, { store });
 */
export async function judgeRecords(records: readonly SourceRecord[], llm: LlmProvider, batch?: JudgeBatch): Promise<JudgeOutcome[]> {
  if (!batch) return Promise.all(records.map((record) => judgeRecord(record, llm)));
  const items: BatchItem[] = records.map((record) => ({ id: record.id, request: judgeRequest(record) }));
  const report = await runBatch(items, { store: batch.store, runId: contentRunId('filter-judge', items, llm.model), provider: llm, api: batch.api });
  return report.results.map((result): JudgeOutcome => (result.ok ? outcomeOf(result.response) : { ok: false, kind: result.kind, error: result.error }));
}
