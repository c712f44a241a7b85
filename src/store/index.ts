/** The shared SQL store: SQLite embedded by default, PostgreSQL at scale, one interface. */
export { openStore } from './open.js';
export { migrate, appliedVersions, type Migration } from './migrate.js';
export { parseStoreUrl, redactUrl, type StoreLocation } from './url.js';
export { toPgPlaceholders } from './placeholders.js';
export type { Dialect, Queryable, Row, RunResult, SqlParams, SqlValue, Store, StoreOptions } from './types.js';
