import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { WardenError } from '../core/errors.js';
import { storeError } from './errors.js';
import { AsyncLock } from './lock.js';
import type { Queryable, Row, RunResult, SqlParams, SqlValue, Store, StoreOptions } from './types.js';
import type { StoreLocation } from './url.js';

type Statement = Database.Statement<unknown[], unknown>;
const MAX_CACHED_STATEMENTS = 200;

/**
 * The embedded store: one better-sqlite3 connection per file and process, in WAL mode
 * (readers never wait for the writer), with busy_timeout so another process waits for the
 * write lock instead of failing, and a cache of prepared statements. better-sqlite3 is
 * synchronous; the async surface matches the PostgreSQL store.
 *
 * Stores opened on the same file in one process share the connection and its transaction
 * lock: two connections would deadlock, since one blocks the thread waiting for a write lock
 * that the other can only release on that same thread.
 */
export function openSqliteStore(location: StoreLocation, options: StoreOptions = {}): Store {
  const memory = location.target === ':memory:';
  const key = memory ? undefined : resolve(location.target);
  let connection = key === undefined ? undefined : shared.get(key);
  if (!connection) {
    connection = new SqliteConnection(connect(location, options.timeoutMs ?? 5000), key);
    if (key !== undefined) shared.set(key, connection);
  }
  connection.refs++;
  return new SqliteStore(connection, location.safeUrl);
}

const shared = new Map<string, SqliteConnection>();

function connect(location: StoreLocation, timeoutMs: number): Database.Database {
  const memory = location.target === ':memory:';
  try {
    if (!memory) mkdirSync(dirname(location.target), { recursive: true });
    const db = new Database(location.target, { timeout: timeoutMs });
    if (!memory) db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only a power loss can drop the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${timeoutMs}`);
    return db;
  } catch (cause) {
    throw storeError(location.safeUrl, 'open', cause);
  }
}

/** One open database file: the connection, its transaction lock and statement cache. */
class SqliteConnection {
  readonly lock = new AsyncLock();
  readonly statements = new Map<string, Statement>();
  refs = 0;

  constructor(
    readonly db: Database.Database,
    private readonly key: string | undefined,
  ) {}

  release(): void {
    if (--this.refs > 0) return;
    if (this.key !== undefined) shared.delete(this.key);
    this.statements.clear();
    this.db.close();
  }
}

class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly db: Database.Database;
  private readonly lock: AsyncLock;
  private readonly statements: Map<string, Statement>;

  constructor(
    private readonly connection: SqliteConnection,
    readonly url: string,
  ) {
    this.db = connection.db;
    this.lock = connection.lock;
    this.statements = connection.statements;
  }

  exec(sql: string): Promise<void> {
    return this.outside(() => this.execNow(sql));
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return this.outside(() => this.runNow(sql, params));
  }

  all<T extends object = Row>(sql: string, params: SqlParams = []): Promise<T[]> {
    return this.outside(() => this.allNow<T>(sql, params));
  }

  async get<T extends object = Row>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.lock.run(async () => {
      this.assertOpen();
      // IMMEDIATE takes the write lock now: a deferred transaction that upgrades later can
      // fail with SQLITE_BUSY without waiting when another process writes.
      this.execNow('BEGIN IMMEDIATE');
      let active = true;
      const guard = <V>(op: () => V): Promise<V> => {
        if (!active) return Promise.reject(new WardenError('W_STORE', 'statement on a transaction that has ended', { where: this.url }));
        return settle(op);
      };
      const tx: Queryable = {
        dialect: 'sqlite',
        exec: (sql) => guard(() => this.execNow(sql)),
        run: (sql, params = []) => guard(() => this.runNow(sql, params)),
        all: <R extends object = Row>(sql: string, params: SqlParams = []) => guard(() => this.allNow<R>(sql, params)),
        get: <R extends object = Row>(sql: string, params: SqlParams = []) => guard<R | undefined>(() => this.allNow<R>(sql, params)[0]),
      };
      try {
        const result = await fn(tx);
        this.execNow('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      } finally {
        active = false;
      }
    });
  }

  close(): Promise<void> {
    // Statements and transactions issued before close() finish first: close queues behind them.
    this.closing ??= this.lock.run(async () => {
      this.closed = true;
      this.connection.release();
    });
    return this.closing;
  }

  /** Runs a statement now, or after the open transaction when there is one. */
  private outside<T>(op: () => T): Promise<T> {
    if (!this.lock.busy) return settle(() => (this.assertOpen(), op()));
    return this.lock.run(async () => (this.assertOpen(), op()));
  }

  private execNow(sql: string): void {
    try {
      this.db.exec(sql);
    } catch (cause) {
      throw storeError(this.url, 'exec', cause, sql);
    }
  }

  private runNow(sql: string, params: SqlParams): RunResult {
    try {
      return { changes: this.prepare(sql).run(...bind(params)).changes };
    } catch (cause) {
      throw storeError(this.url, 'statement', cause, sql);
    }
  }

  private allNow<T>(sql: string, params: SqlParams): T[] {
    try {
      const statement = this.prepare(sql);
      // PostgreSQL answers an INSERT without RETURNING with no rows; do the same.
      if (!statement.reader) {
        statement.run(...bind(params));
        return [];
      }
      return statement.all(...bind(params)) as T[];
    } catch (cause) {
      throw storeError(this.url, 'query', cause, sql);
    }
  }

  private prepare(sql: string): Statement {
    const cached = this.statements.get(sql);
    if (cached) {
      // Refresh its place so the cache drops the least recently used statement.
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const statement = this.db.prepare(sql);
    this.statements.set(sql, statement);
    if (this.statements.size > MAX_CACHED_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
    return statement;
  }

  private assertOpen(): void {
    if (this.closed) throw new WardenError('W_STORE', 'store is closed', { where: this.url });
  }
}

function settle<T>(op: () => T): Promise<T> {
  try {
    return Promise.resolve(op());
  } catch (error) {
    return Promise.reject(error);
  }
}

/** SQLite has no boolean or date type: bind them the way they read back elsewhere. */
function bind(params: SqlParams): unknown[] {
  return params.map((value: SqlValue) => {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return value;
  });
}
