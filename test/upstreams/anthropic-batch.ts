import { randomBytes } from 'node:crypto';
import { startUpstream, type RecordedRequest, type Reply, type UpstreamServer } from './server.js';

/**
 * A local upstream that speaks Anthropic's Message Batches API as api.anthropic.com does:
 * `POST /v1/messages/batches` (`{requests: [{custom_id, params}]}`), `GET
 * /v1/messages/batches/{id}` (processing_status in_progress → ended, request_counts,
 * results_url once ended), `GET /v1/messages/batches` (a page), `POST .../{id}/cancel`
 * (canceling → ended, unprocessed requests `canceled`) and `GET .../{id}/results`, a JSONL stream
 * of `{custom_id, result: {type: succeeded | errored | canceled | expired, ...}}`. Requests are
 * processed one after another on the server's clock; the test's script answers each one.
 */

export interface AnthropicBatchAnswer {
  /** The text of a text answer. */
  content?: string;
  /** The input of the forced tool (when the request forces one); defaults to `content` parsed as JSON. */
  toolInput?: unknown;
  stopReason?: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';
  model?: string;
  usage?: { input_tokens: number; output_tokens: number };
  /** An `errored` result with this error. */
  error?: { type: string; message: string };
  /** No line at all for this request. */
  missing?: boolean;
}

export type AnthropicBatchScript = (request: { customId: string; params: Record<string, unknown> }) => AnthropicBatchAnswer;

export interface AnthropicBatchTiming {
  /** Time per request, one after another (default 0: all at once). */
  itemMs?: number;
  /** A batch not ended this long after creation expires (default 24 h). */
  expireMs?: number;
  /** Time spent in `canceling` (default 0). */
  cancelMs?: number;
}

interface Entry {
  customId: string;
  params: Record<string, unknown>;
  answer?: AnthropicBatchAnswer;
}

interface BatchState {
  id: string;
  createdAt: number;
  timing: Required<AnthropicBatchTiming>;
  entries: Entry[];
  cancelAt: number | null;
  endedAt: number | null;
  /** How the unprocessed requests ended. */
  endedAs: 'expired' | 'canceled' | null;
}

export interface AnthropicBatchUpstream extends UpstreamServer {
  /** Base URL as the Anthropic SDK wants it (no `/v1`). */
  baseURL: string;
  answer(script: AnthropicBatchScript): void;
  timing(timing: AnthropicBatchTiming): void;
  batchIds(): string[];
  customIds(batchId: string): string[];
}

const DAY = 24 * 3600_000;
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const rid = (prefix: string): string => `${prefix}${randomBytes(12).toString('hex')}`;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * Starts the fake Anthropic batch upstream.
 *
 * @example
 * const upstream = await startAnthropicBatchUpstream((req) => ({ content: 'hi' }), { itemMs: 5 });
 * const client = new Anthropic({ baseURL: upstream.baseURL, apiKey: 'sk-ant-test' });
 */
