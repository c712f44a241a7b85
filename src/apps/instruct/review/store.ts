/**
 * The review store: one row per pair (keyed by pair id) with its decision state, and an
 * append-only decision log. Works on SQLite and PostgreSQL through src/store.
 */
import { sha256, stableStringify } from '../../../core/hash.js';
import { migrate, type Migration, type Queryable, type Store } from '../../../store/index.js';
import type { InstructionPair, ItemIndexEntry, ItemState, LoadReport, PairEdits, Ratings, ReviewItem, ReviewStatus } from './types.js';

export const COMPONENT = 'instruct.review';

const ITEMS =
  'CREATE TABLE instruct_review_items (id TEXT PRIMARY KEY, seq BIGINT NOT NULL, pair TEXT NOT NULL, hash TEXT NOT NULL, source TEXT NOT NULL, ' +
  'domains TEXT NOT NULL, score DOUBLE PRECISION, status TEXT NOT NULL, edits TEXT, ratings TEXT NOT NULL, notes TEXT, reviewer TEXT, ' +
  'decided_hash TEXT, decided_at BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);' +
  'CREATE INDEX instruct_review_items_seq ON instruct_review_items (seq);' +
  'CREATE INDEX instruct_review_items_status ON instruct_review_items (status);';
const LOG_COLUMNS = 'item_id TEXT NOT NULL, reviewer TEXT NOT NULL, action TEXT NOT NULL, detail TEXT, before TEXT, after TEXT, undoes BIGINT, at BIGINT NOT NULL';

/** Items and the decision log; the log's key is an auto-increment, spelled per engine. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'review items and decision log',
    up: {
      sqlite: `${ITEMS}CREATE TABLE instruct_review_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, ${LOG_COLUMNS});CREATE INDEX instruct_review_log_reviewer ON instruct_review_log (reviewer, seq)`,
      postgres: `${ITEMS}CREATE TABLE instruct_review_log (seq BIGSERIAL PRIMARY KEY, ${LOG_COLUMNS});CREATE INDEX instruct_review_log_reviewer ON instruct_review_log (reviewer, seq)`,
    },
  },
  {
    // Items are paged by seq: two loads at once must fail loudly rather than share a seq (and skip an item).
    version: 2,
    name: 'unique item order',
    up: 'DROP INDEX instruct_review_items_seq;CREATE UNIQUE INDEX instruct_review_items_seq_unique ON instruct_review_items (seq)',
  },
];

/**
 * Creates or updates the review tables.
 *
 * @example
 * await migrateReviewStore(await openStore('sqlite:out/instruct.db'));
 */
export async function migrateReviewStore(store: Store): Promise<void> {
  await migrate(store, COMPONENT, MIGRATIONS);
}

export interface ItemRow {
  id: string;
  seq: number;
  pair: string;
  hash: string;
  source: string;
  domains: string;
  score: number | null;
  status: string;
  edits: string | null;
  ratings: string;
  notes: string | null;
  reviewer: string | null;
  decided_hash: string | null;
  decided_at: number | null;
}

/** The content hash that decides whether a pair changed since its decision. */
export function pairHash(pair: InstructionPair): string {
  return sha256(stableStringify(pair));
}

/** The domains a pair carries after the reviewer's edits. */
export function effectiveDomains(pair: InstructionPair, edits: PairEdits | null): string[] {
  return edits?.domains ?? (Array.isArray(pair.metadata.domains) ? pair.metadata.domains : []);
}

function scoreOf(pair: InstructionPair): number | null {
  const score = pair.metadata.score;
  return typeof score === 'number' && Number.isFinite(score) ? score : null;
}

export function stateOf(row: ItemRow): ItemState {
  return {
    status: row.status as ReviewStatus,
    edits: row.edits ? (JSON.parse(row.edits) as PairEdits) : null,
    ratings: JSON.parse(row.ratings) as Ratings,
    notes: row.notes,
    reviewer: row.reviewer,
    decidedHash: row.decided_hash,
    decidedAt: row.decided_at === null ? null : Number(row.decided_at),
  };
}

export function itemOf(row: ItemRow): ReviewItem {
  const state = stateOf(row);
  return {
    ...state,
    id: row.id,
    seq: Number(row.seq),
    pair: JSON.parse(row.pair) as InstructionPair,
    hash: row.hash,
    source: row.source,
    domains: JSON.parse(row.domains) as string[],
    score: row.score === null ? null : Number(row.score),
    changed: state.decidedHash !== null && state.decidedHash !== row.hash,
  };
}

const BATCH = 500;

/**
 * Loads pairs into the store, idempotently: a new id is appended (after every known item), a
 * known id with the same content is left alone, and a known id with new content gets the new
 * content while its decision is kept; a decided one is then flagged `changed`.
 *
 * @example
 * const report = await loadPairs(store, readReviewPairs('classified.jsonl')); // { read, added, updated, unchanged, flagged }
 */
