import { describe, expect, it } from 'vitest';
import { checkRecord, type ProblemCode } from './check-record.js';
import { generateRecord } from './record.js';
import type { DlpRecord } from './types.js';

const codes = (record: unknown, scan = false): ProblemCode[] => checkRecord(record, { scan }).map((p) => p.code);
const clone = (r: DlpRecord): DlpRecord => JSON.parse(JSON.stringify(r));

function find(pred: (r: DlpRecord) => boolean): DlpRecord {
  for (let index = 0; index < 5000; index++) {
    const r = generateRecord({ seed: 77, split: 'train', stream: 0, index });
    if (pred(r)) return r;
  }
  throw new Error('no such record in 5000');
}

describe('checkRecord catches planted errors', () => {
  const withPan = find((r) => r.spans.some((s) => s.type === 'PAN') && r.labels.obfuscation === 'none');
  const pan = withPan.spans.findIndex((s) => s.type === 'PAN');

  it('a generated record is clean, with the detector scan too', () => {
    expect(codes(withPan, true)).toEqual([]);
  });

  it('a shifted span is caught (boundary and type)', () => {
    const r = clone(withPan);
    r.spans[pan]!.start += 1;
    r.spans[pan]!.end += 1;
    expect(codes(r)).toEqual(expect.arrayContaining(['span.boundary', 'span.type', 'planted.unlabelled']));
  });

  it('a span out of the body, an empty span and an overlap are caught', () => {
    const r = clone(withPan);
    r.spans.push({ type: 'PHONE', start: r.spans[pan]!.start, end: r.spans[pan]!.end });
    expect(codes(r)).toContain('span.overlap');
    const out = clone(withPan);
    out.spans[pan]!.end = out.body.length + 5;
    expect(codes(out)).toContain('span.bounds');
    const empty = clone(withPan);
    empty.spans[pan]!.end = empty.spans[pan]!.start;
    expect(codes(empty)).toContain('span.bounds');
  });

  it('a card number labelled as a phone is the wrong type', () => {
    const r = clone(withPan);
    r.spans[pan]!.type = 'PHONE';
    const problems = checkRecord(r, { scan: false });
    expect(problems.map((p) => p.code)).toContain('span.type');
    expect(problems.map((p) => p.message).join('\n')).not.toContain(withPan.body.slice(withPan.spans[pan]!.start, withPan.spans[pan]!.end));
  });

  it('a dropped span is an unlabelled planted value, and the detector finds it', () => {
    const r = clone(withPan);
    r.spans.splice(pan, 1);
    r.meta.obfuscated = [];
    const found = codes(r, true);
    expect(found).toContain('planted.unlabelled');
    expect(found).toContain('detect.unlabelled');
  });

  it('a corrupted value (Luhn broken) is caught', () => {
    const r = clone(withPan);
    const s = r.spans[pan]!;
    const last = r.body[s.end - 1]!;
    r.body = r.body.slice(0, s.end - 1) + String((Number(last) + 1) % 10) + r.body.slice(s.end);
    expect(codes(r)).toContain('span.type');
  });

  it('labels that break the rule set are caught', () => {
    const r = clone(withPan);
    r.labels.sensitivity = 'public';
    expect(codes(r)).toContain('label.rule');
  });

  it('an obfuscated span that does not decode is caught', () => {
    const r = clone(find((x) => x.labels.obfuscation === 'base64'));
    const i = r.meta.obfuscated[0]!;
    const s = r.spans[i]!;
    r.body = r.body.slice(0, s.start) + '!'.repeat(s.end - s.start) + r.body.slice(s.end);
    expect(codes(r)).toContain('span.obfuscation');
  });

  it('bad shapes name the field', () => {
    expect(checkRecord('x')[0]!.code).toBe('record.shape');
    const r = clone(withPan) as unknown as Record<string, unknown>;
    r.channel = 'fax';
    delete r.body;
    const messages = checkRecord(r).map((p) => p.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('channel must be one of'), 'body must be a string']));
  });

  it('thread bounds out of order are caught', () => {
    const r = clone(find((x) => x.thread !== undefined));
    r.thread!.messages[0]!.end = r.body.length + 1;
    expect(codes(r)).toContain('thread.bounds');
  });
});
