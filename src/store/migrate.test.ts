import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../test/helpers.js';
import { usePostgres } from '../../test/pg.js';
import { appliedVersions, migrate, type Migration } from './migrate.js';
import { openStore } from './open.js';
import type { Store } from './types.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-migrate-');
const pgdb = usePostgres();

const open: Store[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) {
    if (store.dialect === 'postgres') await store.exec('DROP TABLE IF EXISTS warden_migrations; DROP TABLE IF EXISTS items; DROP TABLE IF EXISTS broken');
    await store.close();
  }
});

async function opened(url: string): Promise<Store> {
  const store = await openStore(url);
  open.push(store);
  return store;
}

const V1: Migration = { version: 1, name: 'items', up: 'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)' };
const V2: Migration = {
  version: 2,
  name: 'items.size',
  up: { sqlite: 'ALTER TABLE items ADD COLUMN size INTEGER', postgres: 'ALTER TABLE items ADD COLUMN size BIGINT' },
};
const V3: Migration = {
  version: 3,
  name: 'seed',
  up: async (tx) => void (await tx.run('INSERT INTO items (id, name, size) VALUES (?, ?, ?)', [1, 'seed', 10])),
};

describe.each([
  ['sqlite', () => `sqlite:${join(dir, 'm.db')}`],
  ['postgres', () => pgdb.url],
])('migrate on %s', (_name, url) => {
  it('applies pending steps once, in order, per component', async () => {
    const store = await opened(url());
    expect(await appliedVersions(store, 'test.items')).toEqual([]);
    expect(await migrate(store, 'test.items', [V1])).toBe(1);
    expect(await migrate(store, 'test.items', [V1])).toBe(0);
    expect(await migrate(store, 'test.items', [V1, V2, V3])).toBe(2);
    expect(await appliedVersions(store, 'test.items')).toEqual([1, 2, 3]);
    expect(await appliedVersions(store, 'other')).toEqual([]);
    expect(await store.all('SELECT id, name, size FROM items')).toEqual([{ id: 1, name: 'seed', size: 10 }]);
  });

  it('rolls back a failing step with its bookkeeping, leaving earlier steps', async () => {
    const store = await opened(url());
    await migrate(store, 'test.items', [V1]);
    const bad: Migration = { version: 2, name: 'bad', up: 'CREATE TABLE broken (a INTEGER); CREATE TABLE items (dup INTEGER)' };
    expect((await expectWardenError(migrate(store, 'test.items', [V1, bad]))).code).toBe('W_STORE');
    expect(await appliedVersions(store, 'test.items')).toEqual([1]);
    // The first statement of the failed step is gone too.
    expect((await expectWardenError(store.all('SELECT * FROM broken'))).code).toBe('W_STORE');
  });

  it('refuses a schema newer than the code, and malformed version sequences', async () => {
    const store = await opened(url());
    await migrate(store, 'test.items', [V1, V2]);
    expect((await expectWardenError(migrate(store, 'test.items', [V1]))).message).toMatch(/version 2, newer than this Warden knows \(1\)/);
    expect((await expectWardenError(migrate(store, 'test.items', [V2, V1]))).code).toBe('W_INTERNAL');
  });

  it('is safe when several connections migrate at once', async () => {
    const stores = await Promise.all([opened(url()), opened(url()), opened(url())]);
    const applied = await Promise.all(stores.map((s) => migrate(s, 'test.items', [V1, V2, V3])));
    expect(applied.sort()).toEqual([0, 0, 3]);
    expect(await stores[0]!.all('SELECT id FROM items')).toEqual([{ id: 1 }]);
  });
});
