import { createRequire } from 'node:module';

/**
 * Unicode TR39 confusables (confusables.txt, via the MIT-licensed `unhomoglyph` package's
 * data.json), reduced to what detection needs: a non-ASCII char that looks like ASCII maps to
 * that ASCII text (Cyrillic 'а' → 'a', Greek 'Ο' → 'O'). ASCII itself is never rewritten, so
 * '0', '1' and 'm' stay what they are.
 */
const skeleton: Map<number, string> = (() => {
  const require = createRequire(import.meta.url);
  const data = require('unhomoglyph/data.json') as Record<string, string>;
  const map = new Map<number, string>();
  for (const [from, to] of Object.entries(data)) {
    const cp = from.codePointAt(0)!;
    if (cp < 0x80 || from.length > 2) continue;
     
    if (/^[\x20-\x7e]+$/.test(to)) map.set(cp, to);
  }
  return map;
})();

/** The ASCII look-alike of a code point, if it has one. */
export function asciiLookalike(codePoint: number): string | undefined {
  return skeleton.get(codePoint);
}

export const CONFUSABLE_COUNT = skeleton.size;
