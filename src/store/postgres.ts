import pg from 'pg';
import { WardenError } from '../core/errors.js';
import { storeError } from './errors.js';
import { toPgPlaceholders } from './placeholders.js';
import type { Queryable, Row, RunResult, SqlParams, Store, StoreOptions } from './types.js';
import type { StoreLocation } from './url.js';

const INT8_OID = 20;
const MAX_CACHED_SQL = 500;

/** BIGINT (and COUNT(*)) read as numbers like on SQLite; pg's default is a string. */
function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * The server store: a `pg` pool (default 10 connections, idle ones closed after 30 s, a
 * connect timeout and a statement timeout so a stuck server cannot hang a request forever).
 * Opening checks the connection once, so a wrong URL fails at start-up, not on first use.
 */
export async function openPostgresStore(location: StoreLocation, options: StoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: location.target,
    max: options.maxConnections ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: options.timeoutMs ?? 5000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    application_name: 'warden',
    // A CLI that forgets close() still exits once the pool is idle.
    allowExitOnIdle: true,
    types,
  });
  // An idle client that loses its server emits here; the pool drops it and the next checkout
  // reconnects. Without a listener the error would crash the process.
  pool.on('error', function onIdleClientError() {});
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => {});
    throw storeError(location.safeUrl, 'connect', cause);
  }
  return new PostgresStore(pool, location.safeUrl);
}

class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  private closing: Promise<void> | undefined;
  private readonly runner: Runner;

  constructor(
    private readonly pool: pg.Pool,
    readonly url: string,
  ) {
    this.runner = new Runner(url);
  }

  async exec(sql: string): Promise<void> {
    return this.runner.exec(this.open(), sql);
  }

  async run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return this.runner.run(this.open(), sql, params);
  }

  async all<T extends object = Row>(sql: string, params: SqlParams = []): Promise<T[]> {
    return this.runner.all<T>(this.open(), sql, params);
  }

  async get<T extends object = Row>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.open().connect();
    } catch (cause) {
      throw storeError(this.url, 'connect', cause);
    }
    let active = true;
    const use = (): pg.ClientBase => {
      if (!active) throw new WardenError('W_STORE', 'statement on a transaction that has ended', { where: this.url });
      return client;
    };
    const tx: Queryable = {
      dialect: 'postgres',
      exec: async (sql) => this.runner.exec(use(), sql),
      run: async (sql, params = []) => this.runner.run(use(), sql, params),
      all: async <R extends object = Row>(sql: string, params: SqlParams = []) => this.runner.all<R>(use(), sql, params),
      get: async <R extends object = Row>(sql: string, params: SqlParams = []): Promise<R | undefined> => (await this.runner.all<R>(use(), sql, params))[0],
    };
    let broken: Error | undefined;
    try {
      await this.runner.exec(client, 'BEGIN');
      const result = await fn(tx);
      await this.runner.exec(client, 'COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      active = false;
      // A client whose rollback failed is in an unknown state: destroy it rather than reuse it.
      client.release(broken);
    }
  }

  close(): Promise<void> {
    this.closing ??= this.pool.end().catch((cause: unknown) => {
      throw storeError(this.url, 'close', cause);
    });
    return this.closing;
  }

  private open(): pg.Pool {
    if (this.closing) throw new WardenError('W_STORE', 'store is closed', { where: this.url });
    return this.pool;
  }
}

/**
 * Booleans bind as 1/0 like on SQLite: PostgreSQL reads '1'/'0' into BOOLEAN and integer
 * columns alike, so one portable schema may use either.
 */
function bindValue(value: SqlParams[number]): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/** Statement execution shared by the pool and transaction clients: placeholder rewrite, error wrap. */
class Runner {
  private readonly rewritten = new Map<string, string>();

  constructor(private readonly url: string) {}

  async exec(target: pg.Pool | pg.ClientBase, sql: string): Promise<void> {
    try {
      await target.query(sql);
    } catch (cause) {
      throw storeError(this.url, 'exec', cause, sql);
    }
  }

  async run(target: pg.Pool | pg.ClientBase, sql: string, params: SqlParams): Promise<RunResult> {
    const result = await this.query(target, sql, params, 'statement');
    return { changes: result.rowCount ?? 0 };
  }

  async all<T>(target: pg.Pool | pg.ClientBase, sql: string, params: SqlParams): Promise<T[]> {
    return (await this.query(target, sql, params, 'query')).rows as T[];
  }

  private async query(target: pg.Pool | pg.ClientBase, sql: string, params: SqlParams, action: string): Promise<pg.QueryResult> {
    try {
      return await target.query({ text: this.pgSql(sql), values: params.map(bindValue) });
    } catch (cause) {
      throw storeError(this.url, action, cause, sql);
    }
  }

  private pgSql(sql: string): string {
    let text = this.rewritten.get(sql);
    if (text === undefined) {
      text = toPgPlaceholders(sql);
      if (this.rewritten.size >= MAX_CACHED_SQL) this.rewritten.clear();
      this.rewritten.set(sql, text);
    }
    return text;
  }
}
