import { describe, expect, it } from 'vitest';
import { bodyToDsl, dslToBody, locateBody, serializeDsl } from './dsl.js';
import { generateRecord } from './record.js';

describe('DSL serialiser', () => {
  it('keeps every span of every record recoverable, both ways and from the text alone', () => {
    let spans = 0;
    for (let index = 0; index < 1500; index++) {
      const record = generateRecord({ seed: 3, split: 'val', stream: 1, index });
      const dsl = serializeDsl(record);
      expect(dsl.text.startsWith(`<CHANNEL> ${record.channel}\n<USER> `)).toBe(true);
      for (const tag of ['<RECIPIENT> ', '<SUBJECT> ', '<BODY> ', '<ATTACHMENTS> ', '<LINKS> ', '<META> ']) expect(dsl.text).toContain(tag);
      const located = locateBody(dsl.text)!;
      expect(located.bodyStart).toBe(dsl.bodyStart);
      expect(located.bodyEnd).toBe(dsl.bodyEnd);
      for (const span of record.spans) {
        const start = bodyToDsl(dsl, span.start);
        const end = bodyToDsl(dsl, span.end);
        expect(dsl.text.slice(start, end)).toBe(record.body.slice(span.start, span.end));
        expect(dslToBody(dsl, start)).toBe(span.start);
        expect(dslToBody(dsl, end)).toBe(span.end);
        spans++;
      }
    }
    expect(spans).toBeGreaterThan(1500);
  });

  it('a body that contains the section tags still round-trips', () => {
    const record = generateRecord({ seed: 1, split: 'train', stream: 0, index: 0 });
    const tricky = { ...record, subject: 'line one\nline two', body: `x\n<BODY> y\n<ATTACHMENTS> z ${record.body}`, spans: [] };
    const dsl = serializeDsl(tricky);
    expect(dsl.text.slice(dsl.bodyStart, dsl.bodyEnd)).toBe(tricky.body);
    const located = locateBody(dsl.text)!;
    expect(dsl.text.slice(located.bodyStart, located.bodyEnd)).toBe(tricky.body);
    expect(dsl.text).toContain('<SUBJECT> line one line two\n');
    expect(dslToBody(dsl, 0)).toBeUndefined();
    expect(() => bodyToDsl(dsl, tricky.body.length + 1)).toThrow(RangeError);
  });
});
