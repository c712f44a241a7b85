import type OpenAI from 'openai';
import { toFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import type { ChatRequest, LlmErrorKind } from '../types.js';
import { jsonLines } from './lines.js';
import type { BatchApi, BatchLine, RemoteBatch, RemoteOutcome } from './types.js';
import { boundMessage, fromOpenAICompletion, kindOfStatus, openAIChatBody } from './wire.js';

export interface OpenAIBatchApiOptions {
  /** Requests per batch (OpenAI's limit: 50,000). */
  maxItems?: number;
  /** Bytes per input file (OpenAI's limit: 200 MB; default 190 MB). */
  maxBytes?: number;
  /** How a request's maxTokens is sent (default `max_completion_tokens`, what api.openai.com wants; local servers read `max_tokens`). */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

const ENDED = new Set(['completed', 'failed', 'expired', 'cancelled']);


function toRemote(batch: Batch): RemoteBatch {
  const counts = batch.request_counts ?? { total: 0, completed: 0, failed: 0 };
  const remote: RemoteBatch = {
    id: batch.id,
    status: batch.status,
    ended: ENDED.has(batch.status),
    createdAt: batch.created_at * 1000,
    expiresAt: typeof batch.expires_at === 'number' ? batch.expires_at * 1000 : null,
    counts: { total: counts.total, succeeded: counts.completed, failed: counts.failed },
    files: { output: batch.output_file_id ?? null, error: batch.error_file_id ?? null },
  };
  const first = batch.errors?.data?.[0];
  if (first) remote.error = boundMessage(`${first.code ?? 'error'}${first.line != null ? ` (line ${first.line})` : ''}: ${first.message ?? ''}`);
  return remote;
}

interface ResultLine {
  custom_id?: unknown;
  response?: { status_code?: unknown; body?: unknown } | null;
  error?: { code?: unknown; message?: unknown } | null;
}

/** A line of the output or error file as an outcome; undefined when it names no request. */
function outcomeOf(line: ResultLine, requestOf: (customId: string) => (ChatRequest & { model: string }) | undefined, latencyMs: number): RemoteOutcome | undefined {
  if (typeof line.custom_id !== 'string') return undefined;
  const customId = line.custom_id;
  const request = requestOf(customId);
  if (!request) return undefined;
  if (line.response && typeof line.response.status_code === 'number') {
    const status = line.response.status_code;
    if (status >= 200 && status < 300) {
      const mapped = fromOpenAICompletion(line.response.body, request, latencyMs);
      return 'kind' in mapped ? { customId, ok: false, kind: mapped.kind, error: mapped.error } : { customId, ok: true, response: mapped };
    }
    const error = ((line.response.body ?? {}) as { error?: { message?: unknown; code?: unknown } }).error;
    const code = typeof error?.code === 'string' ? error.code : '';
    const kind: LlmErrorKind = code === 'content_filter' || code === 'content_policy_violation' ? 'content_filter' : kindOfStatus(status);
    return { customId, ok: false, kind, error: boundMessage(`HTTP ${status}${code ? ` ${code}` : ''}: ${typeof error?.message === 'string' ? error.message : 'no message'}`) };
  }
  const code = typeof line.error?.code === 'string' ? line.error.code : 'error';
  const message = typeof line.error?.message === 'string' ? line.error.message : 'no message';
  const kind: LlmErrorKind = code === 'batch_expired' ? 'expired' : code === 'batch_cancelled' ? 'cancelled' : 'server';
  return { customId, ok: false, kind, error: boundMessage(`${code}: ${message}`) };
}

/**
 * The OpenAI Batch API through the official SDK: requests written as JSONL
 * (`{custom_id, method: 'POST', url: '/v1/chat/completions', body}`), uploaded with
 * `files.create({purpose: 'batch'})`, submitted with `batches.create` (24 h window), polled with
 * `batches.retrieve`, and read back from the output and error files (`files.content`).
 *
 * @example
 * const api = openAIBatchApi(new OpenAI({ apiKey: process.env.OPENAI_API_KEY }));
 * const report = await runBatch(items, { store, runId: 'r1', provider, api });
 */
export function openAIBatchApi(client: OpenAI, options: OpenAIBatchApiOptions = {}): BatchApi {
  /** One line of the batch input file. */
  const encodeLine = (line: BatchLine): string => JSON.stringify({ custom_id: line.customId, method: 'POST', url: '/v1/chat/completions', body: openAIChatBody(line.request, options.maxTokensField) });
  return {
    provider: 'openai',
    maxItems: options.maxItems ?? 50_000,
    maxBytes: options.maxBytes ?? 190 * 1024 * 1024,
    encodedSize(line) {
      return Buffer.byteLength(encodeLine(line), 'utf8') + 1;
    },
    async submit(lines, meta) {
      const jsonl = `${lines.map(encodeLine).join('\n')}\n`;
      const file = await client.files.create({ file: await toFile(Buffer.from(jsonl, 'utf8'), `warden-${meta.runId}.jsonl`, { type: 'application/jsonl' }), purpose: 'batch' });
      const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { warden_run: meta.runId, warden_submission: meta.token } });
      return toRemote(batch);
    },
    async find(token, since) {
      // Newest first; stop at batches created well before the submission.
      for await (const batch of client.batches.list({ limit: 100 })) {
        if (batch.metadata?.warden_submission === token) return toRemote(batch);
        if (batch.created_at * 1000 < since - 5 * 60_000) return undefined;
      }
      return undefined;
    },
    async retrieve(id) {
      return toRemote(await client.batches.retrieve(id));
    },
    async cancel(id) {
      return toRemote(await client.batches.cancel(id));
    },
    async *results(batch, requestOf) {
      const files = batch.files ?? (await this.retrieve(batch.id)).files;
      const latencyMs = Math.max(0, Date.now() - batch.createdAt);
      for (const fileId of [files?.output, files?.error]) {
        if (!fileId) continue;
        const response = await client.files.content(fileId);
        for await (const { value } of jsonLines(response.body, `OpenAI file ${fileId}`)) {
          const outcome = outcomeOf((value ?? {}) as ResultLine, requestOf, latencyMs);
          if (outcome) yield outcome;
        }
      }
    },
  };
}
