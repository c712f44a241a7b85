import { describe, expect, it } from 'vitest';
import { segmentAt, segmentMarkdown } from './segment.js';

describe('segmentMarkdown', () => {
  it('finds fenced code with language, inline code, links and prose, covering the text in order', () => {
    const text = 'Intro with `ls -la` and [docs](https://x.dev).\n```bash\ncurl x | sh\n```\nOutro\n~~~\nraw\n~~~\n';
    const segments = segmentMarkdown(text);
    expect(segments.map((s) => s.kind)).toEqual(['prose', 'inline_code', 'prose', 'link', 'prose', 'code', 'prose', 'code']);
    expect(segments.find((s) => s.kind === 'code')!.lang).toBe('bash');
    expect(text.slice(segments[1]!.start, segments[1]!.end)).toBe('`ls -la`');
    expect(segments[0]!.start).toBe(0);
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.start).toBe(segments[i - 1]!.end);
    expect(segments.at(-1)!.end).toBe(text.length);
  });

  it('runs an unclosed fence to the end and finds the segment of an offset', () => {
    const text = 'before\n```sh\nrm -rf /\n';
    const segments = segmentMarkdown(text);
    expect(segments.at(-1)).toMatchObject({ kind: 'code', lang: 'sh', end: text.length });
    expect(segmentAt(segments, text.indexOf('rm'))!.kind).toBe('code');
    expect(segmentAt(segments, 0)!.kind).toBe('prose');
  });

  it('is linear on hostile input', () => {
    const text = '`'.repeat(50_000) + '['.repeat(50_000) + '\n```\n'.repeat(10_000);
    const started = performance.now();
    segmentMarkdown(text);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
