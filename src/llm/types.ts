/**
 * The LLM layer's contract: one provider interface for chat, JSON-schema structured output and
 * embeddings, whatever serves it (OpenAI-compatible endpoints through the `openai` SDK,
 * Anthropic through `@anthropic-ai/sdk`), and the batch runner that sends many chat requests
 * through a provider's batch API or, for small jobs, as concurrent calls.
 */

export type ProviderKind = 'openai' | 'anthropic';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A JSON schema the answer must follow (OpenAI `response_format: json_schema`; Anthropic: a forced tool). */
export interface JsonSchemaSpec {
  name: string;
  schema: Record<string, unknown>;
  /** OpenAI strict mode. Default true. */
  strict?: boolean;
}

export interface ChatRequest {
  /** Defaults to the provider's configured model. */
  model?: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  jsonSchema?: JsonSchemaSpec;
  stop?: string[];
  seed?: number;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatResponse {
  text: string;
  /** The parsed answer when `jsonSchema` was given and the text parsed as JSON. */
  json?: unknown;
  model: string;
  finishReason: string | null;
  usage: Usage;
  /** Served from the response cache (no request made, no usage counted). */
  cached: boolean;
  latencyMs: number;
  /** HTTP requests made for this answer (0 on a cache hit). */
  attempts: number;
}

export interface EmbedRequest {
  model?: string;
  input: string[];
}

export interface EmbedResponse {
  vectors: number[][];
  model: string;
  usage: Usage;
  cached: boolean;
}

/** Per-call options that are not part of the request (and so not part of its cache key). */
export interface CallOptions {
  signal?: AbortSignal;
  /** Skip the response cache for this call (it is neither read nor written). */
  noCache?: boolean;
}

/** Why a call failed; stable strings (they appear in reports and batch trackers). */
export type LlmErrorKind = 'timeout' | 'connection' | 'rate_limit' | 'server' | 'request' | 'auth' | 'content_filter' | 'empty' | 'unparseable' | 'expired' | 'cancelled';

export interface LlmProvider {
  readonly kind: ProviderKind;
  /** The configured default model. */
  readonly model: string;
  /** Base URL of the endpoint, for messages (never carries a key). */
  readonly endpoint: string;
  chat(request: ChatRequest, options?: CallOptions): Promise<ChatResponse>;
  /** Absent when the provider has no embeddings API (Anthropic). */
  embed?(request: EmbedRequest, options?: CallOptions): Promise<EmbedResponse>;
  /** Usage, cost and throughput accounted since the provider was created. */
  stats(): ProviderStats;
  /** Releases the response cache's store connection (when the provider opened one). */
  close?(): Promise<void>;
}

export interface ProviderStats {
  /** HTTP requests sent (every attempt, retries included). */
  requests: number;
  /** chat/embed calls made by the caller (cache hits included). */
  calls?: number;
  /** Calls that finally failed (after their retries), by kind; `errors` counts failed attempts. */
  failures?: Partial<Record<LlmErrorKind, number>>;
  /** Wall time of the answered, non-cached chat requests, in seconds. */
  requestSeconds?: number;
  /** Tokens and cost per model the endpoint reported. */
  byModel?: Record<string, { requests: number; inputTokens: number; outputTokens: number; costUsd: number | null }>;
  cacheHits: number;
  retries: number;
  errors: Partial<Record<LlmErrorKind, number>>;
  inputTokens: number;
  outputTokens: number;
  /** USD, from the price table when the model is in it; null when unknown. */
  costUsd: number | null;
  /** Output tokens per second of request wall time (requests that were not cached). */
  outputTokensPerSecond: number;
}

/** One request of a batch, with the caller's id (unique within the batch). */
export interface BatchItem {
  id: string;
  request: ChatRequest;
}

export type BatchResult = { id: string; ok: true; response: ChatResponse } | { id: string; ok: false; kind: LlmErrorKind; error: string };
