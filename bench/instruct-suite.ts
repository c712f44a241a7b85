/**
 * Near-duplicate detection of `warden instruct assemble` at scale. Target: 1,000,000 short
 * records in <= 10 minutes on 2 cores with <= 4 GB RAM.
 *
 * A child process (this file with `child`) generates 1,000,000 seeded short records (28-40
 * words from a 3,000-word vocabulary plus English function words) of which 5% are planted
 * near-duplicates of an earlier record: half "light" edits (case, punctuation, one word added
 * or dropped at the end), half "substitution" edits (one word replaced at a random place).
 * It runs the assemble stage's near-duplicate step (MinHash LSH with the stage defaults: 3-word shingles, 16 bands x
 * 8 rows, Jaccard >= 0.7) and reports planted-pair recall per edit kind and how many clusters
 * hold a record that was not planted as a copy of its representative (spurious merges). The
 * parent times the child under /usr/bin/time for peak RSS.
 *
 * `npm run bench -- --only instruct`, or alone: `npx tsx -e "import('./bench/instruct-suite.ts').then(m => m.instructSuite())"`.
 */
import { fileURLToPath } from 'node:url';
import { nearDuplicateClusters, DEFAULT_NEAR_DUP } from '../src/apps/instruct/assemble/near-dup.js';
import { seededRandom } from '../src/text/random.js';
import { saveResult, timeCommand } from './util.js';

const FUNCTION_WORDS = 'the a of to in and is for on with by that this from an be as at or which can'.split(' ');

interface Planted {
  texts: string[];
  /** For a planted copy: index of its original; -1 otherwise. */
  origin: Int32Array;
  kind: Uint8Array;
}

function syllableWord(rand: () => number): string {
  const parts = ['ka', 'ro', 'mi', 'te', 'su', 'na', 'vo', 'li', 'pe', 'da', 'zu', 'xo', 'ri', 'ba', 'ne', 'fo'];
  let word = '';
  const n = 2 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) word += parts[Math.floor(rand() * parts.length)];
  return word;
}

/** Seeded records with 5% planted near-duplicates (kind 1 light, kind 2 substitution). */
export function generatePlanted(count: number, seed: number): Planted {
  const rand = seededRandom(seed);
  const vocab = Array.from({ length: 3000 }, () => syllableWord(rand));
  const pick = (list: readonly string[]) => list[Math.floor(rand() * list.length)]!;
  const texts: string[] = new Array(count);
  const origin = new Int32Array(count).fill(-1);
  const kind = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    if (i > 1000 && rand() < 0.05) {
      const source = Math.floor(rand() * i);
      const original = texts[origin[source]! >= 0 ? origin[source]! : source]!;
      const src = origin[source]! >= 0 ? origin[source]! : source;
      const words = original.split(' ');
      if (rand() < 0.5) {
        if (rand() < 0.5) words.push(pick(vocab));
        else words.pop();
        words[0] = words[0]!.toUpperCase();
        texts[i] = words.join(' ') + '.';
        kind[i] = 1;
      } else {
        words[Math.floor(rand() * words.length)] = pick(vocab);
        texts[i] = words.join(' ');
        kind[i] = 2;
      }
      origin[i] = src;
      continue;
    }
    const length = 28 + Math.floor(rand() * 13);
    const words: string[] = [];
    for (let w = 0; w < length; w++) words.push(rand() < 0.3 ? pick(FUNCTION_WORDS) : pick(vocab));
    texts[i] = words.join(' ');
  }
  return { texts, origin, kind };
}

/** Runs in the child: generate, cluster, score. Prints one JSON line. */
export function runChild(count: number, seed: number): Record<string, unknown> {
  const started = performance.now();
  const data = generatePlanted(count, seed);
  const generated = performance.now();
  const options = { ...DEFAULT_NEAR_DUP };
  const clusters = nearDuplicateClusters(data.texts, options);
  const clustered = performance.now();
  const clusterOf = new Int32Array(count).fill(-1);
  clusters.forEach((cluster, c) => cluster.members.forEach((m) => (clusterOf[m] = c)));
  const planted = [0, 0, 0];
  const found = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    const o = data.origin[i]!;
    if (o < 0) continue;
    planted[data.kind[i]!]!++;
    if (clusterOf[i]! >= 0 && clusterOf[i] === clusterOf[o]) found[data.kind[i]!]!++;
  }
  let spurious = 0;
  for (const cluster of clusters) {
    const root = data.origin[cluster.representative]! >= 0 ? data.origin[cluster.representative]! : cluster.representative;
    if (cluster.members.some((m) => m !== root && data.origin[m] !== root)) spurious++;
  }
  const recall = (k: number) => (planted[k]! > 0 ? Math.round((found[k]! / planted[k]!) * 10000) / 10000 : null);
  return {
    records: count,
    seed,
    config: options,
    generate_seconds: Math.round((generated - started) / 10) / 100,
    near_dup_seconds: Math.round((clustered - generated) / 10) / 100,
    clusters: clusters.length,
    planted: planted[1]! + planted[2]!,
    recall: Math.round(((found[1]! + found[2]!) / (planted[1]! + planted[2]!)) * 10000) / 10000,
    recall_light_edits: recall(1),
    recall_one_word_substitution: recall(2),
    spurious_clusters: spurious,
  };
}

export async function instructSuite(options: { records?: number; seed?: number } = {}): Promise<void> {
  const records = options.records ?? 1_000_000;
  const seed = options.seed ?? 42;
  console.log(`instruct: near-duplicate step over ${records} seeded short records (5% planted)`);
  const timed = await timeCommand(process.execPath, ['--max-old-space-size=3500', '--import', 'tsx', fileURLToPath(import.meta.url), 'child', String(records), String(seed)]);
  const result = JSON.parse(timed.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
  const full = { ...result, process_seconds: Math.round(timed.seconds * 10) / 10, peak_rss_mib: timed.peak_rss_mib, target: '<= 600 s and <= 4096 MiB for 1,000,000 records' };
  console.log(JSON.stringify(full, null, 2));
  console.log(`  saved ${await saveResult('instruct', full)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'child') {
  process.stdout.write(JSON.stringify(runChild(Number(process.argv[3]), Number(process.argv[4]))) + '\n');
}
