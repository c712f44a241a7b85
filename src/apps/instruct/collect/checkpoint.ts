import type { Store } from '../../../store/index.js';

/** Where an interrupted online collection of one source resumes. */
export interface Checkpoint {
  /** What was being collected (endpoint, query, --since): a checkpoint for another scope is ignored. */
  scope: string;
  /** The source's own cursor: next page number, `after` URL, startIndex... */
  cursor: unknown;
  /** Pages stored so far under this checkpoint. */
  pages: number;
}

/**
 * The saved checkpoint of `source` when its scope matches, else undefined.
 *
 * @example
 * const at = await loadCheckpoint(store, 'ghsa', 'https://api.github.com/advisories since=2024-01-01');
 */
export async function loadCheckpoint(store: Store, source: string, scope: string): Promise<Checkpoint | undefined> {
  const row = await store.get<{ scope: string; cursor: string; pages: number | string }>('SELECT scope, cursor, pages FROM instruct_collect_checkpoints WHERE source = ?', [source]);
  if (!row || row.scope !== scope) return undefined;
  return { scope: row.scope, cursor: JSON.parse(row.cursor) as unknown, pages: Number(row.pages) };
}

/**
 * Saves the cursor to resume `source` from. Called after a page's records are stored, so a
 * crash between the two re-fetches at most that page (its records are then counted unchanged).
 *
 * @example
 * await saveCheckpoint(store, 'opencve', scope, { page: 3 }, 2);
 */
export async function saveCheckpoint(store: Store, source: string, scope: string, cursor: unknown, pages: number, now = Date.now()): Promise<void> {
  await store.transaction(async function replaceCheckpoint(tx) {
    await tx.run('DELETE FROM instruct_collect_checkpoints WHERE source = ?', [source]);
    await tx.run('INSERT INTO instruct_collect_checkpoints (source, scope, cursor, pages, updated_at) VALUES (?, ?, ?, ?, ?)', [source, scope, JSON.stringify(cursor), pages, now]);
  });
}

/**
 * Forgets the checkpoint of `source` (its collection finished, or `--restart`).
 *
 * @example
 * await clearCheckpoint(store, 'arxiv');
 */
export async function clearCheckpoint(store: Store, source: string): Promise<void> {
  await store.run('DELETE FROM instruct_collect_checkpoints WHERE source = ?', [source]);
}
