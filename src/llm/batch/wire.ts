import { DEFAULT_MAX_TOKENS } from '../provider.js';
import { messageAnswer } from '../anthropic.js';
import { LlmError } from '../errors.js';
import { completionAnswer } from '../openai.js';
import { parseJsonAnswer, type TransportAnswer } from '../transport.js';
import type { ChatRequest, ChatResponse, LlmErrorKind } from '../types.js';

/**
 * Request bodies for batch lines and batch answers back to `ChatResponse`: the same shapes and
 * rules as the providers' transports (../openai.ts, ../anthropic.ts) for single calls — empty and
 * filtered answers are failures, JSON parsed with `parseJsonAnswer`, a forced tool's input is the
 * answer — so callers cannot tell a batch answer from a concurrent one.
 */

const MESSAGE_LIMIT = 300;

/** Bounds a server message for the tracker and reports. */
export function boundMessage(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > MESSAGE_LIMIT ? `${flat.slice(0, MESSAGE_LIMIT)}…` : flat;
}

/**
 * The `/v1/chat/completions` body of a request.
 *
 * @example
 * openAIChatBody({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
 * // { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }
 */
export function openAIChatBody(request: ChatRequest & { model: string }, maxTokensField: 'max_tokens' | 'max_completion_tokens' = 'max_completion_tokens'): Record<string, unknown> {
  const body: Record<string, unknown> = { model: request.model, messages: request.messages.map((m) => ({ role: m.role, content: m.content })) };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body[maxTokensField] = request.maxTokens;
  if (request.stop?.length) body.stop = request.stop;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.jsonSchema) {
    body.response_format = { type: 'json_schema', json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: request.jsonSchema.strict ?? true } };
  }
  return body;
}

/**
 * The Messages API params of a request: system messages joined into `system`, a JSON schema as a
 * forced tool whose input is the answer.
 *
 * @example
 * anthropicParams({ model: 'claude-haiku-4-5', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }] });
 * // { model: 'claude-haiku-4-5', max_tokens: 4096, messages: [{ role: 'user', content: 'hi' }], system: 'Be brief.' }
 */
export function anthropicParams(request: ChatRequest & { model: string }, defaultMaxTokens = DEFAULT_MAX_TOKENS): Record<string, unknown> {
  const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const params: Record<string, unknown> = {
    model: request.model,
    max_tokens: request.maxTokens ?? defaultMaxTokens,
    messages: request.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role, content: m.content })),
  };
  if (system.length) params.system = system.join('\n\n');
  if (request.temperature !== undefined) params.temperature = Math.min(1, request.temperature);
  if (request.stop?.length) params.stop_sequences = request.stop;
  if (request.jsonSchema) {
    params.tools = [{ name: request.jsonSchema.name, description: 'Give the answer as this tool call; its input is the answer.', input_schema: request.jsonSchema.schema }];
    params.tool_choice = { type: 'tool', name: request.jsonSchema.name };
  }
  return params;
}

/** An answer that cannot be used, with the transports' wording. */
export interface Unusable {
  kind: LlmErrorKind;
  error: string;
}

/**
 * An OpenAI chat completion (a batch output line's `response.body`) as a ChatResponse, or why
 * it is unusable (filtered, refused or empty: final, as in the transport, whose parser it is).
 */
export function fromOpenAICompletion(body: unknown, request: ChatRequest & { model: string }, latencyMs: number): ChatResponse | Unusable {
  return batchAnswer(() => completionAnswer(body, request), latencyMs);
}

/** An Anthropic message (a succeeded batch result) as a ChatResponse; the forced tool's input is the answer. */
export function fromAnthropicMessage(message: unknown, request: ChatRequest & { model: string }, latencyMs: number): ChatResponse | Unusable {
  return batchAnswer(() => messageAnswer(message, request), latencyMs);
}

/** A transport parser's answer as a batch ChatResponse (never cached, one attempt), or its unusable verdict. */
function batchAnswer(parse: () => TransportAnswer, latencyMs: number): ChatResponse | Unusable {
  try {
    return { ...parse(), cached: false, latencyMs, attempts: 1 };
  } catch (error) {
    if (error instanceof LlmError) return { kind: error.kind, error: error.message };
    throw error;
  }
}

/** Adds `json` when the request asked for a schema and the text parses (bare or in a ```json fence), as the transports do. */
export function withJson(response: ChatResponse, request: ChatRequest): ChatResponse {
  if (!request.jsonSchema || response.json !== undefined) return response;
  const json = parseJsonAnswer(response.text);
  return json === undefined ? response : { ...response, json };
}

/** The kind of a failed HTTP status inside a batch (a line's `status_code`). */
export function kindOfStatus(status: number): LlmErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408 || status === 409 || status >= 500) return 'server';
  return 'request';
}

/** The kind of an Anthropic error type (`errored` batch results). */
export function kindOfAnthropicError(type: string): LlmErrorKind {
  switch (type) {
    case 'authentication_error':
    case 'permission_error':
      return 'auth';
    case 'rate_limit_error':
      return 'rate_limit';
    case 'api_error':
    case 'overloaded_error':
    case 'timeout_error':
      return 'server';
    default:
      return 'request';
  }
}

/** Kinds that another attempt may fix (empty and filtered answers are final, as in the provider). */
export const RETRYABLE_KINDS: ReadonlySet<LlmErrorKind> = new Set(['timeout', 'connection', 'rate_limit', 'server', 'expired', 'cancelled']);
