import { describe, expect, it } from 'vitest';
import { ensureId, isPlainObject, RAW_PREVIEW_LIMIT, truncateRaw, type Rec } from './record.js';

const fields = { text: 'text', id: 'id' };

describe('ensureId', () => {
  it('returns the same record when it has an id, whatever its type', () => {
    const a: Rec = { id: 'keep', text: 'x' };
    expect(ensureId(a, fields, 'data/a.jsonl', 7)).toBe(a);
    expect(a).toEqual({ id: 'keep', text: 'x' });
    const b: Rec = { id: 0 };
    expect(ensureId(b, fields, 'a.jsonl', 1)).toBe(b);
    const c: Rec = { id: false };
    expect(ensureId(c, fields, 'a.jsonl', 1)).toBe(c);
  });

  it.each([[undefined], [null], ['']])('derives `rel#row` when the id is %s', (value) => {
    const record: Rec = value === undefined ? { text: 'x', n: 1 } : { text: 'x', id: value, n: 1 };
    const before = { ...record };
    const out = ensureId(record, fields, 'sub/a.jsonl', 41);
    expect(out).toEqual({ id: 'sub/a.jsonl#41', text: 'x', n: 1 });
    // The derived id comes first so every record has the same field order.
    expect(Object.keys(out)).toEqual(['id', 'text', 'n']);
    // The input record is left as it was.
    expect(record).toEqual(before);
  });

  it('uses the configured id field name', () => {
    const record: Rec = { id: 'other', text: 'x' };
    const out = ensureId(record, { text: 'text', id: 'doc_id' }, 'a.parquet', 0);
    expect(out).toEqual({ doc_id: 'a.parquet#0', id: 'other', text: 'x' });
    expect(Object.keys(out)[0]).toBe('doc_id');
  });

  it('adds nothing when the id field name is empty', () => {
    const record: Rec = { text: 'x' };
    const out = ensureId(record, { text: 'text', id: '' }, 'a.jsonl', 3);
    expect(out).toBe(record);
    expect(Object.keys(out)).toEqual(['text']);
  });
});

describe('record helpers', () => {
  it('isPlainObject accepts objects only', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject('x')).toBe(false);
    expect(isPlainObject(1)).toBe(false);
  });

  it('truncateRaw keeps short rows and cuts long ones with their length', () => {
    expect(truncateRaw('short')).toBe('short');
    const exact = 'a'.repeat(RAW_PREVIEW_LIMIT);
    expect(truncateRaw(exact)).toBe(exact);
    const long = 'b'.repeat(RAW_PREVIEW_LIMIT + 10);
    expect(truncateRaw(long)).toBe(`${'b'.repeat(RAW_PREVIEW_LIMIT)}…[${RAW_PREVIEW_LIMIT + 10} chars]`);
  });
});
