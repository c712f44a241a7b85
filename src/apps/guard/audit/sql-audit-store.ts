import { randomBytes } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { WardenError } from '../../../core/errors.js';
import { migrate, type Queryable, type SqlValue, type Store } from '../../../store/index.js';
import { toAuditRow, type AuditRow } from './bounds.js';
import { AUDIT_COMPONENT, AUDIT_MIGRATIONS } from './schema.js';
import type { AuditEntry, AuditFinding, AuditQuery, AuditStore, AuditStoreOptions } from './types.js';
import { WriteQueue } from './write-queue.js';

const REQUEST_COLUMNS = ['id', 'request_id', 'time_ms', 'tenant', 'policy_id', 'route', 'model', 'action', 'blocked', 'risk_score', 'latency_ms', 'finding_count'];
const FINDING_COLUMNS = ['entry_id', 'ordinal', 'time_ms', 'rule_id', 'detector', 'category', 'action', 'severity', 'score', 'span_start', 'span_end', 'preview', 'hash', 'explain_only'];
/** Ids per IN list: far under both engines' parameter limits. */
const ROWS_PER_STATEMENT = 500;
/** Most rows per multi-row INSERT (a power of two; 256 x 14 columns is far under both engines' parameter limits). */
const ROWS_PER_INSERT = 256;
const PRUNE_CHUNK = 1000;
const DEFAULT_LIMIT = 100;
export const MAX_QUERY_LIMIT = 10_000;

interface RequestRecord {
  id: string;
  request_id: string;
  time_ms: number;
  tenant: string | null;
  policy_id: string;
  route: string;
  model: string | null;
  action: string;
  blocked: number;
  risk_score: number;
  latency_ms: number;
  finding_count: number;
}

interface FindingRecord {
  entry_id: string;
  rule_id: string;
  detector: string;
  category: string;
  action: string;
  severity: string;
  score: number;
  span_start: number;
  span_end: number;
  preview: string;
  hash: string;
  explain_only: number;
}

/**
 * The audit over the shared SQL store, the same on SQLite and PostgreSQL. Writes go through a
 * batching queue (one transaction per batch); reads wait for queued writes first.
 */
export class SqlAuditStore implements AuditStore {
  private readonly queue: WriteQueue<AuditRow>;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly store: Store,
    private readonly ownsStore: boolean,
    options: AuditStoreOptions & { onError?: (error: unknown, lost: number) => void },
  ) {
    this.queue = new WriteQueue((rows) => this.write(rows), {
      batchSize: options.batchSize ?? 200,
      flushIntervalMs: options.flushIntervalMs ?? 25,
      maxPending: options.maxPending ?? 10_000,
      onError: options.onError,
    });
  }

  /** Migrates the audit schema on `store` and returns an audit over it; `close()` closes the store only when `ownsStore`. */
  static async create(store: Store, ownsStore: boolean, options: AuditStoreOptions = {}): Promise<SqlAuditStore> {
    await migrate(store, AUDIT_COMPONENT, AUDIT_MIGRATIONS);
    return new SqlAuditStore(store, ownsStore, options);
  }

  record(entry: AuditEntry): Promise<void> {
    if (this.closing) return quiet(new WardenError('W_STORE', 'audit store is closed', { where: this.store.url }));
    let row: AuditRow;
    try {
      row = toAuditRow(entry);
    } catch (error) {
      return quiet(error);
    }
    return this.queue.push(row);
  }

  async query(filter: AuditQuery = {}): Promise<AuditEntry[]> {
    await this.queue.flush();
    const limit = Math.min(Math.max(1, Math.trunc(filter.limit ?? DEFAULT_LIMIT)), MAX_QUERY_LIMIT);
    const range: string[] = [];
    const rangeParams: SqlValue[] = [];
    if (filter.since) {
      range.push('time_ms >= ?');
      rangeParams.push(filter.since.getTime());
    }
    if (filter.until) {
      range.push('time_ms < ?');
      rangeParams.push(filter.until.getTime());
    }
    const where = [...range];
    const params = [...rangeParams];
    if (filter.tenant !== undefined) {
      where.push('tenant = ?');
      params.push(filter.tenant);
    }
    if (filter.rule !== undefined) {
      // The (rule_id, time_ms) index answers this without touching other rules' findings.
      where.push(`id IN (SELECT entry_id FROM audit_findings WHERE ${['rule_id = ?', ...range].join(' AND ')})`);
      params.push(filter.rule, ...rangeParams);
    }
    const requests = await this.store.all<RequestRecord>(
      `SELECT ${REQUEST_COLUMNS.join(', ')} FROM audit_requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY time_ms DESC, id DESC LIMIT ?`,
      [...params, limit],
    );
    const findings = await this.findingsOf(requests.map((r) => r.id));
    return requests.map((r) => toEntry(r, findings.get(r.id) ?? []));
  }

  async prune(before: Date): Promise<number> {
    await this.queue.flush();
    let total = 0;
    for (;;) {
      const ids = (await this.store.all<{ id: string }>('SELECT id FROM audit_requests WHERE time_ms < ? LIMIT ?', [before.getTime(), PRUNE_CHUNK])).map((r) => r.id);
      if (ids.length === 0) return total;
      const marks = ids.map(() => '?').join(', ');
      await this.store.transaction(async (tx) => {
        await tx.run(`DELETE FROM audit_findings WHERE entry_id IN (${marks})`, ids);
        total += (await tx.run(`DELETE FROM audit_requests WHERE id IN (${marks})`, ids)).changes;
      });
      // Chunks keep each transaction short and let requests in between (SQLite runs on this thread).
      await yieldToLoop();
    }
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.queue.flush();
      if (this.ownsStore) await this.store.close();
    })();
    return this.closing;
  }

  private async write(rows: AuditRow[]): Promise<void> {
    // Values flat, row after row, as the multi-row INSERTs bind them.
    const requests: SqlValue[] = [];
    const findings: SqlValue[] = [];
    for (const row of rows) {
      const id = entryId();
      requests.push(id, row.request_id, row.time_ms, row.tenant, row.policy_id, row.route, row.model, row.action, row.blocked, row.risk_score, row.latency_ms, row.finding_count);
      row.findings.forEach((f, i) =>
        findings.push(id, i, row.time_ms, f.rule_id, f.detector, f.category, f.action, f.severity, f.score, f.span[0], f.span[1], f.preview, f.hash, f.explain_only),
      );
    }
    await this.store.transaction(async (tx) => {
      await insertMany(tx, 'audit_requests', REQUEST_COLUMNS, requests);
      await insertMany(tx, 'audit_findings', FINDING_COLUMNS, findings);
    });
  }

  private async findingsOf(ids: string[]): Promise<Map<string, AuditFinding[]>> {
    const byEntry = new Map<string, AuditFinding[]>();
    for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
      const chunk = ids.slice(i, i + ROWS_PER_STATEMENT);
      const rows = await this.store.all<FindingRecord>(
        `SELECT entry_id, rule_id, detector, category, action, severity, score, span_start, span_end, preview, hash, explain_only ` +
          `FROM audit_findings WHERE entry_id IN (${chunk.map(() => '?').join(', ')}) ORDER BY entry_id, ordinal`,
        chunk,
      );
      for (const r of rows) {
        let list = byEntry.get(r.entry_id);
        if (!list) byEntry.set(r.entry_id, (list = []));
        list.push({
          rule_id: r.rule_id,
          detector: r.detector as AuditFinding['detector'],
          category: r.category,
          action: r.action as AuditFinding['action'],
          severity: r.severity as AuditFinding['severity'],
          score: Number(r.score),
          span: [Number(r.span_start), Number(r.span_end)],
          preview: r.preview,
          hash: r.hash,
          explain_only: Boolean(Number(r.explain_only)),
        });
      }
    }
    return byEntry;
  }
}

