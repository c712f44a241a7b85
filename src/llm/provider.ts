import type { Store } from '../store/index.js';
import { anthropicTransport } from './anthropic.js';
import { LlmCache, chatCacheKey, embedCacheKey } from './cache.js';
import { LlmError, scrubMessage, type ClassifiedError } from './errors.js';
import { openaiTransport } from './openai.js';
import type { ModelPrice } from './prices.js';
import { TokenBucket, Semaphore } from './rate-limit.js';
import { DEFAULT_RETRY_POLICY, abortableSleep, withRetries, type RetryEvent, type RetryPolicy } from './retry.js';
import type { Transport } from './transport.js';
import type { CallOptions, ChatRequest, ChatResponse, EmbedRequest, EmbedResponse, LlmProvider, ProviderKind, ProviderStats } from './types.js';
import { UsageMeter } from './usage.js';
import { checkChatRequest, checkEmbedRequest, estimateTokens } from './validate.js';

/** Everything a provider is built from; `providerFromEnv` fills it from the environment. */
export interface LlmConfig {
  provider: ProviderKind;
  /** The default model (a request's `model` overrides it). */
  model: string;
  /** Absent: the official endpoint (api.openai.com/v1, api.anthropic.com). */
  baseURL?: string | undefined;
  /** Absent or empty: a placeholder (local servers accept any key). Never logged nor stored. */
  apiKey?: string | undefined;
  /** Client-side limits: requests and tokens per minute (absent: none), calls in flight (default 8). */
  rpm?: number | undefined;
  tpm?: number | undefined;
  concurrency?: number | undefined;
  /** Retries after the first attempt (default 4), backoff base and caps in ms. */
  maxRetries?: number | undefined;
  backoffMs?: number | undefined;
  maxBackoffMs?: number | undefined;
  maxRetryAfterMs?: number | undefined;
  /** Per-attempt timeout, ms (default 120000). */
  timeoutMs?: number | undefined;
  /** Completion budget when a request names none: sent to Anthropic (required there) and used in token estimates (default 4096). */
  maxTokens?: number | undefined;
  /** Response cache: a store URL (`sqlite:PATH`, `postgres://...`) or an open Store. Absent: no cache. */
  cache?: string | Store | undefined;
  /** Bypass the cache for every call of this provider. */
  noCache?: boolean | undefined;
  /** Extra per-million-token prices, consulted before the shipped table. */
  prices?: Record<string, ModelPrice> | undefined;
  /** Called before each retry (for progress lines; carries no request text). */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** For tests: the wait between retries and for rate limits. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  random?: (() => number) | undefined;
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * Builds the provider for a configuration: the SDK transport of its kind wrapped in the
 * response cache, the concurrency and rate limits, retries with backoff, and usage accounting.
 * Synchronous: the cache store opens on first use. Call `close()` when done.
 *
 * @example
 * const llm = createProvider({ provider: 'openai', baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.1', cache: 'sqlite:out/llm-cache.sqlite' });
 * const answer = await llm.chat({ messages: [{ role: 'user', content: 'Say hi' }] });
 * llm.stats().outputTokens;
 * await llm.close?.();
 */
export function createProvider(config: LlmConfig): LlmProvider & { close(): Promise<void> } {
  const transport: Transport =
    config.provider === 'anthropic'
      ? anthropicTransport({ baseURL: config.baseURL, apiKey: config.apiKey, defaultMaxTokens: config.maxTokens ?? DEFAULT_MAX_TOKENS })
      : openaiTransport({ baseURL: config.baseURL, apiKey: config.apiKey });
  return new Provider(transport, config);
}

class Provider implements LlmProvider {
  readonly kind: ProviderKind;
  readonly model: string;
  readonly endpoint: string;
  readonly embed?: (request: EmbedRequest, options?: CallOptions) => Promise<EmbedResponse>;
  private readonly meter: UsageMeter;
  private readonly cache: LlmCache | undefined;
  private readonly slots: Semaphore;
  private readonly rpm: TokenBucket | undefined;
  private readonly tpm: TokenBucket | undefined;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly maxTokens: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly secrets: string[];

  constructor(
    private readonly transport: Transport,
    private readonly config: LlmConfig,
  ) {
    this.kind = transport.kind;
    this.model = config.model;
    this.endpoint = transport.endpoint;
    this.meter = new UsageMeter(config.prices);
    this.cache = config.cache === undefined ? undefined : new LlmCache(config.cache);
    this.slots = new Semaphore(config.concurrency ?? DEFAULT_CONCURRENCY);
    this.rpm = config.rpm ? TokenBucket.perMinute(config.rpm) : undefined;
    // Tokens: a whole minute's quota may be used at once (one request can be large), refilled evenly.
    this.tpm = config.tpm ? new TokenBucket(config.tpm / 60_000, config.tpm) : undefined;
    this.policy = {
      maxRetries: config.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
      backoffMs: config.backoffMs ?? DEFAULT_RETRY_POLICY.backoffMs,
      maxBackoffMs: config.maxBackoffMs ?? DEFAULT_RETRY_POLICY.maxBackoffMs,
      maxRetryAfterMs: config.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
    };
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxTokens = config.maxTokens ?? DEFAULT_MAX_TOKENS;
    this.sleep = config.sleep ?? abortableSleep;
    this.secrets = config.apiKey ? [config.apiKey] : [];
    if (transport.embed) this.embed = (request, options) => this.embedCall(request, options);
  }

  async chat(request: ChatRequest, options: CallOptions = {}): Promise<ChatResponse> {
    const started = performance.now();
    const model = request.model ?? this.model;
    checkChatRequest(request, model);
    this.meter.call();
    const key = this.useCache(options) ? chatCacheKey({ provider: this.kind, endpoint: this.endpoint, model }, request) : undefined;
    if (key !== undefined) {
      const hit = await this.cache!.get<Omit<ChatResponse, 'cached' | 'latencyMs' | 'attempts'>>(key);
      if (hit && typeof hit.text === 'string') {
        this.meter.cacheHit();
        return { ...hit, usage: { inputTokens: 0, outputTokens: 0 }, cached: true, latencyMs: performance.now() - started, attempts: 0 };
      }
    }
    const estimate = estimateTokens(request.messages.map((m) => m.content), request.maxTokens ?? this.maxTokens);
    const sent = request.messages.map((m) => m.content);
    const { value: answer, attempts } = await this.send(model, sent, estimate, options.signal, (signal) => this.transport.chat({ ...request, model }, { signal, timeoutMs: this.timeoutMs }), true);
    const response: ChatResponse = { ...answer, cached: false, latencyMs: performance.now() - started, attempts };
    const complete = request.jsonSchema === undefined || answer.json !== undefined;
    if (key !== undefined && complete) {
      const stored: Omit<ChatResponse, 'cached' | 'latencyMs' | 'attempts'> = { text: answer.text, model: answer.model, finishReason: answer.finishReason, usage: answer.usage };
      if (answer.json !== undefined) stored.json = answer.json;
      await this.cache!.put(key, 'chat', model, stored);
    }
    return response;
  }

  private async embedCall(request: EmbedRequest, options: CallOptions = {}): Promise<EmbedResponse> {
    const model = request.model ?? this.model;
    checkEmbedRequest(request, model);
    this.meter.call();
    const key = this.useCache(options) ? embedCacheKey({ provider: this.kind, endpoint: this.endpoint, model }, request) : undefined;
    if (key !== undefined) {
      const hit = await this.cache!.get<{ vectors: number[][]; model: string }>(key);
      if (hit && Array.isArray(hit.vectors) && hit.vectors.length === request.input.length) {
        this.meter.cacheHit();
        return { vectors: hit.vectors, model: hit.model, usage: { inputTokens: 0, outputTokens: 0 }, cached: true };
      }
    }
    const embed = this.transport.embed!;
    const estimate = estimateTokens(request.input, 0);
    const { value } = await this.send(model, request.input, estimate, options.signal, (signal) => embed({ ...request, model }, { signal, timeoutMs: this.timeoutMs }), false);
    if (key !== undefined) await this.cache!.put(key, 'embed', model, { vectors: value.vectors, model: value.model });
    return { ...value, cached: false };
  }

  /** One call through the limits and the retries; every attempt is a request in the accounting. */
  private async send<T extends { model: string; usage: { inputTokens: number; outputTokens: number } }>(
    model: string,
    sent: readonly string[],
    estimate: number,
    signal: AbortSignal | undefined,
    attempt: (signal: AbortSignal | undefined) => Promise<T>,
    timed: boolean,
  ): Promise<{ value: T; attempts: number }> {
    let attempts = 0;
    let release: (() => void) | undefined;
    try {
      release = await this.slots.acquire(signal);
      const value = await withRetries(
        async (n) => {
          attempts = n;
          if (n > 1) this.meter.retry();
          await this.rpm?.take(1, signal, this.sleep);
          await this.tpm?.take(estimate, signal, this.sleep);
          this.meter.request();
          const t0 = performance.now();
          try {
            const result = await attempt(signal);
            this.tpm?.adjust(Math.min(estimate, this.tpm.capacity) - (result.usage.inputTokens + result.usage.outputTokens));
            this.meter.answer(result.model, result.usage, performance.now() - t0, timed);
            return result;
          } catch (error) {
            // A refused or failed request used (almost) no tokens: give the booking back.
            this.tpm?.adjust(Math.min(estimate, this.tpm.capacity));
            throw error;
          }
        },
        this.policy,
        {
          signal,
          sleep: this.sleep,
          random: this.config.random,
          onFailure: (failure) => this.meter.error(failure.kind),
          onRetry: this.config.onRetry,
          toError: (failure, n, cause) => this.failure(failure, n, cause, model, sent),
        },
      );
      return { value, attempts };
    } catch (error) {
      if (error instanceof LlmError) this.meter.failure(error.kind);
      throw error;
    } finally {
      release?.();
    }
  }

  private failure(failure: ClassifiedError, attempts: number, cause: unknown, model: string, sent: readonly string[]): LlmError {
    const detail = scrubMessage(failure.message, sent, this.secrets);
    const where = `${this.endpoint} (${this.kind}, model "${model}")`;
    const keyVars = this.kind === 'anthropic' ? 'WARDEN_LLM_API_KEY or ANTHROPIC_API_KEY' : 'WARDEN_LLM_API_KEY or OPENAI_API_KEY';
    let message: string;
    switch (failure.kind) {
      case 'auth':
        message = `${where} refused the API key: ${detail}; set a valid key in ${keyVars}`;
        break;
      case 'request':
        message =
          failure.status === 404
            ? `${where}: not found (${detail}); check the model name (WARDEN_LLM_MODEL) and the base URL (WARDEN_LLM_BASE_URL; OpenAI-compatible servers end in /v1, e.g. http://127.0.0.1:11434/v1)`
            : `${where} rejected the request: ${detail}`;
        break;
      case 'cancelled':
        message = `the call to ${where} was cancelled`;
        break;
      case 'content_filter':
      case 'empty':
      case 'unparseable':
        message = `${where}: ${detail}`;
        break;
      default:
        message = failure.retryable ? `${where} failed ${attempts} time(s) (${this.policy.maxRetries} retries allowed); last error: ${detail}` : `${where}: ${detail}`;
    }
    if (failure.kind === 'timeout') message += ` (timeout ${this.timeoutMs} ms per attempt)`;
    return new LlmError(failure.kind, message, { status: failure.status, attempts, cause: cause instanceof LlmError ? undefined : cause });
  }

  private useCache(options: CallOptions): boolean {
    return this.cache !== undefined && !this.config.noCache && !options.noCache;
  }

  stats(): ProviderStats {
    return this.meter.snapshot();
  }

  async close(): Promise<void> {
    await this.cache?.close();
  }
}
