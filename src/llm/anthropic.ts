import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
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
  const client = new Anthropic({ baseURL, apiKey: options.apiKey && options.apiKey.trim() !== '' ? options.apiKey : PLACEHOLDER_API_KEY, authToken: null, maxRetries: 0 });

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
    const tool = request.jsonSchema?.name;
    if (request.jsonSchema) {
      params.tools = [{ name: request.jsonSchema.name, description: 'Give the answer as this tool call; its input is the answer.', input_schema: request.jsonSchema.schema as { type: 'object' } }];
      params.tool_choice = { type: 'tool', name: request.jsonSchema.name };
    }
    const message = await client.messages.create(params, { signal: attempt.signal, timeout: attempt.timeoutMs });
    const finishReason = message.stop_reason ?? null;
    if (finishReason === 'refusal') throw unusableAnswer('content_filter', finishReason);
    const usage = { inputTokens: message.usage?.input_tokens ?? 0, outputTokens: message.usage?.output_tokens ?? 0 };
    const model = typeof message.model === 'string' && message.model !== '' ? message.model : request.model;
    const blocks = Array.isArray(message.content) ? message.content : [];
    if (tool !== undefined) {
      const call = blocks.find((b) => b.type === 'tool_use' && b.name === tool);
      if (call && call.type === 'tool_use' && call.input !== undefined) return { text: JSON.stringify(call.input), json: call.input, model, finishReason, usage };
    }
    const text = blocks.map((b) => (b.type === 'text' ? b.text : '')).join('');
    if (text.trim() === '') throw unusableAnswer('empty', finishReason, tool !== undefined ? `no "${tool}" tool call in the answer` : '');
    const answer: TransportAnswer = { text, model, finishReason, usage };
    const json = tool !== undefined ? parseJsonAnswer(text) : undefined;
    if (json !== undefined) answer.json = json;
    return answer;
  }

  return { kind: 'anthropic', endpoint: displayEndpoint(baseURL), chat };
}
