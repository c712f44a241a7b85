import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../test/helpers.js';
import { usePostgres } from '../../test/pg.js';
import { openStore } from './open.js';
import type { Store } from './types.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-store-');
const pgdb = usePostgres();

const engines: Array<[string, () => string]> = [
  ['sqlite file', () => `sqlite:${join(dir, 'sub', 'w.db')}`],
  ['sqlite memory', () => 'sqlite::memory:'],
  ['postgres', () => pgdb.url],
];

// Every open store is closed after its test, and PostgreSQL tables dropped, so tests stay independent.
const open: Store[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) {
    if (store.dialect === 'postgres') await store.exec('DROP TABLE IF EXISTS t; DROP TABLE IF EXISTS u');
    await store.close();
  }
});

async function fresh(url: string): Promise<Store> {
  const store = await openStore(url);
  open.push(store);
  await store.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, big BIGINT, flag SMALLINT)');
  return store;
}

describe.each(engines)('store on %s', (_name, url) => {
  it('runs statements with ? placeholders, also next to a ? in a literal', async () => {
    const store = await fresh(url());
    expect(await store.run('INSERT INTO t (id, name, big, flag) VALUES (?, ?, ?, ?), (?, ?, ?, ?)', [1, 'a?', 2 ** 40, true, 2, "it's", 7, false])).toEqual({ changes: 2 });
    const rows = await store.all<{ id: number; name: string; big: number; flag: number }>("SELECT id, name, big, flag FROM t WHERE name <> '?' AND id >= ? ORDER BY id", [1]);
    expect(rows).toEqual([
      { id: 1, name: 'a?', big: 2 ** 40, flag: 1 },
      { id: 2, name: "it's", big: 7, flag: 0 },
    ]);
    // COUNT(*) is a BIGINT on PostgreSQL: it must read as a number on both engines.
    expect(await store.get('SELECT COUNT(*) AS n FROM t')).toEqual({ n: 2 });
    expect(await store.get('SELECT id FROM t WHERE id = ?', [99])).toBeUndefined();
    expect(await store.all('INSERT INTO t (id, name) VALUES (?, ?)', [3, 'c'])).toEqual([]);
    expect(await store.all('INSERT INTO t (id, name) VALUES (?, ?) RETURNING id', [4, 'd'])).toEqual([{ id: 4 }]);
    expect((await store.run('DELETE FROM t WHERE id > ?', [2])).changes).toBe(2);
  });

  it('commits a transaction, and rolls one back when it throws', async () => {
    const store = await fresh(url());
    const result = await store.transaction(async (tx) => {
      await tx.run('INSERT INTO t (id, name) VALUES (?, ?)', [1, 'kept']);
      return (await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM t'))?.n;
    });
    expect(result).toBe(1);
    await expect(
      store.transaction(async (tx) => {
        await tx.run('INSERT INTO t (id, name) VALUES (?, ?)', [2, 'dropped']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.all('SELECT name FROM t')).toEqual([{ name: 'kept' }]);
  });

  it('keeps statements from other callers out of an open transaction', async () => {
    const store = await fresh(url());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = store.transaction(async (t) => {
      await t.run('INSERT INTO t (id, name) VALUES (?, ?)', [1, 'tx']);
      await gate;
      throw new Error('rollback');
    });
    // Issued while the transaction is open; it must not be swallowed by the rollback.
    const outside = store.run('INSERT INTO t (id, name) VALUES (?, ?)', [2, 'outside']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(tx).rejects.toThrow('rollback');
    await outside;
    expect(await store.all('SELECT name FROM t')).toEqual([{ name: 'outside' }]);
  });

  it('refuses a transaction handle used after the transaction ended', async () => {
    const store = await fresh(url());
    let leaked: { run: (sql: string, params?: unknown[]) => Promise<unknown> } | undefined;
    await store.transaction(async (tx) => void (leaked = tx as never));
    const error = await expectWardenError(leaked!.run('INSERT INTO t (id) VALUES (?)', [1]));
    expect(error.code).toBe('W_STORE');
    expect(error.message).toMatch(/transaction that has ended/);
  });

  it('wraps driver errors as W_STORE naming the store and the statement, not the values', async () => {
    const store = await fresh(url());
    const error = await expectWardenError(store.run('INSERT INTO missing_table (a) VALUES (?)', ['value-that-must-not-leak']));
    expect(error.code).toBe('W_STORE');
    expect(error.message).toContain(store.url);
    expect(error.message).toMatch(/missing_table/);
    expect(error.message).not.toContain('value-that-must-not-leak');
    await store.run('INSERT INTO t (id) VALUES (?)', [1]);
    expect((await expectWardenError(store.run('INSERT INTO t (id) VALUES (?)', [1]))).code).toBe('W_STORE');
  });

  it('closes idempotently and refuses use after close', async () => {
    const store = await openStore(url());
    await store.close();
    await store.close();
    expect((await expectWardenError(store.all('SELECT 1'))).message).toMatch(/closed/);
  });
});

describe('sqlite specifics', () => {
  it('uses WAL, and waits for another process\'s write lock instead of failing', async () => {
    const file = join(dir, 'w.db');
    const store = await fresh(`sqlite:${file}`);
    expect(await store.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    // A second process takes the write lock for 300 ms; our insert must wait, then succeed.
    const holder = spawn(
      process.execPath,
      ['-e', `const db = new (require('better-sqlite3'))(${JSON.stringify(file)}); db.exec('BEGIN IMMEDIATE'); db.exec('INSERT INTO t (id) VALUES (1)'); process.stdout.write('locked\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); db.exec('COMMIT');`],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const started = Date.now();
    await store.run('INSERT INTO t (id) VALUES (?)', [2]);
    expect(Date.now() - started).toBeGreaterThan(100);
    await once(holder, 'exit');
    expect(await store.all('SELECT id FROM t ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('shares one connection per file in a process, so transactions never deadlock each other', async () => {
    const url = `sqlite:${join(dir, 'w.db')}`;
    const a = await fresh(url);
    const b = await openStore(url, { timeoutMs: 200 });
    // Without sharing, b would block the thread waiting for a's write lock until its busy timeout.
    await Promise.all([
      a.transaction(async (tx) => {
        await tx.run('INSERT INTO t (id) VALUES (?)', [1]);
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.run('INSERT INTO t (id) VALUES (?)', [2]);
      }),
      b.transaction(async (tx) => void (await tx.run('INSERT INTO t (id) VALUES (?)', [3]))),
      b.run('INSERT INTO t (id) VALUES (?)', [4]),
    ]);
    await b.close();
    // Closing one handle leaves the other working.
    expect(await a.all('SELECT id FROM t ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }]);
  });

  it('fails with W_STORE when the file cannot be opened', async () => {
    const error = await expectWardenError(openStore(`sqlite:${dir}`));
    expect(error.message).toContain(`sqlite:${dir}`);
  });
});

describe('postgres specifics', () => {
  it('fails to open with W_STORE naming the URL without the password', async () => {
    const error = await expectWardenError(openStore('postgres://postgres:hunter2@127.0.0.1:1/nowhere', { timeoutMs: 2000 }));
    expect(error.code).toBe('W_STORE');
    expect(error.message).toContain('postgres://postgres@127.0.0.1:1/nowhere');
    expect(error.message).toMatch(/connect failed: .*ECONNREFUSED/);
    expect(error.message).not.toContain('hunter2');
  });

  it('reads BIGINT beyond 2^53 as a bigint rather than losing digits', async () => {
    const store = await openStore(pgdb.url);
    open.push(store);
    expect(await store.get("SELECT 9007199254740993::bigint AS n, 5::bigint AS m")).toEqual({ n: 9007199254740993n, m: 5 });
  });
});