function toEntry(r: RequestRecord, findings: AuditFinding[]): AuditEntry {
  const entry: AuditEntry = {
    request_id: r.request_id,
    time: new Date(Number(r.time_ms)).toISOString(),
    tenant: r.tenant,
    policy_id: r.policy_id,
    route: r.route,
    model: r.model,
    action: r.action as AuditEntry['action'],
    blocked: Boolean(Number(r.blocked)),
    risk_score: Number(r.risk_score),
    latency_ms: Number(r.latency_ms),
    findings,
  };
  if (Number(r.finding_count) > findings.length) entry.findings_total = Number(r.finding_count);
  return entry;
}

/**
 * Multi-row INSERTs of `values` (flat, `columns.length` per row) in chunks of power-of-two row
 * counts (256, 128, ... 1): whatever the batch size, a table needs at most nine statement
 * texts, each prepared once and then reused.
 */
async function insertMany(tx: Queryable, table: string, columns: string[], values: SqlValue[]): Promise<void> {
  const width = columns.length;
  const rows = values.length / width;
  for (let row = 0; row < rows; ) {
    let size = ROWS_PER_INSERT;
    while (size > rows - row) size >>= 1;
    await tx.run(insertSql(table, columns, size), size === rows ? values : values.slice(row * width, (row + size) * width));
    row += size;
  }
}

/** INSERT texts by table and row count, built once: the same string object each time, so the store's statement cache finds it without rebuilding or rehashing a long text. */
const insertTexts = new Map<string, string[]>();

function insertSql(table: string, columns: string[], rowCount: number): string {
  let texts = insertTexts.get(table);
  if (!texts) insertTexts.set(table, (texts = []));
  let sql = texts[rowCount];
  if (sql === undefined) {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    sql = texts[rowCount] = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rowCount }, () => tuple).join(', ')}`;
  }
  return sql;
}

let sequence = 0;
const processTag = randomBytes(4).toString('hex');

/**
 * A unique row id that sorts by creation within a process (time, then a counter), so entries
 * with the same millisecond list in the order they were recorded.
 */
function entryId(): string {
  sequence = (sequence + 1) % 36 ** 4;
  return Date.now().toString(36).padStart(9, '0') + sequence.toString(36).padStart(4, '0') + processTag;
}

function quiet(error: unknown): Promise<never> {
  const promise = Promise.reject(error);
  promise.catch(() => {});
  return promise;
}
