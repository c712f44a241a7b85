import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { Store, StoreOptions } from './types.js';
import { parseStoreUrl } from './url.js';

/**
 * Opens a store from a URL: `sqlite:PATH` (parent folders created), `sqlite::memory:`,
 * `postgres://user@host:5432/db` or `postgresql://...`. Errors are W_STORE and name the URL
 * without its password.
 *
 * @example
 * const store = await openStore('sqlite::memory:');
 * await store.exec('CREATE TABLE t (a INTEGER)');
 * await store.run('INSERT INTO t (a) VALUES (?)', [1]);
 * (await store.get<{ a: number }>('SELECT a FROM t'))?.a; // 1
 * await store.close();
 */
export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const location = parseStoreUrl(url);
  return location.dialect === 'sqlite' ? openSqliteStore(location, options) : openPostgresStore(location, options);
}
