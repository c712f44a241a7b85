import { LlmError } from './errors.js';
import type { ChatRequest, EmbedRequest } from './types.js';

/** Bounds on what one call may carry: far above real use, low enough to stop a runaway caller. */
export const LIMITS = {
  messages: 10_000,
  /** Characters over all messages (about 4 M tokens). */
  chars: 16_000_000,
  embedInputs: 2048,
  stop: 16,
  maxTokens: 1_000_000,
  schemaChars: 200_000,
} as const;

const SCHEMA_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ROLES = new Set(['system', 'user', 'assistant']);

function bad(field: string, message: string): LlmError {
  return new LlmError('request', `invalid LLM request: ${field} ${message}`);
}

/**
 * Checks a chat request before anything is sent; the error names the field
 * (e.g. `messages[2].role`). Kind `request`, code W_LLM_REQUEST.
 *
 * @example
 * checkChatRequest({ messages: [{ role: 'user', content: 'hi' }] }, 'gpt-4o-mini'); // no throw
 */
export function checkChatRequest(request: ChatRequest, model: string): void {
  if (typeof model !== 'string' || model.trim() === '' || model.length > 256) throw bad('model', 'must be a non-empty name of at most 256 characters');
  if (!Array.isArray(request.messages) || request.messages.length === 0) throw bad('messages', 'must be a non-empty array');
  if (request.messages.length > LIMITS.messages) throw bad('messages', `has ${request.messages.length} entries, more than ${LIMITS.messages}`);
  let chars = 0;
  request.messages.forEach((m, i) => {
    if (!m || !ROLES.has(m.role)) throw bad(`messages[${i}].role`, 'must be system, user or assistant');
    if (typeof m.content !== 'string') throw bad(`messages[${i}].content`, 'must be a string');
    chars += m.content.length;
  });
  if (chars > LIMITS.chars) throw bad('messages', `hold ${chars} characters, more than ${LIMITS.chars}`);
  if (!request.messages.some((m) => m.role !== 'system')) throw bad('messages', 'need at least one user or assistant message');
  if (request.temperature !== undefined && !(Number.isFinite(request.temperature) && request.temperature >= 0 && request.temperature <= 2)) throw bad('temperature', 'must be between 0 and 2');
  if (request.maxTokens !== undefined && !(Number.isInteger(request.maxTokens) && request.maxTokens >= 1 && request.maxTokens <= LIMITS.maxTokens)) throw bad('maxTokens', `must be an integer from 1 to ${LIMITS.maxTokens}`);
  if (request.seed !== undefined && !Number.isSafeInteger(request.seed)) throw bad('seed', 'must be an integer');
  if (request.stop !== undefined) {
    if (!Array.isArray(request.stop) || request.stop.length > LIMITS.stop || request.stop.some((s) => typeof s !== 'string' || s === '')) throw bad('stop', `must be up to ${LIMITS.stop} non-empty strings`);
  }
  const schema = request.jsonSchema;
  if (schema !== undefined) {
    if (typeof schema.name !== 'string' || !SCHEMA_NAME.test(schema.name)) throw bad('jsonSchema.name', 'must be 1-64 letters, digits, _ or -');
    if (!schema.schema || typeof schema.schema !== 'object' || Array.isArray(schema.schema)) throw bad('jsonSchema.schema', 'must be a JSON schema object');
    if (schema.schema.type !== 'object') throw bad('jsonSchema.schema.type', 'must be "object" (both APIs want an object at the top)');
    if (JSON.stringify(schema.schema).length > LIMITS.schemaChars) throw bad('jsonSchema.schema', `is larger than ${LIMITS.schemaChars} characters`);
  }
}

/**
 * Checks an embeddings request (1 to 2048 strings).
 *
 * @example
 * checkEmbedRequest({ input: ['a', 'b'] }, 'text-embedding-3-small'); // no throw
 */
export function checkEmbedRequest(request: EmbedRequest, model: string): void {
  if (typeof model !== 'string' || model.trim() === '' || model.length > 256) throw bad('model', 'must be a non-empty name of at most 256 characters');
  if (!Array.isArray(request.input) || request.input.length === 0) throw bad('input', 'must be a non-empty array of strings');
  if (request.input.length > LIMITS.embedInputs) throw bad('input', `has ${request.input.length} entries, more than ${LIMITS.embedInputs} (split it)`);
  let chars = 0;
  request.input.forEach((s, i) => {
    if (typeof s !== 'string' || s === '') throw bad(`input[${i}]`, 'must be a non-empty string');
    chars += s.length;
  });
  if (chars > LIMITS.chars) throw bad('input', `holds ${chars} characters, more than ${LIMITS.chars}`);
}

/**
 * Tokens a request will use, estimated before it is sent (for tokens-per-minute limits):
 * about 4 characters per token for the prompt, plus the completion budget.
 *
 * @example
 * estimateTokens(['x'.repeat(400)], 100); // 200
 */
export function estimateTokens(texts: readonly string[], completionBudget: number): number {
  let chars = 0;
  for (const text of texts) chars += text.length;
  return Math.ceil(chars / 4) + completionBudget;
}
