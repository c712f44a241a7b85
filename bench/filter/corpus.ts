import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const WORDS = 'the of and to in is for on that with as by this be are from at or an it was security model data token secret shell command password user response policy guard filter corpus river market harvest letter archive winter'.split(' ');

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

/** `count` distinct invented lower-case terms (one in five has two words), seeded. */
export function makeTerms(count: number, seed = 12345): string[] {
  const rand = lcg(seed);
  const out = new Set<string>();
  while (out.size < count) {
    const len = 5 + Math.floor(rand() * 9);
    let w = '';
    for (let i = 0; i < len; i++) w += String.fromCharCode(97 + Math.floor(rand() * 26));
    out.add(rand() < 0.2 ? `${w} ${String.fromCharCode(97 + Math.floor(rand() * 26))}${w.slice(0, 3)}` : w);
  }
  return [...out];
}

/**
 * Writes about `bytes` of JSONL documents `{id, text, label}` with ~`docChars`-character texts.
 * One document in ten gets 2-3 blocklist terms (escalated), one in ten a single term; labels say
 * which got several. Seeded: every run measures the same data.
 */
export async function writeFilterCorpus(path: string, bytes: number, terms: readonly string[], docChars = 4096, seed = 42): Promise<{ bytes: number; docs: number }> {
  const rand = lcg(seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 22 });
  let written = 0;
  let docs = 0;
  while (written < bytes) {
    let chunk = '';
    for (let k = 0; k < 200; k++) {
      const words: string[] = [];
      let len = 0;
      while (len < docChars) {
        const w = WORDS[Math.floor(rand() * WORDS.length)]!;
        words.push(w);
        len += w.length + 1;
      }
      const roll = rand();
      const inject = roll < 0.1 ? 2 + Math.floor(rand() * 2) : roll < 0.2 ? 1 : 0;
      for (let t = 0; t < inject; t++) words[Math.floor(rand() * words.length)] = terms[Math.floor(rand() * terms.length)]!;
      chunk += JSON.stringify({ id: `doc-${docs}`, text: words.join(' '), label: inject >= 2 ? 1 : 0 }) + '\n';
      docs++;
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return { bytes: written, docs };
}
