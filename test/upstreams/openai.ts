import { startUpstream, type Pacing, type RecordedRequest, type Reply, type UpstreamServer } from './server.js';

/**
 * A local upstream that speaks the OpenAI HTTP API as api.openai.com does: chat completions,
 * legacy completions and responses, JSON and SSE (`data: {chunk}\n\n` ... `data: [DONE]\n\n`
 * for the first two, typed `event:` lines for responses), usage on request
 * (`stream_options.include_usage`), and OpenAI-shaped errors. Each test scripts what it answers.
 */

export interface OpenAIToolCall {
  id?: string;
  name: string;
  /** Argument JSON in the pieces it streams in. */
  arguments: string[];
}

export interface OpenAIScenario extends Pacing {
  /** Assistant text: a string, or the deltas it streams in (joined when not streaming). */
  content?: string | string[];
  /** Several choices (n > 1): the text of each, as above. Overrides `content`. */
  choices?: (string | string[])[];
  toolCalls?: OpenAIToolCall[];
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  model?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Send logprobs with each delta (their tokens carry the raw text). */
  logprobs?: boolean;
  /** An error reply instead: status and OpenAI error body (or a raw non-JSON body). */
  status?: number;
  error?: { message: string; type: string; code: string | null; param?: string | null };
  rawBody?: string;
  headers?: Record<string, string>;
  /** 'headers': never answers; 'body': streams the events and stalls before the end. */
  hang?: 'headers' | 'body';
  /** `/v1/embeddings`: the vectors to answer (one per input); absent: 8 numbers derived from each input's text. */
  embeddings?: number[][];
}

export type OpenAIScript = OpenAIScenario | ((request: RecordedRequest) => OpenAIScenario);

export interface OpenAIUpstream extends UpstreamServer {
  /** Base URL as the OpenAI SDK wants it (`.../v1`). */
  baseURL: string;
  /** Sets what the next requests get. */
  use(script: OpenAIScript): void;
}

const CREATED = 1_735_000_000;
const FINGERPRINT = 'fp_44709d6fcb';

/**
 * Starts the fake OpenAI upstream.
 *
 * @example
 * const upstream = await startOpenAIUpstream({ content: ['Hel', 'lo'] });
 * const client = new OpenAI({ baseURL: upstream.baseURL, apiKey: 'sk-test' });
 */
export async function startOpenAIUpstream(initial: OpenAIScript = { content: 'Hello!' }): Promise<OpenAIUpstream> {
  let script = initial;
  const server = await startUpstream(function openaiReply(request) {
    const scenario = typeof script === 'function' ? script(request) : script;
    return reply(request, scenario);
  });
  return {
    ...server,
    baseURL: `${server.url}/v1`,
    use(next) {
      script = next;
    },
  };
}