export async function loadPairs(store: Store, pairs: AsyncIterable<{ pair: InstructionPair }>, now = Date.now()): Promise<LoadReport> {
  const report: LoadReport = { read: 0, added: 0, updated: 0, unchanged: 0, flagged: 0 };
  let batch: InstructionPair[] = [];
  const ids = new Set<string>();
  const flush = async (): Promise<void> => {
    const items = batch;
    batch = [];
    ids.clear();
    await store.transaction(async function loadBatch(tx) {
      // The next seq is read inside the transaction that uses it (another load may have run since).
      let seq = Number((await tx.get<{ m: number | null }>('SELECT MAX(seq) AS m FROM instruct_review_items'))?.m ?? 0);
      // One lookup per batch instead of one per pair.
      const known = new Map(
        (
          await tx.all<{ id: string; hash: string; edits: string | null; decided_hash: string | null }>(
            `SELECT id, hash, edits, decided_hash FROM instruct_review_items WHERE id IN (${items.map(() => '?').join(', ')})`,
            items.map((p) => p.id),
          )
        ).map((row) => [row.id, row]),
      );
      for (const pair of items) {
        const hash = pairHash(pair);
        const existing = known.get(pair.id);
        const source = String(pair.metadata.source);
        if (!existing) {
          seq++;
          await tx.run(
            'INSERT INTO instruct_review_items (id, seq, pair, hash, source, domains, score, status, edits, ratings, notes, reviewer, decided_hash, decided_at, created_at, updated_at) ' +
              "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', NULL, '{}', NULL, NULL, NULL, NULL, ?, ?)",
            [pair.id, seq, JSON.stringify(pair), hash, source, JSON.stringify(effectiveDomains(pair, null)), scoreOf(pair), now, now],
          );
          report.added++;
        } else if (existing.hash !== hash) {
          const edits = existing.edits ? (JSON.parse(existing.edits) as PairEdits) : null;
          await tx.run('UPDATE instruct_review_items SET pair = ?, hash = ?, source = ?, domains = ?, score = ?, updated_at = ? WHERE id = ?', [
            JSON.stringify(pair),
            hash,
            source,
            JSON.stringify(effectiveDomains(pair, edits)),
            scoreOf(pair),
            now,
            pair.id,
          ]);
          report.updated++;
          if (existing.decided_hash !== null && existing.decided_hash !== hash) report.flagged++;
        } else report.unchanged++;
      }
    });
  };
  for await (const { pair } of pairs) {
    report.read++;
    // A repeated id must see its first copy stored: flush the batch before it.
    if (ids.has(pair.id)) await flush();
    batch.push(pair);
    ids.add(pair.id);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return report;
}

/**
 * One item, or undefined for an unknown id.
 *
 * @example
 * const item = await getItem(store, 'nvd:CVE-2024-0001#vulnerability.explain');
 */
export async function getItem(store: Queryable, id: string): Promise<ReviewItem | undefined> {
  const row = await store.get<ItemRow>('SELECT * FROM instruct_review_items WHERE id = ?', [id]);
  return row ? itemOf(row) : undefined;
}

/**
 * The light index of every item in load order, read in pages (the UI filters and moves on it).
 *
 * @example
 * const index = await readIndex(store); // [{ id, seq, source, domains, status, changed }, ...]
 */
export async function readIndex(store: Queryable, pageSize = 5000): Promise<ItemIndexEntry[]> {
  const out: ItemIndexEntry[] = [];
  let after = -1;
  for (;;) {
    const rows = await store.all<{ id: string; seq: number; source: string; domains: string; status: string; hash: string; decided_hash: string | null }>(
      'SELECT id, seq, source, domains, status, hash, decided_hash FROM instruct_review_items WHERE seq > ? ORDER BY seq LIMIT ?',
      [after, pageSize],
    );
    for (const r of rows) {
      out.push({ id: r.id, seq: Number(r.seq), source: r.source, domains: JSON.parse(r.domains) as string[], status: r.status as ReviewStatus, changed: r.decided_hash !== null && r.decided_hash !== r.hash });
    }
    if (rows.length < pageSize) return out;
    after = Number(rows.at(-1)!.seq);
  }
}

/**
 * Every item in load order, optionally of one status, read in pages so memory stays bounded.
 *
 * @example
 * for await (const item of iterateItems(store, 'approved')) console.log(item.id);
 */
export async function* iterateItems(store: Queryable, status?: ReviewStatus, pageSize = 1000): AsyncGenerator<ReviewItem> {
  let after = -1;
  for (;;) {
    const rows = status
      ? await store.all<ItemRow>('SELECT * FROM instruct_review_items WHERE seq > ? AND status = ? ORDER BY seq LIMIT ?', [after, status, pageSize])
      : await store.all<ItemRow>('SELECT * FROM instruct_review_items WHERE seq > ? ORDER BY seq LIMIT ?', [after, pageSize]);
    for (const row of rows) yield itemOf(row);
    if (rows.length < pageSize) return;
    after = Number(rows.at(-1)!.seq);
  }
}
