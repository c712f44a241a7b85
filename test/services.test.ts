import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { usePostgres } from './pg.js';
import { redisCommand, useRedis } from './redis.js';

// The helpers other tests build on: a private PostgreSQL database and a private Redis prefix.
const database = usePostgres();
const redis = useRedis();

describe('test services', () => {
  it('gives each test file a database of its own', async () => {
    expect(database.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:5432\/warden_test_\d+_[0-9a-f]{8}$/);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      expect((await client.query('SELECT current_database() AS db')).rows[0].db).toBe(new URL(database.url).pathname.slice(1));
    } finally {
      await client.end();
    }
  });

  it('gives each run a Redis key prefix of its own', async () => {
    expect(redis.prefix).toMatch(/^warden_test:\d+:[0-9a-f]{8}$/);
    expect(await redisCommand(['SET', `${redis.prefix}:k`, 'v', 'EX', '60'])).toBe('+OK');
    expect(await redisCommand(['EXISTS', `${redis.prefix}:k`])).toBe(':1');
  });
});
