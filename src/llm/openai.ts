import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { displayEndpoint, parseJsonAnswer, unusableAnswer, type AttemptOptions, type Transport, type TransportAnswer, type TransportEmbedding, withoutTrailingSlashes } from './transport.js';
import type { ChatRequest, EmbedRequest } from './types.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Local servers (Ollama, vLLM, llama.cpp, LM Studio) accept any key; the SDK insists on one. */
export const PLACEHOLDER_API_KEY = 'none';

export interface OpenAITransportOptions {
  /** Absent: api.openai.com. */
  baseURL?: string | undefined;
  apiKey?: string | undefined;
  /**
   * How the completion budget is sent. 'auto': `max_completion_tokens` to api.openai.com
   * (reasoning models refuse `max_tokens`), `max_tokens` elsewhere (what every local server reads).
   */
  maxTokensField?: 'auto' | 'max_tokens' | 'max_completion_tokens';
}

/**
 * The OpenAI-compatible transport over the official `openai` SDK: chat completions (with
 * `response_format: {type: 'json_schema', ...}` for structured output) and embeddings.
 *
 * @example
 * const transport = openaiTransport({ baseURL: 'http://127.0.0.1:11434/v1' });
 * const answer = await transport.chat({ model: 'llama3.1', messages: [{ role: 'user', content: 'hi' }] }, { signal: undefined, timeoutMs: 60_000 });
 */
export function openaiTransport(options: OpenAITransportOptions = {}): Transport {
  const baseURL = withoutTrailingSlashes(options.baseURL ?? OPENAI_DEFAULT_BASE_URL);
  const client = new OpenAI({ baseURL, apiKey: options.apiKey && options.apiKey.trim() !== '' ? options.apiKey : PLACEHOLDER_API_KEY, maxRetries: 0 });
  const official = isOfficial(baseURL);
  const field = options.maxTokensField === undefined || options.maxTokensField === 'auto' ? (official ? 'max_completion_tokens' : 'max_tokens') : options.maxTokensField;

  async function chat(request: ChatRequest & { model: string }, attempt: AttemptOptions): Promise<TransportAnswer> {
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: request.model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.maxTokens !== undefined) body[field] = request.maxTokens;
    if (request.stop && request.stop.length > 0) body.stop = request.stop;
    if (request.seed !== undefined) body.seed = request.seed;
    if (request.jsonSchema) {
      const { name, schema, strict } = request.jsonSchema;
      body.response_format = { type: 'json_schema', json_schema: { name, schema, strict: strict ?? true } };
    }
    const completion = await client.chat.completions.create(body, { signal: attempt.signal, timeout: attempt.timeoutMs });
    return completionAnswer(completion, request);
  }

  async function embed(request: EmbedRequest & { model: string }, attempt: AttemptOptions): Promise<TransportEmbedding> {
    // 'float' explicitly: the SDK would ask for base64, which not every local server speaks.
    const result = await client.embeddings.create({ model: request.model, input: request.input, encoding_format: 'float' }, { signal: attempt.signal, timeout: attempt.timeoutMs });
    const vectors = new Array<number[]>(request.input.length);
    for (const item of result.data ?? []) {
      if (Number.isInteger(item.index) && item.index >= 0 && item.index < vectors.length && Array.isArray(item.embedding)) vectors[item.index] = item.embedding;
    }
    const missing = vectors.findIndex((v) => v === undefined);
    if (missing >= 0 || vectors.length === 0) throw unusableAnswer('empty', null, `no embedding for input ${missing >= 0 ? missing : 0}`);
    return {
      vectors,
      model: typeof result.model === 'string' && result.model !== '' ? result.model : request.model,
      usage: { inputTokens: result.usage?.prompt_tokens ?? 0, outputTokens: 0 },
    };
  }

  return { kind: 'openai', endpoint: displayEndpoint(baseURL), chat, embed };
}

function isOfficial(baseURL: string): boolean {
  try {
    return new URL(baseURL).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

interface CompletionBody {
  model?: unknown;
  choices?: { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * A chat completion as an answer, whether the SDK returned it or a batch output line carries
 * it; throws `unusableAnswer` (final, never retried) when it was filtered, refused or is empty.
 *
 * @example
 * completionAnswer({ model: 'm', choices: [{ message: { content: 'hi' }, finish_reason: 'stop' }] }, { model: 'm', messages: [] }).text; // 'hi'
 */
export function completionAnswer(completion: unknown, request: ChatRequest & { model: string }): TransportAnswer {
  const body = (completion ?? {}) as CompletionBody;
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  const finishReason = typeof choice?.finish_reason === 'string' ? choice.finish_reason : null;
  const text = typeof choice?.message?.content === 'string' ? choice.message.content : '';
  const refusal = choice?.message?.refusal;
  if (finishReason === 'content_filter' || (typeof refusal === 'string' && refusal !== '' && text === '')) throw unusableAnswer('content_filter', finishReason);
  if (text.trim() === '') throw unusableAnswer('empty', finishReason);
  const answer: TransportAnswer = {
    text,
    model: typeof body.model === 'string' && body.model !== '' ? body.model : request.model,
    finishReason,
    usage: { inputTokens: count(body.usage?.prompt_tokens), outputTokens: count(body.usage?.completion_tokens) },
  };
  if (request.jsonSchema) {
    const json = parseJsonAnswer(text);
    if (json !== undefined) answer.json = json;
  }
  return answer;
}
