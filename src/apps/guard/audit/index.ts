import { openStore, type Store } from '../../../store/index.js';
import { SqlAuditStore } from './sql-audit-store.js';
import type { AuditStore, AuditStoreOptions } from './types.js';

export type { AuditAction, AuditEntry, AuditFinding, AuditQuery, AuditStore, AuditStoreOptions } from './types.js';
export { AUDIT_ACTIONS } from './types.js';
export { MAX_QUERY_LIMIT } from './sql-audit-store.js';
export { parseTimeBound } from './time.js';
export { retentionCutoff, startRetention, type RetentionOptions } from './retention.js';

export interface OpenAuditOptions extends AuditStoreOptions {
  /** Called once per batch that could not be written (for logs and metrics), with its size. */
  onError?: (error: unknown, lost: number) => void;
}

/**
 * Opens the guard's audit at a store URL (`sqlite:PATH`, `sqlite::memory:`, `postgres://...`),
 * creating or upgrading its tables. `close()` flushes queued writes and closes the connection.
 *
 * @example
 * const audit = await openAuditStore('sqlite:./warden.db');
 * void audit.record({ request_id: 'r1', time: new Date().toISOString(), tenant: 'acme', policy_id: 'default',
 *   route: '/v1/guard', model: null, action: 'allow', blocked: false, risk_score: 0, latency_ms: 1.2, findings: [] });
 * const lastDay = await audit.query({ since: new Date(Date.now() - 86_400_000), tenant: 'acme' });
 * await audit.close();
 */
export async function openAuditStore(url: string, options: OpenAuditOptions = {}): Promise<AuditStore> {
  const store = await openStore(url);
  try {
    return await SqlAuditStore.create(store, true, options);
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * An audit over a store the caller already holds (shared with other features); `close()`
 * flushes but leaves the store open.
 */
export async function createAuditStore(store: Store, options: OpenAuditOptions = {}): Promise<AuditStore> {
  return SqlAuditStore.create(store, false, options);
}
