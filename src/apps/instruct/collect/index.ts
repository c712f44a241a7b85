import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AtomicFile, writeFileAtomic } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import { openStore, redactUrl } from '../../../store/index.js';
import { findSnapshots, OFFLINE_SOURCES, type OfflineSource, type SnapshotFile } from './detect.js';
import { NVD_API_URL } from './online/nvd-api.js';
import { parseArxiv } from './sources/arxiv.js';
import { parseAttack } from './sources/attack.js';
import { parseCapec } from './sources/capec.js';
import { parseCwe } from './sources/cwe.js';
import { parseKev } from './sources/kev.js';
import { parseNvd } from './sources/nvd.js';
import { migrateCollectStore, readRecords, saveRun, upsertRecords, type UpsertCounts } from './store.js';
import type { Collected, ParseFailure, ParseResult, SourceParser } from './types.js';
import { fetchNvdPages, type NvdApiOptions } from './online/nvd-api.js';

export { OFFLINE_SOURCES, classify, findSnapshots, type OfflineSource } from './detect.js';
export { readRaw, readRecords, upsertRecords, migrateCollectStore } from './store.js';
export type { Collected, ParseFailure, ParseResult } from './types.js';
export { parseArxiv, parseAttack, parseCapec, parseCwe, parseKev, parseNvd };
export { fetchNvdPages, windows, NVD_API_URL, type NvdApiOptions } from './online/nvd-api.js';

const PARSERS: Record<OfflineSource, SourceParser> = { nvd: parseNvd, attack: parseAttack, capec: parseCapec, cwe: parseCwe, arxiv: parseArxiv, kev: parseKev };
/** Default largest snapshot file read (a yearly NVD feed is ~100 MB, CWE ~15 MB). */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;
/** Failures listed per source in the report (all are counted). */
export const MAX_LISTED_FAILURES = 20;

export interface CollectOptions {
  sources: readonly OfflineSource[];
  /** Directory of snapshot files; without it, NVD is collected from the API (the only online source so far). */
  offline?: string;
  /** Online NVD settings (API key, URL, limits); `since` is required online. */
  nvdApi?: Omit<NvdApiOptions, 'since'>;
  /** Store URL: sqlite:PATH or postgres://... */
  db: string;
  /** Keep only records modified (else published) at or after this time; undated records are kept. */
  since?: Date;
  /** Write every stored record of the collected sources as JSONL here (atomically). */
  exportPath?: string;
  /** Write the run report as JSON here (atomically). */
  reportPath?: string;
  maxFileBytes?: number;
  /** Sources named explicitly must have a snapshot file (false for `all`). */
  requireAll?: boolean;
}

export interface SourceReport extends UpsertCounts {
  files: string[];
  /** Records read successfully (before --since). */
  records: number;
  /** Left out by --since. */
  filtered: number;
  /** Left out on purpose (revoked, deprecated, rejected...). */
  skipped: Record<string, number>;
  failed: number;
  failures: ParseFailure[];
}

export interface CollectReport {
  run_id: string;
  started_at: string;
  finished_at: string;
  offline: string | null;
  db: string;
  since: string | null;
  sources: Partial<Record<OfflineSource, SourceReport>>;
  totals: UpsertCounts & { records: number; filtered: number; failed: number };
  ignored_files: string[];
  export: string | null;
  exported: number;
}

/**
 * Collects records into the store: from the snapshot files of each requested source in
 * `offline`, or, without `offline`, from the NVD CVE API 2.0 (CVEs modified since `since`,
 * paged, rate-limited and retried). Records are upserted by id (new / updated / unchanged), so
 * a re-run over the same snapshot changes nothing and a newer snapshot updates what changed.
 * Malformed files stop the run with W_INSTRUCT_SOURCE naming file and position; malformed
 * records are counted and listed as failures in the report.
 *
 * @example
 * const report = await collectRecords({ sources: ['nvd', 'attack'], offline: 'data/instruct/sources', db: 'sqlite:out/instruct.db' });
 * report.sources.nvd?.new; // 300 on the first run, 0 on the next
 */
