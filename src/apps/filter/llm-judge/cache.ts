import { sha256 } from '../../../core/hash.js';
import { migrate, openStore, type Migration, type Store } from '../../../store/index.js';
import type { Verdict } from './verdict.js';

const COMPONENT = 'filter.llm_judge_cache';
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create llm_judge_cache',
    up: 'CREATE TABLE IF NOT EXISTS llm_judge_cache (key TEXT PRIMARY KEY, model TEXT NOT NULL, verdict INTEGER NOT NULL, raw TEXT NOT NULL, created_at BIGINT NOT NULL)',
  },
];

export interface CachedAnswer {
  verdict: Verdict;
  raw: string;
}

/**
 * The judge's response cache: one row per (model, template, text sent) with the parsed verdict
 * and the bounded raw answer. Only answers that parsed are stored, so errors and unparseable
 * answers are asked again on a re-run. Keys are hashes: the table holds no document text.
 * The store is any `openStore` URL; several worker threads or processes may share it.
 */
export class JudgeCache {
  private constructor(private readonly store: Store) {}

  /**
   * Opens (and creates) the cache.
   *
   * @example
   * const cache = await JudgeCache.open('sqlite:out/run/llm-cache.sqlite');
   * await cache.put(judgeCacheKey('m', 'sha', 'text'), 'm', { verdict: 1, raw: '1' });
   * (await cache.get(judgeCacheKey('m', 'sha', 'text')))?.verdict; // 1
   * await cache.close();
   */
  static async open(url: string): Promise<JudgeCache> {
    const store = await openStore(url);
    try {
      await migrate(store, COMPONENT, MIGRATIONS);
    } catch (error) {
      await store.close();
      throw error;
    }
    return new JudgeCache(store);
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    const row = await this.store.get<{ verdict: number; raw: string }>('SELECT verdict, raw FROM llm_judge_cache WHERE key = ?', [key]);
    if (!row || (Number(row.verdict) !== 0 && Number(row.verdict) !== 1)) return undefined;
    return { verdict: Number(row.verdict) as Verdict, raw: String(row.raw) };
  }

  async put(key: string, model: string, answer: CachedAnswer): Promise<void> {
    await this.store.run('INSERT INTO llm_judge_cache (key, model, verdict, raw, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING', [
      key,
      model,
      answer.verdict,
      answer.raw,
      Date.now(),
    ]);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/**
 * The cache key: sha256 over the model, the template's sha256 and the document text as sent
 * (after truncation), NUL-separated. The endpoint is left out on purpose, so a model served
 * from another host or port reuses answers.
 *
 * @example
 * judgeCacheKey('gpt-4o-mini', 'ab12…', 'doc').length; // 64
 */
export function judgeCacheKey(model: string, templateSha256: string, text: string): string {
  return sha256(`${model}\0${templateSha256}\0${text}`);
}
