import { startUpstream, type Pacing, type RecordedRequest, type Reply, type UpstreamServer } from './server.js';

/**
 * A local upstream that speaks the Anthropic Messages API as api.anthropic.com does:
 * `POST /v1/messages` answering a `message` object, or with `stream: true` the typed SSE events
 * message_start, content_block_start, ping, content_block_delta (text_delta / input_json_delta),
 * content_block_stop, message_delta (stop_reason + usage), message_stop; errors as
 * `{type: 'error', error: {type, message}}`. Each test scripts what it answers.
 */

export type AnthropicBlock = { type: 'text'; deltas: string[] } | { type: 'tool_use'; name: string; json: string[]; id?: string };

export interface AnthropicScenario extends Pacing {
  /** One text block: a string or the deltas it streams in. */
  content?: string | string[];
  /** Several blocks instead of `content`. */
  blocks?: AnthropicBlock[];
  stopReason?: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';
  model?: string;
  usage?: { input_tokens: number; output_tokens: number };
  status?: number;
  error?: { type: string; message: string };
  rawBody?: string;
  headers?: Record<string, string>;
  /** 'headers': never answers; 'body': streams the events and stalls before message_stop. */
  hang?: 'headers' | 'body';
  /** Send a mid-stream `event: error` (overloaded) after the text instead of finishing. */
  streamError?: boolean;
}

export type AnthropicScript = AnthropicScenario | ((request: RecordedRequest) => AnthropicScenario);

export interface AnthropicUpstream extends UpstreamServer {
  /** Base URL as the Anthropic SDK wants it (no `/v1`). */
  baseURL: string;
  use(script: AnthropicScript): void;
}

/**
 * Starts the fake Anthropic upstream.
 *
 * @example
 * const upstream = await startAnthropicUpstream({ content: ['Hel', 'lo'] });
 * const client = new Anthropic({ baseURL: upstream.baseURL, apiKey: 'sk-ant-test' });
 */
export async function startAnthropicUpstream(initial: AnthropicScript = { content: 'Hello!' }): Promise<AnthropicUpstream> {
  let script = initial;
  const server = await startUpstream(function anthropicReply(request) {
    const scenario = typeof script === 'function' ? script(request) : script;
    return reply(request, scenario);
  });
  return {
    ...server,
    baseURL: server.url,
    use(next) {
      script = next;
    },
  };
}

const ERROR_TYPES: Record<number, string> = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 413: 'request_too_large', 429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error' };

function reply(request: RecordedRequest, s: AnthropicScenario): Reply {
  const pacing: Pacing = { delayMs: s.delayMs, chunkDelayMs: s.chunkDelayMs, byteSplit: s.byteSplit };
  if (s.hang === 'headers') return { kind: 'hang' };
  const headers = { 'request-id': `req_${Math.random().toString(36).slice(2)}`, 'anthropic-organization-id': '00000000-0000-0000-0000-000000000000', ...s.headers };
  if (s.status && s.status >= 400) {
    if (s.rawBody !== undefined) return { kind: 'raw', status: s.status, headers, body: s.rawBody, ...pacing };
    const error = s.error ?? { type: ERROR_TYPES[s.status] ?? 'api_error', message: 'Internal server error' };
    return { kind: 'json', status: s.status, headers, body: { type: 'error', error, request_id: headers['request-id'] }, ...pacing };
  }
  const body = (request.body ?? {}) as { stream?: boolean; model?: string };
  const blocks: AnthropicBlock[] = s.blocks ?? [{ type: 'text', deltas: typeof s.content === 'string' ? [s.content] : (s.content ?? ['Hello!']) }];
  const model = s.model ?? body.model ?? 'claude-sonnet-4-5-20250929';
  const text = blocks.flatMap((b) => (b.type === 'text' ? b.deltas : [])).join('');
  const usage = s.usage ?? { input_tokens: 21, output_tokens: Math.max(1, Math.ceil(text.length / 4)) };
  const stopReason = s.stopReason ?? (blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
  const id = 'msg_01XFDUDYJgAACzvnptvVoYEL';
  if (!body.stream) {
    return {
      kind: 'json',
      status: 200,
      headers,
      body: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: blocks.map((b, i) => (b.type === 'text' ? { type: 'text', text: b.deltas.join('') } : { type: 'tool_use', id: b.id ?? `toolu_0${i}`, name: b.name, input: JSON.parse(b.json.join('') || '{}') as unknown })),
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: usage.input_tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: usage.output_tokens, service_tier: 'standard' },
      },
      ...pacing,
    };
  }
  const events: string[] = [];
  const emit = (type: string, payload: Record<string, unknown>): void => {
    events.push(`event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`);
  };
  emit('message_start', {
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input_tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1, service_tier: 'standard' } },
  });
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
      if (index === 0) emit('ping', {});
      for (const delta of block.deltas) if (delta) emit('content_block_delta', { index, delta: { type: 'text_delta', text: delta } });
    } else {
      emit('content_block_start', { index, content_block: { type: 'tool_use', id: block.id ?? `toolu_0${index}`, name: block.name, input: {} } });
      for (const piece of block.json) emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } });
    }
    if (s.hang === 'body' || s.streamError) return;
    emit('content_block_stop', { index });
  });
  if (s.streamError) {
    emit('error', { error: { type: 'overloaded_error', message: 'Overloaded' } });
    return { kind: 'sse', headers, events, ...pacing };
  }
  if (s.hang === 'body') return { kind: 'sse', headers, events, hang: true, ...pacing };
  emit('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  emit('message_stop', {});
  return { kind: 'sse', headers, events, ...pacing };
}
