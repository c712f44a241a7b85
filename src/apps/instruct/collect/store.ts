import { sha256, stableStringify } from '../../../core/hash.js';
import { migrate, type Migration, type Store } from '../../../store/index.js';
import type { SourceRecord } from '../types.js';
import type { Collected } from './types.js';

export const COMPONENT = 'instruct.collect';

/** The collected records (one row per record id) and one row per collect run. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'records and runs',
    up:
      'CREATE TABLE instruct_records (id TEXT PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, source_id TEXT NOT NULL, ' +
      'record TEXT NOT NULL, raw TEXT NOT NULL, hash TEXT NOT NULL, modified TEXT, first_run TEXT NOT NULL, last_run TEXT NOT NULL, ' +
      'collected_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);' +
      'CREATE INDEX instruct_records_source ON instruct_records (source);' +
      'CREATE TABLE instruct_collect_runs (id TEXT PRIMARY KEY, started_at BIGINT NOT NULL, finished_at BIGINT NOT NULL, report TEXT NOT NULL)',
  },
  {
    version: 2,
    name: 'online checkpoints',
    // One row per online source: where an interrupted collection resumes (see checkpoint.ts).
    up: 'CREATE TABLE instruct_collect_checkpoints (source TEXT PRIMARY KEY, scope TEXT NOT NULL, cursor TEXT NOT NULL, pages BIGINT NOT NULL, updated_at BIGINT NOT NULL)',
  },
];

export interface UpsertCounts {
  new: number;
  updated: number;
  unchanged: number;
}

const BATCH = 500;

/**
 * Creates or updates the collect tables.
 *
 * @example
 * await migrateCollectStore(await openStore('sqlite:out/instruct.db'));
 */
export async function migrateCollectStore(store: Store): Promise<void> {
  await migrate(store, COMPONENT, MIGRATIONS);
}

/**
 * Writes records keyed by id: a new id is inserted, a known id whose record or raw object
 * changed is updated, an identical one is left alone. Returns the three counts.
 *
 * @example
 * const counts = await upsertRecords(store, items, 'run-1'); // { new: 3, updated: 0, unchanged: 0 }
 */
export async function upsertRecords(store: Store, items: readonly Collected[], runId: string, now = Date.now()): Promise<UpsertCounts> {
  const counts: UpsertCounts = { new: 0, updated: 0, unchanged: 0 };
  for (let start = 0; start < items.length; start += BATCH) {
    const batch = items.slice(start, start + BATCH);
    await store.transaction(async function writeBatch(tx) {
      for (const { record, raw } of batch) {
        const recordJson = JSON.stringify(record);
        const rawJson = JSON.stringify(raw);
        const hash = sha256(stableStringify({ record, raw }));
        const existing = await tx.get<{ hash: string }>('SELECT hash FROM instruct_records WHERE id = ?', [record.id]);
        if (!existing) {
          await tx.run(
            'INSERT INTO instruct_records (id, source, kind, source_id, record, raw, hash, modified, first_run, last_run, collected_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [record.id, record.source, record.kind, record.sourceId, recordJson, rawJson, hash, record.modified ?? null, runId, runId, now, now],
          );
          counts.new++;
        } else if (existing.hash !== hash) {
          await tx.run('UPDATE instruct_records SET kind = ?, source_id = ?, record = ?, raw = ?, hash = ?, modified = ?, last_run = ?, updated_at = ? WHERE id = ?', [
            record.kind,
            record.sourceId,
            recordJson,
            rawJson,
            hash,
            record.modified ?? null,
            runId,
            now,
            record.id,
          ]);
          counts.updated++;
        } else {
          await tx.run('UPDATE instruct_records SET last_run = ? WHERE id = ?', [runId, record.id]);
          counts.unchanged++;
        }
      }
    });
  }
  return counts;
}

/**
 * The stored records, ordered by id, read in pages so memory stays bounded.
 *
 * @example
 * for await (const record of readRecords(store, ['nvd'])) console.log(record.id);
 */
export async function* readRecords(store: Store, sources?: readonly string[], pageSize = 1000): AsyncGenerator<SourceRecord> {
  let after = '';
  const filter = sources?.length ? ` AND source IN (${sources.map(() => '?').join(', ')})` : '';
  for (;;) {
    const rows = await store.all<{ id: string; record: string }>(`SELECT id, record FROM instruct_records WHERE id > ?${filter} ORDER BY id LIMIT ?`, [after, ...(sources ?? []), pageSize]);
    for (const row of rows) yield JSON.parse(row.record) as SourceRecord;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.id;
  }
}

/**
 * The raw source object stored with a record, or undefined for an unknown id.
 *
 * @example
 * const cve = await readRaw(store, 'nvd:CVE-2003-0001'); // the NVD `cve` object as collected
 */
export async function readRaw(store: Store, id: string): Promise<unknown> {
  const row = await store.get<{ raw: string }>('SELECT raw FROM instruct_records WHERE id = ?', [id]);
  return row ? (JSON.parse(row.raw) as unknown) : undefined;
}

/**
 * Records the run report.
 *
 * @example
 * await saveRun(store, report.run_id, started, Date.now(), report);
 */
export async function saveRun(store: Store, runId: string, startedAt: number, finishedAt: number, report: unknown): Promise<void> {
  await store.run('INSERT INTO instruct_collect_runs (id, started_at, finished_at, report) VALUES (?, ?, ?, ?)', [runId, startedAt, finishedAt, JSON.stringify(report)]);
}
