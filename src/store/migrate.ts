import { WardenError } from '../core/errors.js';
import type { Dialect, Queryable, Store } from './types.js';

/**
 * One schema step of one component. `up` is SQL for both engines, SQL per engine, or a
 * function for steps that need data work. Applied steps are never edited: add a new version.
 */
export interface Migration {
  version: number;
  name: string;
  up: string | Record<Dialect, string> | ((tx: Queryable) => Promise<void>);
}

const TABLE = 'warden_migrations';
// Any constant works: it only has to be the same for every Warden process on the database.
const PG_LOCK_KEY = 0x5761_7264;

/**
 * Brings `component`'s schema up to its latest version: pending steps run in order, in one
 * transaction together with their bookkeeping rows in `warden_migrations`, so a failed step
 * leaves the schema as it was. Safe when several processes start at once (SQLite: the write
 * lock; PostgreSQL: an advisory lock). Returns the number of steps applied.
 *
 * @example
 * await migrate(store, 'guard.audit', [{ version: 1, name: 'create', up: 'CREATE TABLE audit (id TEXT PRIMARY KEY)' }]);
 */
export async function migrate(store: Store, component: string, migrations: readonly Migration[]): Promise<number> {
  checkSequence(component, migrations);
  return store.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(?)', [PG_LOCK_KEY]);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (component TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, ` +
        'applied_at TEXT NOT NULL, PRIMARY KEY (component, version))',
    );
    const row = await tx.get<{ v: number | null }>(`SELECT MAX(version) AS v FROM ${TABLE} WHERE component = ?`, [component]);
    const current = row?.v ?? 0;
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new WardenError('W_STORE', `the "${component}" schema is at version ${current}, newer than this Warden knows (${latest}): upgrade Warden`, { where: store.url });
    }
    const pending = migrations.filter((m) => m.version > current);
    for (const step of pending) {
      if (typeof step.up === 'function') await step.up(tx);
      else await tx.exec(typeof step.up === 'string' ? step.up : step.up[tx.dialect]);
      await tx.run(`INSERT INTO ${TABLE} (component, version, name, applied_at) VALUES (?, ?, ?, ?)`, [component, step.version, step.name, new Date().toISOString()]);
    }
    return pending.length;
  });
}

/** The versions the store holds for `component`, oldest first (empty before the first migrate). */
export async function appliedVersions(store: Queryable, component: string): Promise<number[]> {
  const exists =
    store.dialect === 'sqlite'
      ? await store.get(`SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?`, [TABLE])
      : await store.get(`SELECT 1 AS x FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`, [TABLE]);
  if (!exists) return [];
  const rows = await store.all<{ version: number }>(`SELECT version FROM ${TABLE} WHERE component = ? ORDER BY version`, [component]);
  return rows.map((r) => Number(r.version));
}

function checkSequence(component: string, migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new WardenError('W_INTERNAL', `migrations of "${component}" must have increasing positive integer versions (got ${m.version} after ${previous})`);
    }
    previous = m.version;
  }
}
