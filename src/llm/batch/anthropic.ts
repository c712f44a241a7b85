import type Anthropic from '@anthropic-ai/sdk';
import type { MessageBatch, MessageBatchIndividualResponse } from '@anthropic-ai/sdk/resources/messages/batches';
import type { ChatRequest } from '../types.js';
import type { BatchApi, BatchLine, RemoteBatch, RemoteOutcome } from './types.js';
import { anthropicParams, boundMessage, fromAnthropicMessage, kindOfAnthropicError } from './wire.js';
import { loadAnthropicSdk } from '../errors.js';

export interface AnthropicBatchApiOptions {
  /** Requests per batch (Anthropic's limit: 100,000). */
  maxItems?: number;
  /** Bytes per batch request (Anthropic's limit: 256 MB; default 200 MB). */
  maxBytes?: number;
  /** max_tokens of requests that set none (default: the provider's default, 4096). */
  defaultMaxTokens?: number;
}

const time = (iso: string | null): number | null => (iso ? Date.parse(iso) : null);

function toRemote(batch: MessageBatch): RemoteBatch {
  const c = batch.request_counts;
  return {
    id: batch.id,
    status: batch.processing_status,
    ended: batch.processing_status === 'ended',
    createdAt: time(batch.created_at) ?? Date.now(),
    expiresAt: time(batch.expires_at),
    counts: { total: c.processing + c.succeeded + c.errored + c.canceled + c.expired, succeeded: c.succeeded, failed: c.errored + c.canceled + c.expired },
  };
}

function outcomeOf(entry: MessageBatchIndividualResponse, request: ChatRequest & { model: string }, latencyMs: number): RemoteOutcome {
  const customId = entry.custom_id;
  const result = entry.result;
  switch (result.type) {
    case 'succeeded': {
      const mapped = fromAnthropicMessage(result.message, request, latencyMs);
      return 'kind' in mapped ? { customId, ok: false, kind: mapped.kind, error: mapped.error } : { customId, ok: true, response: mapped };
    }
    case 'errored': {
      const error = result.error?.error as { type?: string; message?: string } | undefined;
      const type = error?.type ?? 'api_error';
      return { customId, ok: false, kind: kindOfAnthropicError(type), error: boundMessage(`${type}: ${error?.message ?? 'no message'}`) };
    }
    case 'canceled':
      return { customId, ok: false, kind: 'cancelled', error: 'the batch was canceled before this request ran' };
    case 'expired':
      return { customId, ok: false, kind: 'expired', error: 'the batch expired before this request ran' };
    default:
      return { customId, ok: false, kind: 'server', error: boundMessage(`unknown result type ${String((result as { type?: unknown }).type)}`) };
  }
}

/**
 * Anthropic Message Batches through the official SDK: `messages.batches.create({requests:
 * [{custom_id, params}]})`, `retrieve` until `processing_status` is `ended`, `results()` (a
 * JSONL stream of succeeded / errored / canceled / expired results), and `cancel`.
 *
 * @example
 * const api = anthropicBatchApi(new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY })); // or a () => Promise<Anthropic>
 * const report = await runBatch(items, { store, runId: 'r1', provider, api });
 */
export function anthropicBatchApi(client: Anthropic | (() => Promise<Anthropic>), options: AnthropicBatchApiOptions = {}): BatchApi {
  // A factory defers loading the SDK to the first call (batchApiFor passes one). A client made by
  // the caller means the SDK is loaded: loadAnthropicSdk then only records its error classes.
  const sdk = typeof client === 'function' ? undefined : loadAnthropicSdk();
  const batches = async (): Promise<Anthropic['messages']['batches']> => {
    await sdk;
    return (typeof client === 'function' ? await client() : client).messages.batches;
  };
  const request = (line: BatchLine): { custom_id: string; params: Record<string, unknown> } => ({ custom_id: line.customId, params: anthropicParams(line.request, options.defaultMaxTokens) });
  return {
    provider: 'anthropic',
    maxItems: options.maxItems ?? 100_000,
    maxBytes: options.maxBytes ?? 200 * 1024 * 1024,
    encodedSize(line) {
      return Buffer.byteLength(JSON.stringify(request(line)), 'utf8') + 1;
    },
    async submit(lines) {
      const requests = lines.map(request) as unknown as Anthropic.Messages.BatchCreateParams['requests'];
      return toRemote(await (await batches()).create({ requests }));
    },
    async retrieve(id) {
      return toRemote(await (await batches()).retrieve(id));
    },
    async cancel(id) {
      return toRemote(await (await batches()).cancel(id));
    },
    async *results(batch, requestOf) {
      const latencyMs = Math.max(0, Date.now() - batch.createdAt);
      const stream = await (await batches()).results(batch.id);
      for await (const entry of stream) {
        const request = requestOf(entry.custom_id);
        if (request) yield outcomeOf(entry, request, latencyMs);
      }
    },
  };
}
