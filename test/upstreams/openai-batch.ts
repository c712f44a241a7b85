import { randomBytes } from 'node:crypto';
import { startUpstream, type RecordedRequest, type Reply, type UpstreamServer } from './server.js';

/**
 * A local upstream that speaks the OpenAI Files and Batch APIs as api.openai.com does:
 * `POST /v1/files` (multipart upload, purpose `batch`), `GET /v1/files/{id}` and
 * `/v1/files/{id}/content`, `POST /v1/batches`, `GET /v1/batches/{id}`, `GET /v1/batches`,
 * `POST /v1/batches/{id}/cancel`. A batch moves validating → in_progress → finalizing →
 * completed on the server's clock (configurable delays), or to failed (invalid input lines),
 * expired (past `expireMs`, unfinished requests written to the error file as `batch_expired`)
 * or cancelling → cancelled. Output lines are `{id, custom_id, response: {status_code,
 * request_id, body}, error: null}`; the test's script answers each request.
 */

export interface OpenAIBatchAnswer {
  content?: string;
  finishReason?: 'stop' | 'length' | 'content_filter';
  model?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** A failed request: the HTTP status and OpenAI error body of its error-file line. */
  status?: number;
  error?: { message: string; type: string; code: string | null };
  /** No line at all for this request, in neither file. */
  missing?: boolean;
}

export type OpenAIBatchScript = (request: { customId: string; body: Record<string, unknown> }) => OpenAIBatchAnswer;

export interface OpenAIBatchTiming {
  /** Time spent in `validating` (default 0). */
  validateMs?: number;
  /** Time per request in `in_progress`, one after another (default 0: all at once). */
  itemMs?: number;
  /** Time spent in `finalizing` (default 0). */
  finalizeMs?: number;
  /** A batch not completed this long after creation expires (default 24 h). */
  expireMs?: number;
  /** Time spent in `cancelling` (default 0). */
  cancelMs?: number;
}

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  content: string;
  createdAt: number;
}

interface Line {
  customId: string;
  body: Record<string, unknown>;
  answer?: OpenAIBatchAnswer;
}

interface BatchState {
  id: string;
  inputFileId: string;
  endpoint: string;
  metadata: unknown;
  createdAt: number;
  timing: Required<OpenAIBatchTiming>;
  lines: Line[];
  invalid: { code: string; line: number | null; message: string }[];
  status: string;
  times: Record<string, number>;
  outputFileId: string | null;
  errorFileId: string | null;
}

export interface OpenAIBatchUpstream extends UpstreamServer {
  /** Base URL as the OpenAI SDK wants it (`.../v1`). */
  baseURL: string;
  answer(script: OpenAIBatchScript): void;
  /** Timing of batches created from now on. */
  timing(timing: OpenAIBatchTiming): void;
  /** Batches created so far (ids, in order). */
  batchIds(): string[];
  /** Custom ids of the requests of one batch. */
  customIds(batchId: string): string[];
  /** The next batch created fails validation with this batch-level error (e.g. `token_limit_exceeded`). */
  failNext(error: { code: string; message: string }): void;
}

const DAY = 24 * 3600_000;
const sec = (ms: number): number => Math.floor(ms / 1000);
const rid = (prefix: string): string => `${prefix}${randomBytes(12).toString('hex')}`;

/**
 * Starts the fake OpenAI batch upstream.
 *
 * @example
 * const upstream = await startOpenAIBatchUpstream((req) => ({ content: `echo ${req.customId}` }), { itemMs: 5 });
 * const client = new OpenAI({ baseURL: upstream.baseURL, apiKey: 'sk-test' });
 */
