import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../test/helpers.js';
import { scan } from '../scanner.js';
import { createBlocklistDetector, loadBlocklist } from './index.js';

let dir: string;
useTempDir((path) => (dir = path));

describe('blocklist detector', () => {
  const ctx = { present: new Set<string>(), view: 'original' };

  it('flags a text only at the distinct-term threshold, one finding per distinct term', () => {
    const detector = createBlocklistDetector(['Anthrax', 'sarin', 'ricin']);
    expect(detector.detect('anthrax anthrax ANTHRAX', ctx)).toEqual([]);
    const found = detector.detect('Anthrax, then sarin, then anthrax again', ctx);
    expect(found.map((f) => [f.start, f.end])).toEqual([[0, 7], [14, 19]]);
    expect(found[0]!.message).toContain('2 distinct terms');
    expect(createBlocklistDetector(['sarin'], { threshold: 1 }).detect('SARIN', ctx)).toHaveLength(1);
  });

  it('honours word boundaries', () => {
    const detector = createBlocklistDetector(['ricin', 'abrin'], { wordBoundaries: true });
    expect(detector.detect('cabrini ricinoleic', ctx)).toEqual([]);
    expect(detector.detect('ricin or abrin', ctx)).toHaveLength(2);
  });

  it('works through the scanner, also on obfuscated text', () => {
    const detectors = [createBlocklistDetector(['sarin', 'tabun'])];
    const text = 'notes on s\u200barin and tаbun';
    const { findings } = scan(text, { detectors });
    expect(findings.map((f) => text.slice(f.start, f.end))).toEqual(['s\u200barin', 'tаbun']);
    expect(findings[0]!.views).toEqual(['invisible']);
  });

  it('loads term files with comments and reports a missing one', async () => {
    await writeFile(join(dir, 'terms.txt'), '# hazards\nsarin\n\n  tabun  \r\n');
    expect(await loadBlocklist(join(dir, 'terms.txt'))).toEqual(['sarin', 'tabun']);
    expect((await expectWardenError(loadBlocklist(join(dir, 'nope.txt')))).code).toBe('W_IO_NOT_FOUND');
  });
});