function reply(request: RecordedRequest, s: OpenAIScenario): Reply {
  const pacing: Pacing = { delayMs: s.delayMs, chunkDelayMs: s.chunkDelayMs, byteSplit: s.byteSplit };
  if (s.hang === 'headers') return { kind: 'hang' };
  if (s.status && s.status >= 400) {
    if (s.rawBody !== undefined) return { kind: 'raw', status: s.status, headers: s.headers, body: s.rawBody, ...pacing };
    const error = s.error ?? { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null };
    return { kind: 'json', status: s.status, headers: s.headers, body: { error: { param: null, ...error } }, ...pacing };
  }
  const body = (request.body ?? {}) as { stream?: boolean; stream_options?: { include_usage?: boolean }; model?: string };
  const path = request.path.replace(/\?.*$/, '');
  const texts = (s.choices ?? [s.content ?? '']).map((c) => (typeof c === 'string' ? [c] : c));
  const model = s.model ?? body.model ?? 'gpt-4o-mini-2024-07-18';
  const promptTokens = s.usage?.prompt_tokens ?? 12;
  const completionTokens = s.usage?.completion_tokens ?? Math.max(1, Math.ceil(texts.flat().join('').length / 4));
  const ctx: Ctx = { model, texts, s, promptTokens, completionTokens, includeUsage: body.stream_options?.include_usage === true };
  const headers = { 'x-request-id': `req_${Math.random().toString(36).slice(2)}`, 'openai-processing-ms': '12', ...s.headers };
  if (path.endsWith('/responses')) {
    return body.stream ? { kind: 'sse', headers, events: responsesEvents(ctx), hang: s.hang === 'body', ...pacing } : { kind: 'json', status: 200, headers, body: responseObject(ctx, 'completed'), ...pacing };
  }
  if (path.endsWith('/embeddings')) return { kind: 'json', status: 200, headers, body: embeddingsObject(request, s), ...pacing };
  const legacy = path.endsWith('/completions') && !path.endsWith('/chat/completions');
  if (body.stream) {
    const events = (legacy ? completionChunks(ctx) : chatChunks(ctx)).map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`);
    if (s.hang !== 'body') events.push('data: [DONE]\n\n');
    return { kind: 'sse', headers, events, hang: s.hang === 'body', ...pacing };
  }
  return { kind: 'json', status: 200, headers, body: legacy ? completionObject(ctx) : chatObject(ctx), ...pacing };
}

interface Ctx {
  model: string;
  texts: string[][];
  s: OpenAIScenario;
  promptTokens: number;
  completionTokens: number;
  includeUsage: boolean;
}

function chatUsage(ctx: Ctx): Record<string, unknown> {
  return {
    prompt_tokens: ctx.promptTokens,
    completion_tokens: ctx.completionTokens,
    total_tokens: ctx.promptTokens + ctx.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function logprobsFor(text: string): { content: unknown[]; refusal: null } {
  return { content: [{ token: text, logprob: -0.01, bytes: [...Buffer.from(text, 'utf8')], top_logprobs: [] }], refusal: null };
}

function chatObject(ctx: Ctx): Record<string, unknown> {
  const tools = ctx.s.toolCalls;
  return {
    id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
    object: 'chat.completion',
    created: CREATED,
    model: ctx.model,
    choices: ctx.texts.map((deltas, index) => ({
      index,
      message: {
        role: 'assistant',
        content: tools && deltas.join('') === '' ? null : deltas.join(''),
        refusal: null,
        annotations: [],
        ...(tools ? { tool_calls: tools.map((t, i) => ({ id: t.id ?? `call_${i}`, type: 'function', function: { name: t.name, arguments: t.arguments.join('') } })) } : {}),
      },
      logprobs: ctx.s.logprobs ? logprobsFor(deltas.join('')) : null,
      finish_reason: ctx.s.finishReason ?? (tools ? 'tool_calls' : 'stop'),
    })),
    usage: chatUsage(ctx),
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  };
}

function chatChunks(ctx: Ctx): Record<string, unknown>[] {
  const base = { id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG', object: 'chat.completion.chunk', created: CREATED, model: ctx.model, service_tier: 'default', system_fingerprint: FINGERPRINT };
  const usage = ctx.includeUsage ? { usage: null } : {};
  const chunk = (choices: unknown[]): Record<string, unknown> => ({ ...base, choices, ...usage });
  const chunks: Record<string, unknown>[] = [];
  ctx.texts.forEach((_, index) => chunks.push(chunk([{ index, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }])));
  // Choices interleave the way n > 1 streams do: one delta of each in turn.
  const longest = Math.max(...ctx.texts.map((t) => t.length));
  for (let i = 0; i < longest; i++) {
    ctx.texts.forEach((deltas, index) => {
      const delta = deltas[i];
      if (delta === undefined || delta === '') return;
      chunks.push(chunk([{ index, delta: { content: delta }, logprobs: ctx.s.logprobs ? logprobsFor(delta) : null, finish_reason: null }]));
    });
  }
  (ctx.s.toolCalls ?? []).forEach((tool, t) => {
    chunks.push(chunk([{ index: 0, delta: { tool_calls: [{ index: t, id: tool.id ?? `call_${t}`, type: 'function', function: { name: tool.name, arguments: '' } }] }, logprobs: null, finish_reason: null }]));
    for (const piece of tool.arguments) chunks.push(chunk([{ index: 0, delta: { tool_calls: [{ index: t, function: { arguments: piece } }] }, logprobs: null, finish_reason: null }]));
  });
  if (ctx.s.hang === 'body') return chunks;
  ctx.texts.forEach((_, index) => chunks.push(chunk([{ index, delta: {}, logprobs: null, finish_reason: ctx.s.finishReason ?? (ctx.s.toolCalls ? 'tool_calls' : 'stop') }])));
  if (ctx.includeUsage) chunks.push({ ...base, choices: [], usage: chatUsage(ctx) });
  return chunks;
}

function completionObject(ctx: Ctx): Record<string, unknown> {
  return {
    id: 'cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7',
    object: 'text_completion',
    created: CREATED,
    model: ctx.model,
    system_fingerprint: FINGERPRINT,
    choices: ctx.texts.map((deltas, index) => ({ text: deltas.join(''), index, logprobs: null, finish_reason: ctx.s.finishReason ?? 'stop' })),
    usage: { prompt_tokens: ctx.promptTokens, completion_tokens: ctx.completionTokens, total_tokens: ctx.promptTokens + ctx.completionTokens },
  };
}

function completionChunks(ctx: Ctx): Record<string, unknown>[] {
  const base = { id: 'cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe', object: 'text_completion', created: CREATED, model: ctx.model, system_fingerprint: FINGERPRINT };
  const chunks: Record<string, unknown>[] = [];
  const longest = Math.max(...ctx.texts.map((t) => t.length));
  for (let i = 0; i < longest; i++) {
    ctx.texts.forEach((deltas, index) => {
      const delta = deltas[i];
      if (delta === undefined || delta === '') return;
      chunks.push({ ...base, choices: [{ text: delta, index, logprobs: null, finish_reason: null }] });
    });
  }
  if (ctx.s.hang === 'body') return chunks;
  ctx.texts.forEach((_, index) => chunks.push({ ...base, choices: [{ text: '', index, logprobs: null, finish_reason: ctx.s.finishReason ?? 'stop' }] }));
  if (ctx.includeUsage) chunks.push({ ...base, choices: [], usage: { prompt_tokens: ctx.promptTokens, completion_tokens: ctx.completionTokens, total_tokens: ctx.promptTokens + ctx.completionTokens } });
  return chunks;
}

const RESPONSE_ID = 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b';
const ITEM_ID = 'msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b';

function responseObject(ctx: Ctx, status: 'in_progress' | 'completed'): Record<string, unknown> {
  const text = ctx.texts[0]!.join('');
  return {
    id: RESPONSE_ID,
    object: 'response',
    created_at: CREATED,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: ctx.model,
    output:
      status === 'completed'
        ? [{ id: ITEM_ID, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text }] }, ...(ctx.s.toolCalls ?? []).map((tool, t) => functionCallItem(tool, t, 'completed'))]
        : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: true,
    temperature: 1.0,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1.0,
    truncation: 'disabled',
    usage:
      status === 'completed'
        ? { input_tokens: ctx.promptTokens, input_tokens_details: { cached_tokens: 0 }, output_tokens: ctx.completionTokens, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: ctx.promptTokens + ctx.completionTokens }
        : null,
    user: null,
    metadata: {},
  };
}

/** A Responses API function_call output item (`toolCalls[t]`). */
function functionCallItem(tool: OpenAIToolCall, t: number, status: 'in_progress' | 'completed'): { id: string; type: 'function_call'; status: string; arguments: string; call_id: string; name: string } {
  return { id: `fc_67ca09c6bedc8190a7abfec07b1a1332096610f474011cc${t}`, type: 'function_call', status, arguments: tool.arguments.join(''), call_id: tool.id ?? `call_${t}`, name: tool.name };
}

function responsesEvents(ctx: Ctx): string[] {
  let seq = 0;
  const events: string[] = [];
  const emit = (type: string, payload: Record<string, unknown>): void => {
    events.push(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...payload })}\n\n`);
  };
  const text = ctx.texts[0]!.join('');
  const part = (t: string): Record<string, unknown> => ({ type: 'output_text', annotations: [], logprobs: [], text: t });
  emit('response.created', { response: responseObject(ctx, 'in_progress') });
  emit('response.in_progress', { response: responseObject(ctx, 'in_progress') });
  emit('response.output_item.added', { output_index: 0, item: { id: ITEM_ID, type: 'message', status: 'in_progress', content: [], role: 'assistant' } });
  emit('response.content_part.added', { item_id: ITEM_ID, output_index: 0, content_index: 0, part: part('') });
  for (const delta of ctx.texts[0]!) if (delta) emit('response.output_text.delta', { item_id: ITEM_ID, output_index: 0, content_index: 0, delta, logprobs: [] });
  if (ctx.s.hang === 'body') return events;
  emit('response.output_text.done', { item_id: ITEM_ID, output_index: 0, content_index: 0, text, logprobs: [] });
  emit('response.content_part.done', { item_id: ITEM_ID, output_index: 0, content_index: 0, part: part(text) });
  emit('response.output_item.done', { output_index: 0, item: { id: ITEM_ID, type: 'message', status: 'completed', content: [part(text)], role: 'assistant' } });
  (ctx.s.toolCalls ?? []).forEach((tool, t) => {
    const item = functionCallItem(tool, t, 'completed');
    const where = { item_id: item.id, output_index: t + 1 };
    emit('response.output_item.added', { output_index: t + 1, item: { ...functionCallItem(tool, t, 'in_progress'), arguments: '' } });
    for (const delta of tool.arguments) emit('response.function_call_arguments.delta', { ...where, delta });
    emit('response.function_call_arguments.done', { ...where, arguments: item.arguments });
    emit('response.output_item.done', { output_index: t + 1, item });
  });
  emit('response.completed', { response: responseObject(ctx, 'completed') });
  return events;
}

/** A stand-in embedding: 8 numbers in [-1, 1] that depend on the text (equal texts, equal vectors). */
export function fakeEmbedding(text: string): number[] {
  const out = new Array<number>(8).fill(0);
  for (let i = 0; i < text.length; i++) out[i % 8]! += ((text.charCodeAt(i) * 31 + i) % 200) / 100 - 1;
  return out.map((v) => Math.round(Math.tanh(v) * 1e6) / 1e6);
}

/** `POST /v1/embeddings` as api.openai.com answers it: floats, or little-endian float32 base64 when asked. */
function embeddingsObject(request: RecordedRequest, s: OpenAIScenario): Record<string, unknown> {
  const body = (request.body ?? {}) as { input?: string | string[]; model?: string; encoding_format?: string };
  const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input : [];
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((text, index) => {
    const vector = s.embeddings?.[index] ?? fakeEmbedding(String(text));
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = s.usage?.prompt_tokens ?? inputs.reduce((n, t) => n + Math.max(1, Math.ceil(String(t).length / 4)), 0);
  return { object: 'list', data, model: s.model ?? body.model ?? 'text-embedding-3-small', usage: { prompt_tokens: tokens, total_tokens: tokens } };
}