export async function collectRecords(options: CollectOptions): Promise<CollectReport> {
  const started = Date.now();
  const runId = `${new Date(started).toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { files, ignored } = options.offline ? await findSnapshots(options.offline) : { files: [], ignored: [] };
  const bySource = new Map<OfflineSource, SnapshotFile[]>();
  for (const file of files) bySource.set(file.source, [...(bySource.get(file.source) ?? []), file]);
  if (!options.offline) {
    const offlineOnly = options.sources.filter((s) => s !== 'nvd');
    if (offlineOnly.length) throw new WardenError('W_USAGE', `online collection is available for nvd only so far (not ${offlineOnly.join(', ')}): pass --offline DIR with their snapshot files`);
    if (!options.since) throw new WardenError('W_USAGE', 'online NVD collection needs --since DATE (CVEs last modified since then, fetched in windows of at most 120 days)');
  } else if (options.requireAll) {
    const missing = options.sources.filter((s) => !bySource.has(s));
    if (missing.length) throw new WardenError('W_USAGE', `no snapshot file for ${missing.join(', ')} in the --offline directory (found: ${[...bySource.keys()].join(', ') || 'none'})`, { where: options.offline });
  }
  for (const file of files) {
    if (options.sources.includes(file.source) && file.bytes > maxBytes) {
      throw new WardenError('W_INSTRUCT_SOURCE', `file is ${file.bytes} bytes, over the limit of ${maxBytes} (raise --max-file-mb)`, { where: file.path });
    }
  }
  async function* batches(source: OfflineSource): AsyncGenerator<{ name: string; parsed: ParseResult }> {
    if (!options.offline) {
      for await (const parsed of fetchNvdPages({ ...options.nvdApi, since: options.since! })) yield { name: options.nvdApi?.baseUrl ?? NVD_API_URL, parsed };
      return;
    }
    for (const file of bySource.get(source) ?? []) yield { name: file.name, parsed: PARSERS[source](await readFile(file.path, 'utf8'), file.name) };
  }
  const store = await openStore(options.db);
  const report: CollectReport = {
    run_id: runId,
    started_at: new Date(started).toISOString(),
    finished_at: '',
    offline: options.offline ?? null,
    db: redactUrl(options.db),
    since: options.since?.toISOString() ?? null,
    sources: {},
    totals: { records: 0, new: 0, updated: 0, unchanged: 0, filtered: 0, failed: 0 },
    ignored_files: ignored,
    export: options.exportPath ?? null,
    exported: 0,
  };
  try {
    await migrateCollectStore(store);
    for (const source of OFFLINE_SOURCES) {
      if (!options.sources.includes(source)) continue;
      const entry: SourceReport = { files: [], records: 0, filtered: 0, new: 0, updated: 0, unchanged: 0, skipped: {}, failed: 0, failures: [] };
      for await (const { name, parsed } of batches(source)) {
        if (!entry.files.includes(name)) entry.files.push(name);
        entry.records += parsed.items.length;
        for (const [reason, n] of Object.entries(parsed.skipped)) entry.skipped[reason] = (entry.skipped[reason] ?? 0) + n;
        entry.failed += parsed.failures.length;
        entry.failures.push(...parsed.failures.slice(0, MAX_LISTED_FAILURES - entry.failures.length));
        const kept = options.since ? parsed.items.filter((item) => isRecent(item, options.since!)) : parsed.items;
        entry.filtered += parsed.items.length - kept.length;
        const counts = await upsertRecords(store, kept, runId);
        entry.new += counts.new;
        entry.updated += counts.updated;
        entry.unchanged += counts.unchanged;
      }
      report.sources[source] = entry;
      for (const key of ['records', 'new', 'updated', 'unchanged', 'filtered', 'failed'] as const) report.totals[key] += entry[key];
    }
    if (options.exportPath) report.exported = await exportRecords(store, options.sources, options.exportPath);
    report.finished_at = new Date().toISOString();
    await saveRun(store, runId, started, Date.now(), report);
  } finally {
    await store.close();
  }
  if (options.reportPath) await writeFileAtomic(options.reportPath, JSON.stringify(report, null, 2) + '\n');
  return report;
}

function isRecent(item: Collected, since: Date): boolean {
  const date = item.record.modified ?? item.record.published;
  return date === undefined || Date.parse(date) >= since.getTime();
}

/** Writes the stored records of `sources` as SourceRecord JSONL, sorted by id; returns the count. */
async function exportRecords(store: Awaited<ReturnType<typeof openStore>>, sources: readonly string[], path: string): Promise<number> {
  const file = await AtomicFile.open(path);
  let n = 0;
  try {
    for await (const record of readRecords(store, sources)) {
      await file.write(JSON.stringify(record) + '\n');
      n++;
    }
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
  return n;
}
