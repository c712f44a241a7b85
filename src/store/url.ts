import { WardenError } from '../core/errors.js';
import type { Dialect } from './types.js';

export interface StoreLocation {
  dialect: Dialect;
  /** SQLite: a file path or ':memory:'. PostgreSQL: the connection string as given. */
  target: string;
  /** The URL without its password, for messages. */
  safeUrl: string;
}

const SECRET_PARAMS = ['password', 'sslpassword'];

/**
 * Removes the password (userinfo and `?password=`) from a database URL so it can appear in
 * logs and errors.
 *
 * @example
 * redactUrl('postgres://app:s3cret@db:5432/warden'); // 'postgres://app@db:5432/warden'
 */
export function redactUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//i.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Unparseable: cut everything between the scheme and the last '@' rather than risk a leak.
    return url.replace(/^(postgres(?:ql)?:\/\/)[^/]*@/i, '$1***@');
  }
  parsed.password = '';
  for (const name of SECRET_PARAMS) parsed.searchParams.delete(name);
  return parsed.toString();
}

/**
 * Reads a store URL: `sqlite:PATH`, `sqlite://PATH`, `sqlite::memory:`, `postgres://...` or
 * `postgresql://...`.
 *
 * @example
 * parseStoreUrl('sqlite:./warden.db'); // { dialect: 'sqlite', target: './warden.db', safeUrl: 'sqlite:./warden.db' }
 */
export function parseStoreUrl(url: string): StoreLocation {
  const trimmed = url.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    try {
      new URL(trimmed);
    } catch (cause) {
      throw new WardenError('W_STORE', `malformed PostgreSQL URL "${redactUrl(trimmed)}"`, { cause });
    }
    return { dialect: 'postgres', target: trimmed, safeUrl: redactUrl(trimmed) };
  }
  if (/^sqlite:/i.test(trimmed)) {
    // sqlite:///abs/path and sqlite://rel/path (SQLAlchemy style) as well as sqlite:path.
    const rest = trimmed.slice('sqlite:'.length).replace(/^\/\//, '');
    if (rest === '') throw new WardenError('W_STORE', `"${trimmed}" names no file: use sqlite:PATH or sqlite::memory:`);
    return { dialect: 'sqlite', target: rest, safeUrl: trimmed };
  }
  throw new WardenError('W_STORE', `unsupported database URL "${redactUrl(trimmed)}": use sqlite:PATH, sqlite::memory: or postgres://user@host:5432/db`);
}
