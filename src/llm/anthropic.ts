import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { loadAnthropicSdk } from './errors.js';
import { PLACEHOLDER_API_KEY } from './openai.js';
import { displayEndpoint, parseJsonAnswer, unusableAnswer, type AttemptOptions, type Transport, type TransportAnswer, withoutTrailingSlashes } from './transport.js';
import type { ChatRequest } from './types.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

export interface AnthropicTransportOptions {
  /** Absent: api.anthropic.com. A trailing `/v1` is removed (the SDK adds it). */
  baseURL?: string | undefined;
  apiKey?: string | undefined;
  /** Sent when a request has no maxTokens (the Messages API requires one). */
  defaultMaxTokens: number;
}

/**
 * The Anthropic transport over `@anthropic-ai/sdk`: the Messages API, system messages joined
 * into `system`, structured output through one forced tool (`tools: [{name, input_schema}]`,
 * `tool_choice: {type: 'tool', name}`) whose input is the answer. No embeddings API.
 *
 * @example
 * const transport = anthropicTransport({ apiKey: process.env.ANTHROPIC_API_KEY, defaultMaxTokens: 1024 });
 * const answer = await transport.chat({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'hi' }] }, { signal: undefined, timeoutMs: 60_000 });
 */
export function anthropicTransport(options: AnthropicTransportOptions): Transport {
  const baseURL = withoutTrailingSlashes(options.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL).replace(/\/v1$/, '');
  // The SDK loads on the first call, not when Warden starts (it costs ~150 ms to import).
  let client: Promise<Anthropic> | undefined;
  const clientOf = (): Promise<Anthropic> =>
    (client ??= loadAnthropicSdk().then((sdk) => new sdk.default({ baseURL, apiKey: options.apiKey && options.apiKey.trim() !== '' ? options.apiKey : PLACEHOLDER_API_KEY, authToken: null, maxRetries: 0 })));

  async function chat(request: ChatRequest & { model: string }, attempt: AttemptOptions): Promise<TransportAnswer> {
    const system = request.messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n\n');
    // `temperature` left this SDK's types (newer models fix sampling); the API still reads it for the others.
    const params: MessageCreateParamsNonStreaming & { temperature?: number } = {
      model: request.model,
      max_tokens: request.maxTokens ?? options.defaultMaxTokens,
      messages: request.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content })),
    };
    if (system !== '') params.system = system;
    if (request.temperature !== undefined) params.temperature = Math.min(1, request.temperature);
    if (request.stop && request.stop.length > 0) params.stop_sequences = request.stop;
    if (request.jsonSchema) {
      params.tools = [{ name: request.jsonSchema.name, description: 'Give the answer as this tool call; its input is the answer.', input_schema: request.jsonSchema.schema as { type: 'object' } }];
      params.tool_choice = { type: 'tool', name: request.jsonSchema.name };
    }
    const message = await (await clientOf()).messages.create(params, { signal: attempt.signal, timeout: attempt.timeoutMs });
    return messageAnswer(message, request);
  }

  return { kind: 'anthropic', endpoint: displayEndpoint(baseURL), chat };
}

interface MessageBody {
  model?: unknown;
  content?: { type?: unknown; text?: unknown; name?: unknown; input?: unknown }[];
  stop_reason?: unknown;
  usage?: { input_tokens?: unknown; output_tokens?: unknown };
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * An Anthropic message as an answer, whether the SDK returned it or a batch result carries it:
 * with a JSON schema the forced tool's input is the answer; throws `unusableAnswer` when the
 * model refused or the answer is empty.
 *
 * @example
 * messageAnswer({ content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn' }, { model: 'c', messages: [] }).text; // 'hi'
 */
export function messageAnswer(message: unknown, request: ChatRequest & { model: string }): TransportAnswer {
  const m = (message ?? {}) as MessageBody;
  const finishReason = typeof m.stop_reason === 'string' ? m.stop_reason : null;
  if (finishReason === 'refusal') throw unusableAnswer('content_filter', finishReason);
  const usage = { inputTokens: count(m.usage?.input_tokens), outputTokens: count(m.usage?.output_tokens) };
  const model = typeof m.model === 'string' && m.model !== '' ? m.model : request.model;
  const blocks = Array.isArray(m.content) ? m.content : [];
  const tool = request.jsonSchema?.name;
  if (tool !== undefined) {
    const call = blocks.find((b) => b.type === 'tool_use' && b.name === tool);
    if (call && call.input !== undefined) return { text: JSON.stringify(call.input), json: call.input, model, finishReason, usage };
  }
  const text = blocks.map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('');
  if (text.trim() === '') throw unusableAnswer('empty', finishReason, tool !== undefined ? `no "${tool}" tool call in the answer` : '');
  const answer: TransportAnswer = { text, model, finishReason, usage };
  const json = tool !== undefined ? parseJsonAnswer(text) : undefined;
  if (json !== undefined) answer.json = json;
  return answer;
}
