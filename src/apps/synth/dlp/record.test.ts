import { describe, expect, it } from 'vitest';
import { checkRecord } from './check-record.js';
import { generateRecord } from './record.js';
import { CHANNELS, RECIPIENT_CLASSES, SCENARIOS, SPAN_TYPES } from './types.js';

const records = (seed: number, n: number, split = 'train', stream = 0) => Array.from({ length: n }, (_x, index) => generateRecord({ seed, split, stream, index }));

describe('generateRecord', () => {
  it('is deterministic byte for byte (timestamps included) and depends on the seed', () => {
    const a = records(42, 200).map((r) => JSON.stringify(r));
    const b = records(42, 200).map((r) => JSON.stringify(r));
    expect(a).toEqual(b);
    const c = records(43, 200).map((r) => JSON.stringify(r));
    expect(c.filter((line, i) => line === a[i])).toEqual([]);
    const strip = (line: string) => JSON.stringify({ ...JSON.parse(line), id: '', meta: { ...JSON.parse(line).meta, split: '' } });
    const val = records(42, 200, 'val', 1).map((r) => strip(JSON.stringify(r)));
    expect(val.filter((line, i) => line === strip(a[i]!))).toEqual([]);
  });

  it('has the record shape, and timestamps from the seed inside 2025', () => {
    for (const r of records(1, 300)) {
      expect(Object.keys(r).filter((k) => k !== 'thread')).toEqual(['id', 'channel', 'user', 'recipients', 'subject', 'body', 'attachments', 'links', 'labels', 'spans', 'meta']);
      expect(CHANNELS).toContain(r.channel);
      expect(SCENARIOS).toContain(r.meta.scenario);
      expect(r.meta.created >= '2025-01-01' && r.meta.created < '2026-01-01').toBe(true);
      for (const rc of r.recipients) expect(RECIPIENT_CLASSES).toContain(rc.class);
      for (const s of r.spans) expect(SPAN_TYPES).toContain(s.type);
      if (r.thread) for (const m of r.thread.messages) expect(r.body.slice(m.start, m.end)).toMatch(/^\[2025-\d\d-\d\d \d\d:\d\d\] /);
    }
  });

  it('passes every validator check (spans exact and typed, no overlaps, all planted labelled, labels by the rules)', () => {
    const problems = records(7, 2000).flatMap((r) => checkRecord(r, { scan: false }).map((p) => `${r.id} ${p.code}: ${p.message}`));
    expect(problems).toEqual([]);
  });

  it('covers every scenario, channel, recipient class and span type, with threads and clean records', () => {
    const rs = records(5, 3000);
    expect(new Set(rs.map((r) => r.meta.scenario)).size).toBe(SCENARIOS.length);
    expect(new Set(rs.map((r) => r.channel)).size).toBe(CHANNELS.length);
    expect(new Set(rs.flatMap((r) => r.recipients.map((x) => x.class))).size).toBe(RECIPIENT_CLASSES.length);
    expect(new Set(rs.flatMap((r) => r.spans.map((s) => s.type))).size).toBe(SPAN_TYPES.length);
    expect(rs.filter((r) => r.thread).length).toBeGreaterThan(200);
    expect(rs.filter((r) => r.spans.length === 0).length).toBeGreaterThan(300);
  });

  it("fixes the reference generator's bugs: one span per value, no EMAIL inside a DBURI, keys and obfuscated values labelled", () => {
    for (const r of records(9, 2000)) {
      const dburis = r.spans.filter((s) => s.type === 'DBURI');
      for (const s of r.spans) {
        if (s.type === 'EMAIL') expect(dburis.some((d) => d.start < s.end && s.start < d.end)).toBe(false);
      }
      const starts = r.spans.map((s) => `${s.start}`);
      expect(new Set(starts).size).toBe(starts.length);
      expect(r.meta.planted.length).toBe(r.spans.length - (r.meta.splitGroups?.[0] ? 1 : 0));
      for (const i of r.meta.obfuscated) expect(r.spans[i]).toBeDefined();
    }
  });
});