export async function startAnthropicBatchUpstream(script: AnthropicBatchScript, timing: AnthropicBatchTiming = {}): Promise<AnthropicBatchUpstream> {
  let answer = script;
  let current: Required<AnthropicBatchTiming> = { itemMs: 0, expireMs: DAY, cancelMs: 0, ...timing };
  const batches = new Map<string, BatchState>();
  let baseUrl = '';

  const error = (status: number, type: string, message: string): Reply => ({ kind: 'json', status, body: { type: 'error', error: { type, message }, request_id: rid('req_') } });

  const answerOf = (e: Entry): AnthropicBatchAnswer => (e.answer ??= answer({ customId: e.customId, params: e.params }));

  function doneBy(b: BatchState, at: number): number {
    if (b.timing.itemMs === 0) return b.entries.length;
    return Math.min(b.entries.length, Math.floor((at - b.createdAt) / b.timing.itemMs));
  }

  function advance(b: BatchState, now: number): void {
    if (b.endedAt !== null) return;
    const allDoneAt = b.createdAt + b.entries.length * b.timing.itemMs;
    const expireAt = b.createdAt + b.timing.expireMs;
    if (b.cancelAt !== null) {
      const stopAt = Math.min(b.cancelAt + b.timing.cancelMs, allDoneAt);
      if (now >= stopAt) {
        b.endedAt = stopAt;
        b.endedAs = 'canceled';
      }
      return;
    }
    if (allDoneAt > expireAt && now >= expireAt) {
      b.endedAt = expireAt;
      b.endedAs = 'expired';
    } else if (now >= allDoneAt) b.endedAt = allDoneAt;
  }

  /** Requests that have an outcome: done by the end (or now), the rest once ended. */
  function processed(b: BatchState, now: number): number {
    const until = b.endedAt ?? now;
    const stopAt = b.cancelAt === null ? until : Math.min(until, b.cancelAt);
    return doneBy(b, stopAt);
  }

  function batchObject(b: BatchState, now: number): Record<string, unknown> {
    advance(b, now);
    const done = processed(b, now);
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    b.entries.forEach((e, index) => {
      if (index >= done) {
        if (b.endedAs === 'expired') counts.expired++;
        else if (b.endedAs === 'canceled') counts.canceled++;
        else counts.processing++;
        return;
      }
      const a = answerOf(e);
      if (a.error) counts.errored++;
      else counts.succeeded++;
    });
    const ended = b.endedAt !== null;
    return {
      id: b.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : b.cancelAt !== null ? 'canceling' : 'in_progress',
      request_counts: counts,
      ended_at: iso(b.endedAt),
      created_at: iso(b.createdAt),
      expires_at: iso(b.createdAt + b.timing.expireMs),
      archived_at: null,
      cancel_initiated_at: iso(b.cancelAt),
      results_url: ended ? `${baseUrl}/v1/messages/batches/${b.id}/results` : null,
    };
  }

  function resultLine(b: BatchState, e: Entry, index: number, done: number): string | undefined {
    if (index >= done) return JSON.stringify({ custom_id: e.customId, result: { type: b.endedAs === 'expired' ? 'expired' : 'canceled' } });
    const a = answerOf(e);
    if (a.missing) return undefined;
    if (a.error) return JSON.stringify({ custom_id: e.customId, result: { type: 'errored', error: { type: 'error', error: a.error, request_id: rid('req_') } } });
    const choice = e.params.tool_choice as { type?: string; name?: string } | undefined;
    const forced = choice?.type === 'tool' && typeof choice.name === 'string';
    const text = a.content ?? '';
    const content = forced ? [{ type: 'tool_use', id: rid('toolu_'), name: choice.name, input: a.toolInput ?? (JSON.parse(text || '{}') as unknown) }] : [{ type: 'text', text, citations: null }];
    const usage = a.usage ?? { input_tokens: 20, output_tokens: Math.max(1, Math.ceil(text.length / 4)) };
    const message = {
      id: rid('msg_'),
      type: 'message',
      role: 'assistant',
      model: a.model ?? e.params.model,
      content,
      stop_reason: a.stopReason ?? (forced ? 'tool_use' : 'end_turn'),
      stop_sequence: null,
      usage: { ...usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, server_tool_use: null, service_tier: 'batch' },
    };
    return JSON.stringify({ custom_id: e.customId, result: { type: 'succeeded', message } });
  }

  function create(request: RecordedRequest, now: number): Reply {
    const body = (request.body ?? {}) as { requests?: unknown };
    if (!Array.isArray(body.requests) || body.requests.length === 0) return error(400, 'invalid_request_error', 'requests: Field required');
    const seen = new Set<string>();
    const entries: Entry[] = [];
    for (const [index, raw] of (body.requests as { custom_id?: unknown; params?: unknown }[]).entries()) {
      if (typeof raw.custom_id !== 'string' || !CUSTOM_ID.test(raw.custom_id)) return error(400, 'invalid_request_error', `requests.${index}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
      if (seen.has(raw.custom_id)) return error(400, 'invalid_request_error', `Duplicate custom_id: ${raw.custom_id}`);
      const params = raw.params as Record<string, unknown> | undefined;
      if (!params || typeof params.model !== 'string' || typeof params.max_tokens !== 'number' || !Array.isArray(params.messages)) {
        return error(400, 'invalid_request_error', `requests.${index}.params: model, max_tokens and messages are required`);
      }
      seen.add(raw.custom_id);
      entries.push({ customId: raw.custom_id, params });
    }
    const b: BatchState = { id: rid('msgbatch_'), createdAt: now, timing: current, entries, cancelAt: null, endedAt: null, endedAs: null };
    batches.set(b.id, b);
    return { kind: 'json', status: 200, body: batchObject(b, now) };
  }

  const server = await startUpstream(function anthropicBatchReply(request) {
    const now = Date.now();
    const path = request.path.replace(/\?.*$/, '');
    const parts = path.split('/').filter(Boolean);
    if (parts[0] !== 'v1' || parts[1] !== 'messages' || parts[2] !== 'batches') return error(404, 'not_found_error', `Not found: ${request.method} ${path}`);
    if (parts.length === 3 && request.method === 'POST') return create(request, now);
    if (parts.length === 3 && request.method === 'GET') {
      const data = [...batches.values()].reverse().map((b) => batchObject(b, now));
      return { kind: 'json', status: 200, body: { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null } };
    }
    const b = batches.get(parts[3] ?? '');
    if (!b) return error(404, 'not_found_error', `message_batch not found: ${parts[3] ?? ''}`);
    if (parts.length === 4 && request.method === 'GET') return { kind: 'json', status: 200, body: batchObject(b, now) };
    if (parts[4] === 'cancel' && request.method === 'POST') {
      advance(b, now);
      if (b.endedAt === null && b.cancelAt === null) b.cancelAt = now;
      return { kind: 'json', status: 200, body: batchObject(b, now) };
    }
    if (parts[4] === 'results' && request.method === 'GET') {
      advance(b, now);
      if (b.endedAt === null) return error(404, 'not_found_error', `Batch ${b.id} has not ended; results are not available yet.`);
      const done = processed(b, now);
      const lines = b.entries.map((e, index) => resultLine(b, e, index, done)).filter((l): l is string => l !== undefined);
      return { kind: 'raw', status: 200, headers: { 'content-type': 'application/binary' }, body: `${lines.join('\n')}\n` };
    }
    return error(404, 'not_found_error', `Not found: ${request.method} ${path}`);
  });
  baseUrl = server.url;

  return {
    ...server,
    baseURL: server.url,
    answer(next) {
      answer = next;
    },
    timing(next) {
      current = { ...current, ...next };
    },
    batchIds: () => [...batches.keys()],
    customIds: (id) => batches.get(id)?.entries.map((e) => e.customId) ?? [],
  };
}
