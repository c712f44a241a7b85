import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestId, timeOrderedUuid } from './request-id.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('are UUID v7: the ms timestamp in the first 48 bits, random and distinct after it', () => {
    for (const now of [0, 1, 0x123456789abc, Date.now(), 2 ** 48 - 1]) {
      const id = timeOrderedUuid(now);
      expect(id).toMatch(V7);
      expect(id.slice(0, 8) + id.slice(9, 13)).toBe(now.toString(16).padStart(12, '0'));
    }
    const same = Array.from({ length: 1000 }, () => timeOrderedUuid(1_700_000_000_000));
    expect(new Set(same).size).toBe(1000);
  });

  it('sort by time, so audit rows land at the end of the request_id index', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_700_000_000_255, 1_700_000_001_000].map((ms) => timeOrderedUuid(ms));
    expect([...ids].sort()).toEqual(ids);
  });

  it('keep a caller’s plain token and replace anything else', () => {
    const req = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as IncomingMessage;
    expect(requestId(req('trace-1.a:b'))).toBe('trace-1.a:b');
    expect(requestId(req('has space'))).toMatch(V7);
    expect(requestId(req())).toMatch(V7);
  });
});