export async function startOpenAIBatchUpstream(script: OpenAIBatchScript, timing: OpenAIBatchTiming = {}): Promise<OpenAIBatchUpstream> {
  let answer = script;
  let current: Required<OpenAIBatchTiming> = { validateMs: 0, itemMs: 0, finalizeMs: 0, expireMs: DAY, cancelMs: 0, ...timing };
  const files = new Map<string, StoredFile>();
  let failNext: { code: string; message: string } | undefined;
  const batches = new Map<string, BatchState>();

  const error = (status: number, message: string, type = 'invalid_request_error', code: string | null = null): Reply => ({ kind: 'json', status, body: { error: { message, type, param: null, code } } });

  function fileObject(f: StoredFile): Record<string, unknown> {
    return { id: f.id, object: 'file', bytes: Buffer.byteLength(f.content), created_at: sec(f.createdAt), filename: f.filename, purpose: f.purpose, status: 'processed', expires_at: null, status_details: null };
  }

  function addFile(filename: string, purpose: string, content: string, at: number): string {
    const id = rid('file-');
    files.set(id, { id, filename, purpose, content, createdAt: at });
    return id;
  }

  function answerOf(b: BatchState, line: Line): OpenAIBatchAnswer {
    line.answer ??= answer({ customId: line.customId, body: line.body });
    return line.answer;
  }

  /** Moves a batch along the server's clock. */
  function advance(b: BatchState, now: number): void {
    const t = b.timing;
    const final = ['completed', 'failed', 'expired', 'cancelled'];
    if (final.includes(b.status)) return;
    if (b.status === 'cancelling') {
      if (now >= b.times.cancelling_at! + t.cancelMs) finish(b, 'cancelled', b.times.cancelling_at! + t.cancelMs);
      return;
    }
    const validatedAt = b.createdAt + t.validateMs;
    if (now < validatedAt) return;
    if (b.invalid.length > 0) {
      b.status = 'failed';
      b.times.failed_at = validatedAt;
      return;
    }
    const expireAt = b.createdAt + t.expireMs;
    const doneAt = validatedAt + b.lines.length * t.itemMs + t.finalizeMs;
    if (doneAt > expireAt && now >= expireAt) return finish(b, 'expired', expireAt);
    b.times.in_progress_at = validatedAt;
    b.status = 'in_progress';
    if (now >= validatedAt + b.lines.length * t.itemMs) {
      b.status = 'finalizing';
      b.times.finalizing_at = validatedAt + b.lines.length * t.itemMs;
    }
    if (now >= doneAt) finish(b, 'completed', doneAt);
  }

  /** Requests done by `at`. */
  function doneBy(b: BatchState, at: number): number {
    if (!b.times.in_progress_at || at < b.times.in_progress_at) return 0;
    if (b.timing.itemMs === 0) return b.lines.length;
    return Math.min(b.lines.length, Math.floor((at - b.times.in_progress_at) / b.timing.itemMs));
  }

  function finish(b: BatchState, status: 'completed' | 'expired' | 'cancelled', at: number): void {
    const done = status === 'completed' ? b.lines.length : doneBy(b, at);
    const out: string[] = [];
    const err: string[] = [];
    b.lines.forEach((line, index) => {
      if (index >= done) {
        const code = status === 'expired' ? 'batch_expired' : 'batch_cancelled';
        const message = status === 'expired' ? 'This request could not be executed before the completion window expired.' : 'This request was cancelled before it was executed.';
        err.push(JSON.stringify({ id: rid('batch_req_'), custom_id: line.customId, response: null, error: { code, message } }));
        return;
      }
      const a = answerOf(b, line);
      if (a.missing) return;
      const target = a.status && a.status >= 400 ? err : out;
      target.push(JSON.stringify({ id: rid('batch_req_'), custom_id: line.customId, response: { status_code: a.status && a.status >= 400 ? a.status : 200, request_id: rid('req_'), body: bodyOf(line, a) }, error: null }));
    });
    b.status = status;
    b.times[`${status}_at`] = at;
    if (out.length) b.outputFileId = addFile(`${b.id}_output.jsonl`, 'batch_output', `${out.join('\n')}\n`, at);
    if (err.length) b.errorFileId = addFile(`${b.id}_error.jsonl`, 'batch_output', `${err.join('\n')}\n`, at);
  }

  function counts(b: BatchState, now: number): { total: number; completed: number; failed: number } {
    const total = b.lines.length;
    if (b.status === 'failed') return { total, completed: 0, failed: 0 };
    const final = ['completed', 'expired', 'cancelled'].includes(b.status);
    const done = b.status === 'completed' ? total : doneBy(b, final ? (b.times[`${b.status}_at`] ?? now) : now);
    let completed = 0;
    let failed = 0;
    b.lines.slice(0, done).forEach((line) => {
      const a = answerOf(b, line);
      if (a.missing) return;
      if (a.status && a.status >= 400) failed++;
      else completed++;
    });
    if (b.status === 'expired' || b.status === 'cancelled') failed += total - done;
    return { total, completed, failed };
  }

  function batchObject(b: BatchState, now: number): Record<string, unknown> {
    advance(b, now);
    const at = (name: string): number | null => (b.times[name] === undefined ? null : sec(b.times[name]));
    return {
      id: b.id,
      object: 'batch',
      endpoint: b.endpoint,
      model: (b.lines[0]?.body.model as string | undefined) ?? null,
      errors: b.invalid.length ? { object: 'list', data: b.invalid.map((e) => ({ ...e, param: null })) } : null,
      input_file_id: b.inputFileId,
      completion_window: '24h',
      status: b.status,
      output_file_id: b.outputFileId,
      error_file_id: b.errorFileId,
      created_at: sec(b.createdAt),
      in_progress_at: at('in_progress_at'),
      expires_at: sec(b.createdAt + b.timing.expireMs),
      finalizing_at: at('finalizing_at'),
      completed_at: at('completed_at'),
      failed_at: at('failed_at'),
      expired_at: at('expired_at'),
      cancelling_at: at('cancelling_at'),
      cancelled_at: at('cancelled_at'),
      request_counts: counts(b, now),
      metadata: b.metadata ?? null,
    };
  }

  function create(request: RecordedRequest, now: number): Reply {
    const body = (request.body ?? {}) as { input_file_id?: unknown; endpoint?: unknown; completion_window?: unknown; metadata?: unknown };
    const file = typeof body.input_file_id === 'string' ? files.get(body.input_file_id) : undefined;
    if (!file) return error(404, `No such File object: ${String(body.input_file_id)}`, 'invalid_request_error', 'file_not_found');
    if (file.purpose !== 'batch') return error(400, `File ${file.id} has purpose ${file.purpose}; batch input files must have purpose batch.`);
    if (body.endpoint !== '/v1/chat/completions' && body.endpoint !== '/v1/embeddings' && body.endpoint !== '/v1/responses') return error(400, `Invalid endpoint: ${String(body.endpoint)}`);
    if (body.completion_window !== '24h') return error(400, `Invalid completion_window: ${String(body.completion_window)}. Supported values are: '24h'`);
    const lines: Line[] = [];
    const invalid: BatchState['invalid'] = [];
    const seen = new Set<string>();
    file.content.split('\n').forEach((text, index) => {
      if (!text.trim()) return;
      let parsed: { custom_id?: unknown; method?: unknown; url?: unknown; body?: unknown };
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        invalid.push({ code: 'invalid_json_line', line: index + 1, message: 'This line is not parseable as valid JSON.' });
        return;
      }
      if (typeof parsed.custom_id !== 'string' || seen.has(parsed.custom_id)) invalid.push({ code: 'duplicate_custom_id', line: index + 1, message: 'The custom_id for this request is a duplicate or missing.' });
      else if (parsed.method !== 'POST' || parsed.url !== body.endpoint) invalid.push({ code: 'invalid_url', line: index + 1, message: `The URL provided for this request does not match the batch endpoint ${String(body.endpoint)}.` });
      else if (!parsed.body || typeof parsed.body !== 'object' || typeof (parsed.body as { model?: unknown }).model !== 'string') invalid.push({ code: 'missing_required_parameter', line: index + 1, message: "Missing required parameter: 'body.model'." });
      else {
        seen.add(parsed.custom_id);
        lines.push({ customId: parsed.custom_id, body: parsed.body as Record<string, unknown> });
      }
    });
    if (lines.length + invalid.length === 0) return error(400, 'The batch input file is empty.');
    if (failNext) invalid.push({ ...failNext, line: null });
    failNext = undefined;
    const b: BatchState = { id: rid('batch_'), inputFileId: file.id, endpoint: body.endpoint, metadata: body.metadata, createdAt: now, timing: current, lines, invalid, status: 'validating', times: {}, outputFileId: null, errorFileId: null };
    batches.set(b.id, b);
    return { kind: 'json', status: 200, body: batchObject(b, now) };
  }

  const server = await startUpstream(function openaiBatchReply(request) {
    const now = Date.now();
    const path = request.path.replace(/\?.*$/, '');
    const parts = path.split('/').filter(Boolean);
    if (request.method === 'POST' && path === '/v1/files') {
      const upload = parseMultipart(request);
      if (!upload.file) return error(400, "Missing required parameter: 'file'.");
      if (!upload.purpose) return error(400, "Missing required parameter: 'purpose'.");
      const id = addFile(upload.filename ?? 'upload', upload.purpose, upload.file, now);
      return { kind: 'json', status: 200, body: fileObject(files.get(id)!) };
    }
    if (parts[0] === 'v1' && parts[1] === 'files' && parts[2] && request.method === 'GET') {
      const f = files.get(parts[2]);
      if (!f) return error(404, `No such File object: ${parts[2]}`, 'invalid_request_error', 'file_not_found');
      if (parts[3] === 'content') return { kind: 'raw', status: 200, headers: { 'content-type': 'application/octet-stream' }, body: f.content };
      return { kind: 'json', status: 200, body: fileObject(f) };
    }
    if (request.method === 'POST' && path === '/v1/batches') return create(request, now);
    if (request.method === 'GET' && path === '/v1/batches') {
      const data = [...batches.values()].reverse().map((b) => batchObject(b, now));
      return { kind: 'json', status: 200, body: { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: false } };
    }
    if (parts[0] === 'v1' && parts[1] === 'batches' && parts[2]) {
      const b = batches.get(parts[2]);
      if (!b) return error(404, `No batch found with id '${parts[2]}'.`, 'invalid_request_error', 'batch_not_found');
      if (request.method === 'POST' && parts[3] === 'cancel') {
        advance(b, now);
        if (b.status === 'validating' || b.status === 'in_progress' || b.status === 'finalizing') {
          b.status = 'cancelling';
          b.times.cancelling_at = now;
        } else if (b.status !== 'cancelling') return error(409, `Cannot cancel a batch with status '${b.status}'.`);
        return { kind: 'json', status: 200, body: batchObject(b, now) };
      }
      if (request.method === 'GET' && !parts[3]) return { kind: 'json', status: 200, body: batchObject(b, now) };
    }
    return error(404, `Invalid URL (${request.method} ${path})`);
  });

  return {
    ...server,
    baseURL: `${server.url}/v1`,
    answer(next) {
      answer = next;
    },
    timing(next) {
      current = { ...current, ...next };
    },
    batchIds: () => [...batches.keys()],
    customIds: (id) => batches.get(id)?.lines.map((l) => l.customId) ?? [],
    failNext(next) {
      failNext = next;
    },
  };
}

