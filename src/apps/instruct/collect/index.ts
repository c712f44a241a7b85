import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { writeFileAtomic, writeLinesAtomic } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import { openStore, redactUrl } from '../../../store/index.js';
import { findSnapshots, OFFLINE_SOURCES, type OfflineSource, type SnapshotFile } from './detect.js';
import { clearCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { onlineFeed, onlineProblem, type OnlineSettings, type OnlineSource } from './online/feeds.js';
import { parseArxiv } from './sources/arxiv.js';
import { parseAttack } from './sources/attack.js';
import { parseCapec } from './sources/capec.js';
import { parseCwe } from './sources/cwe.js';
import { parseGhsa } from './sources/ghsa.js';
import { parseKev } from './sources/kev.js';
import { parseNvd } from './sources/nvd.js';
import { parseOpencve } from './sources/opencve.js';
import { migrateCollectStore, readRecords, saveRun, upsertRecords, type UpsertCounts } from './store.js';
import type { Collected, ParseFailure, ParseResult, SourceParser } from './types.js';
import type { NvdApiOptions } from './online/nvd-api.js';

export { OFFLINE_SOURCES, classify, findSnapshots, type OfflineSource } from './detect.js';
export { readRaw, readRecords, upsertRecords, migrateCollectStore } from './store.js';
export type { Collected, OnlinePage, ParseFailure, ParseResult } from './types.js';
export { parseArxiv, parseAttack, parseCapec, parseCwe, parseGhsa, parseKev, parseNvd, parseOpencve };
export { fetchNvdPages, windows, NVD_API_URL, type NvdApiOptions, type NvdCursor } from './online/nvd-api.js';
export { fetchGhsaPages, GHSA_API_URL, type GhsaApiOptions, type GhsaCursor } from './online/ghsa-api.js';
export { fetchOpencvePages, OPENCVE_API_URL, type OpencveApiOptions, type OpencveCursor } from './online/opencve-api.js';
export { fetchArxivPages, ARXIV_API_URL, ARXIV_DELAY_MS, type ArxivApiOptions, type ArxivCursor } from './online/arxiv-api.js';
export { fetchKev, KEV_FEED_URL, type KevFeedOptions } from './online/kev-feed.js';
export { ONLINE_SOURCES, onlineProblem, type OnlineSettings, type OnlineSource } from './online/feeds.js';
export { availableOnlineSources, onlineSettings, type OnlineFlags } from './online/settings.js';
export { loadCheckpoint, saveCheckpoint, clearCheckpoint, type Checkpoint } from './checkpoint.js';

const PARSERS: Record<OfflineSource, SourceParser> = { nvd: parseNvd, attack: parseAttack, capec: parseCapec, cwe: parseCwe, arxiv: parseArxiv, kev: parseKev, ghsa: parseGhsa, opencve: parseOpencve };
/** Default largest snapshot file read (a yearly NVD feed is ~100 MB, CWE ~15 MB). */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;
/** Failures listed per source in the report (all are counted). */
export const MAX_LISTED_FAILURES = 20;

export interface CollectOptions {
  sources: readonly OfflineSource[];
  /** Directory of snapshot files; without it, the sources are collected from their APIs (nvd, ghsa, opencve, arxiv, kev). */
  offline?: string;
  /** Online NVD settings (API key, URL, limits); `since` is required for NVD and arXiv online. Same as `online.nvd`. */
  nvdApi?: Omit<NvdApiOptions, 'since'>;
  /** Online settings per source (tokens, URLs, paging), retries and page limits. */
  online?: OnlineSettings;
  /** Online: ignore saved checkpoints and start each source from its first page. */
  restart?: boolean;
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
  /** Online: pages stored in this run, the cursor it resumed from, and the error that stopped it (a re-run resumes). */
  pages?: number;
  resumed_from?: unknown;
  error?: string;
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
 * Refuses an output folder at or inside the snapshot folder: the snapshot folder is only read,
 * and outputs written there would be read back as snapshots on the next run.
 *
 * @example
 * checkOutsideSnapshots('data/instruct/sources', 'runs/instruct');
 */
export function checkOutsideSnapshots(offline: string, out: string): void {
  const [snapshots, target] = [resolve(offline), resolve(out)];
  if (target === snapshots || target.startsWith(snapshots + sep)) throw new WardenError('W_USAGE', '--out must not be inside --offline (the snapshot folder is only read)', { where: out });
}

/**
 * Collects records into the store: from the snapshot files of each requested source in
 * `offline`, or, without `offline`, from the APIs of nvd, ghsa, opencve, arxiv and kev (paged,
 * rate-limited and retried; see `online`). Records are upserted by id (new / updated /
 * unchanged), so a re-run over the same snapshot changes nothing and a newer snapshot updates
 * what changed. Online, each paged source saves a checkpoint after every stored page and a
 * re-run resumes from it (`restart` ignores it); a source whose API kept failing is reported
 * with its `error`, the others still run, and the call then throws W_INSTRUCT_FETCH (after
 * writing the report).
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
  const online: OnlineSettings = { ...options.online, ...(options.nvdApi ? { nvd: { ...options.online?.nvd, ...options.nvdApi } } : {}) };
  if (!options.offline) {
    const problems = options.sources.map((s) => onlineProblem(s, online, options.since)).filter(Boolean);
    if (problems.length) throw new WardenError('W_USAGE', problems.join('; '));
  } else if (options.requireAll) {
    const missing = options.sources.filter((s) => !bySource.has(s));
    if (missing.length) throw new WardenError('W_USAGE', `no snapshot file for ${missing.join(', ')} in the --offline directory (found: ${[...bySource.keys()].join(', ') || 'none'})`, { where: options.offline });
  }
  for (const file of files) {
    if (options.sources.includes(file.source) && file.bytes > maxBytes) {
      throw new WardenError('W_INSTRUCT_SOURCE', `file is ${file.bytes} bytes, over the limit of ${maxBytes} (raise --max-file-mb)`, { where: file.path });
    }
  }
  async function* snapshotBatches(source: OfflineSource): AsyncGenerator<{ name: string; parsed: ParseResult }> {
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
      const storeBatch = async (parsed: ParseResult) => {
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
      };
      if (options.offline) {
        // Many small files (the advisory-database holds one advisory per file) are stored a few hundred records per transaction.
        let pending: ParseResult | undefined;
        for await (const { name, parsed } of snapshotBatches(source)) {
          if (!entry.files.includes(name)) entry.files.push(name);
          pending = pending ? mergeResults(pending, parsed) : parsed;
          if (pending.items.length >= STORE_BATCH) {
            await storeBatch(pending);
            pending = undefined;
          }
        }
        if (pending) await storeBatch(pending);
      } else {
        await collectOnline(store, source as OnlineSource, onlineFeed(source as OnlineSource, online, options.since), entry, storeBatch, options.restart ?? false);
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
  const stopped = Object.entries(report.sources).filter(([, s]) => s.error);
  if (stopped.length) {
    const where = options.reportPath ? ` (report: ${options.reportPath})` : '';
    throw new WardenError('W_INSTRUCT_FETCH', `${stopped.map(([name, s]) => `${name}: ${s.error}`).join('; ')}. The pages fetched so far are stored and the other sources collected; re-run the same command to resume from the saved checkpoint${where}`);
  }
  return report;
}

/**
 * Pages one online source into the store from its checkpoint (unless `restart`), saving the
 * cursor after each stored page and clearing it after the last. A fetch error (W_INSTRUCT_FETCH)
 * is recorded in the source's report so the other sources still run; anything else propagates.
 */
async function collectOnline(
  store: Awaited<ReturnType<typeof openStore>>,
  source: OnlineSource,
  feed: ReturnType<typeof onlineFeed>,
  entry: SourceReport,
  storeBatch: (parsed: ParseResult) => Promise<void>,
  restart: boolean,
): Promise<void> {
  entry.pages = 0;
  const scope = feed.scope;
  if (restart || scope === null) await clearCheckpoint(store, source);
  const at = scope === null || restart ? undefined : await loadCheckpoint(store, source, scope);
  if (at) entry.resumed_from = at.cursor;
  let pages = at?.pages ?? 0;
  try {
    for await (const page of feed.pages(at?.cursor)) {
      await storeBatch(page);
      entry.pages++;
      pages++;
      if (!entry.files.includes(page.where) && entry.files.length < MAX_LISTED_FAILURES) entry.files.push(page.where);
      if (scope !== null && page.next !== null) await saveCheckpoint(store, source, scope, page.next, pages);
      else await clearCheckpoint(store, source);
    }
  } catch (error) {
    if (!(error instanceof WardenError) || error.code !== 'W_INSTRUCT_FETCH') throw error;
    entry.error = error.message;
  }
}

/** Records stored per transaction when snapshot files are small. */
const STORE_BATCH = 500;

function mergeResults(a: ParseResult, b: ParseResult): ParseResult {
  const skipped = { ...a.skipped };
  for (const [reason, n] of Object.entries(b.skipped)) skipped[reason] = (skipped[reason] ?? 0) + n;
  return { source: a.source, items: a.items.concat(b.items), skipped, failures: a.failures.concat(b.failures) };
}

function isRecent(item: Collected, since: Date): boolean {
  const date = item.record.modified ?? item.record.published;
  return date === undefined || Date.parse(date) >= since.getTime();
}

/** Writes the stored records of `sources` as SourceRecord JSONL, sorted by id; returns the count. */
async function exportRecords(store: Awaited<ReturnType<typeof openStore>>, sources: readonly string[], path: string): Promise<number> {
  return writeLinesAtomic(path, (async function* lines() {
    for await (const record of readRecords(store, sources)) yield JSON.stringify(record);
  })());
}
