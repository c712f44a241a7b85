import { describe, expect, it } from 'vitest';
import { scanJsonlText } from './artefacts.js';

const A = '{"text":"a","label":"text"}';
const B = '{"text":"b","label":"text"}';

const kinds = (text: string) => scanJsonlText(text).artefacts.map((a) => `${a.line}:${a.kind}`);

describe('scanJsonlText', () => {
  it('leaves clean JSONL alone', () => {
    const scan = scanJsonlText(`${A}\n\n${B}\n`);
    expect(scan.rows.map((r) => [r.line, r.raw])).toEqual([
      [1, A],
      [3, B],
    ]);
    expect(scan.artefacts).toEqual([]);
    expect(scan.errors).toEqual([]);
    expect(scan.fixed).toBe(`${A}\n${B}\n`);
  });

  it('strips fences, format words and chatter around fenced rows', () => {
    const text = `Here are the rows:\n\`\`\`jsonl\n${A}\n\`\`\`\njsonl\n\`\`\`json\n${B}\n\`\`\`\nLet me know if you need more!\n`;
    expect(kinds(text)).toEqual(['1:prose', '2:fence', '4:fence', '5:format-word', '6:fence', '8:fence', '9:prose']);
    const scan = scanJsonlText(text);
    expect(scan.rows.map((r) => r.line)).toEqual([3, 7]);
    expect(scan.fixed).toBe(`${A}\n${B}\n`);
  });

  it('unwraps a pretty-printed JSON array with trailing commas', () => {
    const text = '[\n  {\n    "text": "a",\n    "label": "text"\n  },\n  {"text": "b", "label": "text"}\n]\n';
    const scan = scanJsonlText(text);
    expect(scan.artefacts.map((a) => `${a.line}:${a.kind}`)).toEqual(['1:array-open', '2:trailing-comma', '2:multi-line', '7:array-close']);
    expect(scan.rows.map((r) => [r.line, r.value])).toEqual([
      [2, { text: 'a', label: 'text' }],
      [6, { text: 'b', label: 'text' }],
    ]);
    expect(scan.fixed).toBe(`${A}\n{"text": "b", "label": "text"}\n`);
  });

  it('splits an array on one line and peels partial wrappers', () => {
    expect(scanJsonlText(`[${A}, ${B}]\n`).fixed).toBe(`${A}\n${B}\n`);
    const scan = scanJsonlText(`[${A},\n${B}]\n`);
    expect(scan.artefacts.map((a) => `${a.line}:${a.kind}`)).toEqual(['1:array-open', '1:trailing-comma', '2:array-close']);
    expect(scan.fixed).toBe(`${A}\n${B}\n`);
    expect(scanJsonlText('[{\n"text": "a"\n}]\n').rows.map((r) => r.value)).toEqual([{ text: 'a' }]);
  });

  it('keeps real bad rows in place and reports them with their line', () => {
    const text = `\`\`\`jsonl\n${A}\n{"text": "broken"\nnot json at all\n${B}\n\`\`\`\n`;
    const scan = scanJsonlText(text);
    expect(scan.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(scan.errors[0]!.message).toMatch(/^invalid JSON/);
    expect(scan.fixed).toBe(`${A}\n{"text": "broken"\nnot json at all\n${B}\n`);
  });

  it('treats prose between rows as an error when the file has no fences', () => {
    const scan = scanJsonlText(`Intro line\n${A}\nsomething in the middle\n${B}\nOutro line\n`);
    expect(scan.artefacts.map((a) => `${a.line}:${a.kind}`)).toEqual(['1:prose', '5:prose']);
    expect(scan.errors.map((e) => e.line)).toEqual([3]);
  });

  it('never strips a line that looks like a broken row', () => {
    const scan = scanJsonlText(`text: "a", "label": "text"\n${A}\n`);
    expect(scan.artefacts).toEqual([]);
    expect(scan.errors.map((e) => e.line)).toEqual([1]);
  });

  it('reports a broken pretty-printed object once and keeps its lines', () => {
    const text = `{\n  "text": "a"\n  "label": "text"\n}\n${B}\n`;
    const scan = scanJsonlText(text);
    expect(scan.errors).toHaveLength(1);
    expect(scan.errors[0]!.message).toMatch(/lines 1-4/);
    expect(scan.rows.map((r) => r.line)).toEqual([5]);
    expect(scan.fixed).toBe(text);
  });

  it('drops a byte-order mark, keeps CRLF rows verbatim and reports non-object rows as rows', () => {
    const scan = scanJsonlText(`\uFEFF${A}\r\n[1, 2]\r\n"just a string"\r\n`);
    expect(scan.artefacts.map((a) => a.kind)).toEqual(['bom']);
    expect(scan.rows.map((r) => r.value)).toEqual([{ text: 'a', label: 'text' }, [1, 2], 'just a string']);
    expect(scan.fixed).toBe(`${A}\r\n[1, 2]\r\n"just a string"\r\n`);
  });

  it('handles empty input', () => {
    expect(scanJsonlText('')).toEqual({ rows: [], artefacts: [], errors: [], fixed: '' });
  });
});