function bodyOf(line: Line, a: OpenAIBatchAnswer): Record<string, unknown> {
  if (a.status && a.status >= 400) return { error: { param: null, ...(a.error ?? { message: 'The server had an error processing your request.', type: 'server_error', code: null }) } };
  const content = a.content ?? '';
  const usage = a.usage ?? { prompt_tokens: 10, completion_tokens: Math.max(1, Math.ceil(content.length / 4)) };
  return {
    id: rid('chatcmpl-'),
    object: 'chat.completion',
    created: sec(Date.now()),
    model: a.model ?? (typeof line.body.model === 'string' ? `${line.body.model}-2024-07-18` : 'gpt-4o-mini-2024-07-18'),
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, annotations: [] }, logprobs: null, finish_reason: a.finishReason ?? 'stop' }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
    service_tier: 'default',
    system_fingerprint: 'fp_44709d6fcb',
  };
}

/** The fields of a multipart/form-data body (text parts; the file part as UTF-8 text). */
function parseMultipart(request: RecordedRequest): { file?: string; filename?: string; purpose?: string } {
  const type = String(request.headers['content-type'] ?? '');
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (!boundary || typeof request.body !== 'string') return {};
  const out: { file?: string; filename?: string; purpose?: string } = {};
  for (const part of request.body.split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const value = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (name === 'file') {
      out.file = value;
      out.filename = /filename="([^"]*)"/.exec(head)?.[1];
    } else if (name === 'purpose') out.purpose = value;
  }
  return out;
}
