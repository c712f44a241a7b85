import { describe, expect, it } from 'vitest';
import { WardenError } from '../core/errors.js';
import { parseStoreUrl, redactUrl } from './url.js';

describe('parseStoreUrl', () => {
  it('reads the SQLite forms', () => {
    expect(parseStoreUrl('sqlite:./warden.db')).toMatchObject({ dialect: 'sqlite', target: './warden.db' });
    expect(parseStoreUrl('sqlite:///var/lib/warden.db')).toMatchObject({ dialect: 'sqlite', target: '/var/lib/warden.db' });
    expect(parseStoreUrl('sqlite::memory:')).toMatchObject({ dialect: 'sqlite', target: ':memory:' });
  });

  it('reads PostgreSQL URLs and hides the password', () => {
    const location = parseStoreUrl('postgresql://app:hunter2@db.internal:5432/warden?sslmode=require&password=x2');
    expect(location.dialect).toBe('postgres');
    expect(location.target).toContain('hunter2');
    expect(location.safeUrl).toBe('postgresql://app@db.internal:5432/warden?sslmode=require');
  });

  it('rejects other schemes with W_STORE, without echoing a password', () => {
    expect(() => parseStoreUrl('mysql://root:hunter2@localhost/x')).toThrow(WardenError);
    expect(() => parseStoreUrl('./warden.db')).toThrow(/sqlite:PATH/);
    expect(() => parseStoreUrl('sqlite:')).toThrow(/names no file/);
  });
});

describe('redactUrl', () => {
  it('removes userinfo passwords, also from unparseable URLs', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/warden')).toBe('postgres://app@db:5432/warden');
    expect(redactUrl('postgres://app:s3c ret@db:bad/warden')).not.toContain('s3c');
    expect(redactUrl('sqlite:./x.db')).toBe('sqlite:./x.db');
  });
});
