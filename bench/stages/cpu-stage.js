// A CPU-bound stand-in for a model stage, in plain JS so the compiled CLI (and its worker
// threads) load it without a TypeScript loader: 5-gram shingles of the text hashed into a
// 64-slot MinHash-like signature. Real work per character, no I/O.
import { createHash } from 'node:crypto';
import { MapStage } from '../../dist/pipeline/stage.js';

class ShingleSignatureStage extends MapStage {
  name = 'shingle-signature';

  map(record) {
    const text = String(record.text ?? '');
    const signature = new Uint32Array(64).fill(0xffffffff);
    for (let i = 0; i + 5 <= text.length; i += 1) {
      let h = 2166136261;
      for (let j = i; j < i + 5; j++) h = Math.imul(h ^ text.charCodeAt(j), 16777619);
      for (let s = 0; s < 64; s++) {
        const v = (Math.imul(h ^ (s * 0x9e3779b9), 0x85ebca6b) ^ (h >>> 13)) >>> 0;
        if (v < signature[s]) signature[s] = v;
      }
    }
    record.signature = createHash('sha1').update(signature).digest('hex');
    return record;
  }
}

export function createCpuStage() {
  return new ShingleSignatureStage();
}
