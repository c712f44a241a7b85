import { sha256, stableStringify } from '../core/hash.js';
import { migrate, openStore, type Migration, type Store } from '../store/index.js';
import type { ChatRequest, EmbedRequest, ProviderKind } from './types.js';

const COMPONENT = 'llm.cache';
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create llm_cache',
    up: 'CREATE TABLE IF NOT EXISTS llm_cache (key TEXT PRIMARY KEY, op TEXT NOT NULL, model TEXT NOT NULL, response TEXT NOT NULL, created_at BIGINT NOT NULL)',
  },
];

/** What identifies an answer: everything sent that can change it, and nothing secret. */
export interface CacheIdentity {
  provider: ProviderKind;
  endpoint: string;
  model: string;
}

/**
 * The cache key of a chat request: sha256 over the canonical JSON (sorted keys) of the
 * provider kind, endpoint, model, messages, temperature, max tokens, JSON schema, stop
 * sequences and seed. API keys and per-call options are not part of it.
 *
 * @example
 * chatCacheKey({ provider: 'openai', endpoint: 'http://127.0.0.1:11434/v1', model: 'llama3.1' }, { messages: [{ role: 'user', content: 'hi' }] }).length; // 64
 */
export function chatCacheKey(id: CacheIdentity, request: ChatRequest): string {
  return sha256(
    stableStringify({
      v: 1,
      op: 'chat',
      provider: id.provider,
      endpoint: id.endpoint,
      model: id.model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      temperature: request.temperature ?? null,
      maxTokens: request.maxTokens ?? null,
      jsonSchema: request.jsonSchema ? { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: request.jsonSchema.strict ?? true } : null,
      stop: request.stop ?? null,
      seed: request.seed ?? null,
    }),
  );
}

/**
 * The cache key of an embeddings request (provider kind, endpoint, model, inputs).
 *
 * @example
 * embedCacheKey({ provider: 'openai', endpoint: 'https://api.openai.com/v1', model: 'text-embedding-3-small' }, { input: ['a'] }).length; // 64
 */
export function embedCacheKey(id: CacheIdentity, request: EmbedRequest): string {
  return sha256(stableStringify({ v: 1, op: 'embed', provider: id.provider, endpoint: id.endpoint, model: id.model, input: request.input }));
}

/**
 * The LLM response cache in a store (`sqlite:PATH` by default, PostgreSQL through the same
 * interface): one row per key with the answer as JSON. The store is opened on first use, so
 * creating a provider stays synchronous and a run that is all cache misses with the cache off
 * never touches the disk. Several processes may share one store (an upsert: the last answer for a key wins).
 */
export class LlmCache {
  private ready: Promise<Store> | undefined;
  private readonly owned: boolean;

  /**
   * @param source a store URL (opened here, closed by `close`) or an open Store (left open)
   *
   * @example
   * const cache = new LlmCache('sqlite:out/llm-cache.sqlite');
   * await cache.put('k', 'chat', 'm', { text: 'hi' });
   * await cache.get('k'); // { text: 'hi' }
   * await cache.close();
   */
  constructor(private readonly source: string | Store) {
    this.owned = typeof source === 'string';
  }

  async get<T>(key: string): Promise<T | undefined> {
    const store = await this.store();
    const row = await store.get<{ response: string }>('SELECT response FROM llm_cache WHERE key = ?', [key]);
    if (!row) return undefined;
    try {
      return JSON.parse(String(row.response)) as T;
    } catch {
      return undefined; // a damaged row is a miss; the next answer replaces it
    }
  }

  async put(key: string, op: 'chat' | 'embed', model: string, value: unknown): Promise<void> {
    const store = await this.store();
    await store.run('INSERT INTO llm_cache (key, op, model, response, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET response = excluded.response, created_at = excluded.created_at', [
      key,
      op,
      model,
      JSON.stringify(value),
      Date.now(),
    ]);
  }

  /** Rows stored (for reports and tests). */
  async size(): Promise<number> {
    const store = await this.store();
    const row = await store.get<{ n: number }>('SELECT COUNT(*) AS n FROM llm_cache');
    return Number(row?.n ?? 0);
  }

  async close(): Promise<void> {
    if (!this.ready || !this.owned) return;
    const pending = this.ready;
    this.ready = undefined;
    const store = await pending.catch(() => undefined);
    await store?.close();
  }

  private store(): Promise<Store> {
    this.ready ??= this.open();
    return this.ready;
  }

  private async open(): Promise<Store> {
    const store = typeof this.source === 'string' ? await openStore(this.source) : this.source;
    try {
      await migrate(store, COMPONENT, MIGRATIONS);
    } catch (error) {
      if (this.owned) await store.close();
      this.ready = undefined;
      throw error;
    }
    return store;
  }
}
