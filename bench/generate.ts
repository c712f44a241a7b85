import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const WORDS = 'the of and to in is for on that with as by this be are from at or an it was security model data token secret shell command password user response policy guard filter corpus'.split(' ');

/**
 * Writes `bytes` of LLM-corpus-like JSONL: {id, text, source, meta}; texts of 200-4000 chars
 * from a seeded generator, so every run measures the same data.
 */
export async function generateJsonl(path: string, bytes: number, seed = 42): Promise<{ bytes: number; rows: number }> {
  let state = seed >>> 0;
  const rand = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 0x100000000;
  };
  const out = createWriteStream(path, { highWaterMark: 1 << 22 });
  let written = 0;
  let rows = 0;
  while (written < bytes) {
    let chunk = '';
    for (let k = 0; k < 500; k++) {
      const n = 30 + Math.floor(rand() * 600);
      let text = '';
      for (let w = 0; w < n; w++) text += WORDS[Math.floor(rand() * WORDS.length)] + (rand() < 0.05 ? '.\n' : ' ');
      chunk += JSON.stringify({ id: `doc-${rows}`, text, source: rand() < 0.5 ? 'web' : 'code', meta: { lang: 'en', score: Math.round(rand() * 1000) / 1000 } }) + '\n';
      rows++;
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return { bytes: written, rows };
}
