import { llmErrorKind, type LlmErrorKind, type LlmProvider } from '../../../llm/index.js';
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
    const answer = await llm.chat({
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: `Source: ${record.source} (${record.kind})\n\n${relevanceText(record)}` },
      ],
      temperature: 0,
      maxTokens: 200,
      jsonSchema: SCHEMA,
    });
    const verdict = readVerdict(answer.json, answer.text);
    if (!verdict) return { ok: false, kind: 'unparseable', error: 'the answer is not {"relevant": boolean, "reason": string}' };
    return { ok: true, ...verdict, model: answer.model };
  } catch (error) {
    return { ok: false, kind: llmErrorKind(error), error: (error as Error).message };
  }
}

/**
 * Judges records concurrently (the provider enforces its own concurrency and rate limits);
 * outcomes keep the input order.
 *
 * @example
 * const outcomes = await judgeRecords(unsure, llm);
 */
export async function judgeRecords(records: readonly SourceRecord[], llm: LlmProvider): Promise<JudgeOutcome[]> {
  return Promise.all(records.map((record) => judgeRecord(record, llm)));
}
