import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/**
 * PostgreSQL for tests: the machine's server (127.0.0.1:5432, trust auth, user postgres, or
 * WARDEN_TEST_PG_URL), with a database of the test file's own that is dropped afterwards.
 * An unreachable server FAILS the tests with a message saying how to start one: tests that
 * need PostgreSQL never skip silently.
 */
const ADMIN_URL = process.env.WARDEN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (cause) {
    const reason = cause instanceof AggregateError ? cause.errors.map((e: Error) => e.message).join('; ') : (cause as Error).message;
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_URL.replace(/:[^:@/]*@/, '@')} (${reason}). ` +
        'Tests need a running server with trust auth for user postgres: run `bash scripts/setup.sh --services` (as root) to install and start it.',
      { cause },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh database and returns its URL; `drop()` removes it (closing any connection
 * left open).
 *
 * @example
 * const db = await createTestDatabase();
 * const store = await openStore(db.url);
 * ...
 * await store.close(); await db.drop();
 */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `warden_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * One database for the whole test file, created before the first test and dropped after the
 * last: `pg.url` is valid inside tests.
 *
 * @example
 * const pgdb = usePostgres();
 * it('works', async () => { const store = await openStore(pgdb.url); ... });
 */
export function usePostgres(): { url: string } {
  const handle = { url: '' };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const db = await createTestDatabase();
    handle.url = db.url;
    drop = db.drop;
  });
  afterAll(async () => {
    await drop?.();
  });
  return handle;
}
