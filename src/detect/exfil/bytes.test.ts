import { describe, expect, it } from 'vitest';
import { scan } from '../scanner.js';
import { hexByteLists } from './bytes.js';
import { exfilDetector } from './index.js';

/** Deterministic pseudo-random bytes (xorshift32). */
function bytes(n: number, seed = 11): number[] {
  const out: number[] = [];
  let s = seed;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out.push(s & 255);
  }
  return out;
}
const hex = (b: number) => b.toString(16).padStart(2, '0');
const spans = (text: string) => hexByteLists(text).map((f) => text.slice(f.start, f.end));

describe('hex byte lists', () => {
  it('finds \\xNN strings, also split over C string lines', () => {
    const b = bytes(120);
    const line1 = b.slice(0, 60).map((x) => `\\x${hex(x)}`).join('');
    const line2 = b.slice(60).map((x) => `\\x${hex(x)}`).join('');
    const text = `char shellcode[] =\n  "${line1}"\n  "${line2}";`;
    const [f] = hexByteLists(text);
    expect(f).toMatchObject({ rule: 'exfil.hex-bytes', severity: 'medium' });
    expect(text.slice(f!.start, f!.end)).toBe(`${line1}"\n  "${line2}`);
    expect(f!.message).toContain('120 bytes as \\xNN escapes');
  });

  it('finds 0x arrays and spaced dumps over several lines', () => {
    const b = bytes(96, 5);
    expect(hexByteLists(`byte[] buf = new byte[96] { ${b.map((x) => `0x${hex(x).toUpperCase()}`).join(',')} };`)).toHaveLength(1);
    const rows = [0, 16, 32, 48, 64, 80].map((i) => b.slice(i, i + 16).map(hex).join(' ')).join('\n');
    expect(spans(`Memory:\n${rows}\n`)).toEqual([rows]);
  });

  it('leaves short lists, decimal tables, patterns and lookup tables alone', () => {
    expect(spans(`key = "${bytes(32).map((x) => `\\x${hex(x)}`).join('')}"`)).toEqual([]);
    expect(spans(Array.from({ length: 80 }, (_, i) => String(10 + (i % 89))).join(' '))).toEqual([]);
    expect(spans(`pad: ${'\\x90\\x90\\x41\\x41'.repeat(30)}`)).toEqual([]);
    expect(spans(Array.from({ length: 100 }, (_, i) => `0x${hex((i * 7) % 256)}`).join(', '))).toEqual([]);
    expect(spans('colors: 0xff00ff, 0x00ff00 and a bad cafe fed a dead beef')).toEqual([]);
  });

  it('runs in the exfil detector and survives the scanner', () => {
    const text = `Bytes: ${bytes(200, 3).map(hex).join(' ')}`;
    expect(exfilDetector.detect(text, { present: new Set(), view: 'original' }).map((f) => f.rule)).toEqual(['exfil.hex-bytes']);
    expect(scan(text, { detectors: [exfilDetector] }).findings.map((f) => f.rule)).toContain('exfil.hex-bytes');
  });
});
