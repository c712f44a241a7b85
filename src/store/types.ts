/**
 * The store interface every persistent feature shares (guard audit now; review state, LLM
 * cache and run state later). One small async surface over two engines: embedded SQLite
 * (better-sqlite3) by default, PostgreSQL (`pg`) when one machine is outgrown.
 *
 * SQL is written once with `?` placeholders; the PostgreSQL adapter rewrites them to `$n`.
 * Portable SQL is the caller's job: the `dialect` flag picks a variant where the two differ
 * (DDL types, upserts beyond `ON CONFLICT ... DO NOTHING`).
 */

export type Dialect = 'sqlite' | 'postgres';

/**
 * A bound value. Booleans bind as 1/0 on both engines (PostgreSQL reads '1'/'0' into BOOLEAN
 * and integer columns alike); Dates bind as ISO strings on SQLite, as timestamps on
 * PostgreSQL. Store times as integer epoch ms to read the same on both.
 */
export type SqlValue = string | number | bigint | boolean | null | Date | Uint8Array;
export type SqlParams = readonly SqlValue[];
export type Row = Record<string, unknown>;

export interface RunResult {
  /** Rows inserted, updated or deleted by the statement. */
  changes: number;
}

/** Statements that run on a store or inside one of its transactions. */
export interface Queryable {
  readonly dialect: Dialect;
  /** Runs DDL or several `;`-separated statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one statement and reports the rows it changed. */
  run(sql: string, params?: SqlParams): Promise<RunResult>;
  /** All result rows. BIGINT columns read as numbers on both engines (bigint beyond 2^53). */
  all<T extends object = Row>(sql: string, params?: SqlParams): Promise<T[]>;
  /** The first result row, or undefined. */
  get<T extends object = Row>(sql: string, params?: SqlParams): Promise<T | undefined>;
}

export interface Store extends Queryable {
  /** The URL the store was opened with, password removed: safe for logs and errors. */
  readonly url: string;
  /**
   * Runs `fn` in one transaction: commit when it resolves, roll back when it throws. Use only
   * `tx` inside: on SQLite other callers wait until the transaction ends (one connection),
   * on PostgreSQL `tx` is a dedicated pooled connection.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the connection(s); pending statements finish first on PostgreSQL. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** SQLite busy timeout and PostgreSQL connect timeout, ms (default 5000). */
  timeoutMs?: number;
  /** PostgreSQL pool size (default 10). */
  maxConnections?: number;
  /** PostgreSQL per-statement timeout, ms (default 30000; 0 disables). */
  statementTimeoutMs?: number;
}
