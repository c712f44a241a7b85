/**
 * The optional LLM evidence source, asked only about pairs no other source labels with
 * confidence: a JSON-schema answer `{domains: [...]}` restricted to the known domains.
 */
import { llmErrorKind, type LlmProvider } from '../../../llm/index.js';
import { DOMAINS, isDomain, type Evidence } from './domains.js';

/** Confidence of an LLM label: it passes the default --min-confidence alone, yet ranks below a defining fact. */
export const LLM_CONFIDENCE = 0.7;
/** Characters of the pair sent (bounded prompt size). */
const MAX_PROMPT_CHARS = 6_000;

const SYSTEM_PROMPT =
  'You label cybersecurity instruction/response pairs with security domains. Answer with the domains the pair is ' +
  `clearly about, from this list only: ${DOMAINS.join(', ')}. Give an empty list when none applies.`;

const SCHEMA = {
  name: 'domains',
  schema: {
    type: 'object',
    properties: { domains: { type: 'array', items: { type: 'string', enum: [...DOMAINS] } } },
    required: ['domains'],
    additionalProperties: false,
  },
};

export interface LlmLabels {
  evidence: Evidence[];
  /** 'labelled', 'none' (answered with no known domain) or why it failed ('unparseable', 'empty', ...). */
  status: string;
}

/** Errors that concern one answer; anything else (auth, connection) stops the run. */
const PER_PAIR_FAILURES = new Set(['unparseable', 'empty', 'content_filter']);

/**
 * Asks the LLM for a pair's domains. Unknown domain names in the answer are ignored.
 *
 * @example
 * const { evidence } = await llmEvidence(llm, pair.instruction, pair.response);
 */
export async function llmEvidence(llm: LlmProvider, instruction: string, response: string): Promise<LlmLabels> {
  const text = `Instruction:\n${instruction}\n\nResponse:\n${response}`.slice(0, MAX_PROMPT_CHARS);
  let json: unknown;
  try {
    const answer = await llm.chat({ messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: text }], temperature: 0, maxTokens: 200, jsonSchema: SCHEMA });
    json = answer.json;
  } catch (error) {
    const kind = llmErrorKind(error);
    if (PER_PAIR_FAILURES.has(kind)) return { evidence: [], status: kind };
    throw error;
  }
  const listed = (json as { domains?: unknown } | undefined)?.domains;
  if (!Array.isArray(listed)) return { evidence: [], status: 'unparseable' };
  const domains = [...new Set(listed.filter((d): d is string => typeof d === 'string' && isDomain(d)))];
  if (domains.length === 0) return { evidence: [], status: 'none' };
  return { evidence: domains.map((d) => ({ domain: d as Evidence['domain'], confidence: LLM_CONFIDENCE, why: 'llm' })), status: 'labelled' };
}
