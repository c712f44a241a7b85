import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectDetectors } from '../src/detect/detectors.js';
import { scan } from '../src/detect/scanner.js';
import { AhoCorasick } from '../src/text/aho-corasick.js';
import { makeResponse } from './responses.js';
import { TMP_DIR, mbps, saveResult, timeCommand } from './util.js';

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

/** Full scanner: throughput and latency on 4 KB responses, and time against input size. */
export async function scanSuite(): Promise<void> {
  const detectors = selectDetectors();
  const responses = Array.from({ length: 5000 }, (_, i) => makeResponse(i + 1, 4096));
  const bytes = responses.reduce((n, r) => n + Buffer.byteLength(r), 0);
  // Round 1 is cold (V8 still tiering up the detectors); a service runs warm, so the target is
  // judged on the median of the warm rounds, and the cold round is reported beside it.
  const rounds: { mb_per_s: number; latencies: number[]; findings: number }[] = [];
  for (let pass = 0; pass < 5; pass++) {
    const latencies: number[] = [];
    let findings = 0;
    const started = performance.now();
    for (const r of responses) {
      const t = performance.now();
      findings += scan(r, { detectors }).findings.length;
      latencies.push(performance.now() - t);
    }
    rounds.push({ mb_per_s: mbps(bytes, (performance.now() - started) / 1000), latencies, findings });
  }
  const warm = rounds.slice(2);
  const median = [...warm].sort((a, b) => a.mb_per_s - b.mb_per_s)[1]!;
  const all = warm.flatMap((r) => r.latencies);
  const latency = { p50_ms: round(percentile(all, 0.5)), p90_ms: round(percentile(all, 0.9)), p99_ms: round(percentile(all, 0.99)), max_ms: round(Math.max(...all)) };
  const cold = { mb_per_s: rounds[0]!.mb_per_s, p99_ms: round(percentile(rounds[0]!.latencies, 0.99)) };
  const findings = median.findings;
  console.log(`scan: ${responses.length} responses of 4 KB, warm: ${median.mb_per_s} MB/s (median of 3 rounds), p50 ${latency.p50_ms} ms, p99 ${latency.p99_ms} ms, ${findings} findings; cold first round ${cold.mb_per_s} MB/s, p99 ${cold.p99_ms} ms`);

  const curve: { chars: number; ms: number; mb_per_s: number }[] = [];
  for (const size of [1_000, 10_000, 100_000, 1_000_000, 10_000_000]) {
    const text = makeResponse(99, size);
    const runs = size >= 1_000_000 ? 3 : 20;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      scan(text, { detectors, timeBudgetMs: 60_000 });
      times.push(performance.now() - t);
    }
    const ms = percentile(times, 0.5);
    curve.push({ chars: size, ms: round(ms), mb_per_s: mbps(Buffer.byteLength(text), ms / 1000) });
    console.log(`  ${String(size).padStart(9)} chars: ${round(ms)} ms (${mbps(Buffer.byteLength(text), ms / 1000)} MB/s)`);
  }
  console.log(`  → ${await saveResult('scan', { responses: responses.length, response_chars: 4096, rounds: rounds.map((r) => r.mb_per_s), mb_per_s: median.mb_per_s, latency, cold, findings, curve })}`);
}

/** Blocklist-only matching with 10,000 terms over >= 1 GB, next to ripgrep on the same file. */
export async function blocklistSuite(gb: number): Promise<void> {
  const terms = makeTerms(10_000);
  const termsFile = join(TMP_DIR, 'terms.txt');
  await writeFile(termsFile, terms.join('\n') + '\n');
  const corpus = join(TMP_DIR, `text-${gb}gb.txt`);
  if (!existsSync(corpus)) await writeText(corpus, gb * 1e9, terms);
  const bytes = statSync(corpus).size;
  // The load-time target: 100,000 terms, cold (the first automaton this process builds).
  const large = makeTerms(100_000);
  const largeStarted = performance.now();
  new AhoCorasick(large);
  const build100kMs = Math.round(performance.now() - largeStarted);
  const built = performance.now();
  const ac = new AhoCorasick(terms);
  const buildMs = performance.now() - built;
  const started = performance.now();
  let matches = 0;
  for await (const chunk of createReadStream(corpus, { highWaterMark: 4 << 20 })) ac.scan(chunk as Buffer, () => matches++);
  const wardenSeconds = (performance.now() - started) / 1000;
  const rg = await timeCommand('rg', ['-F', '-i', '-c', '-f', termsFile, corpus]);
  const result = {
    input_gb: round(bytes / 1e9),
    terms: terms.length,
    warden: { mb_per_s: mbps(bytes, wardenSeconds), seconds: round(wardenSeconds), build_ms: Math.round(buildMs), build_100k_terms_ms: build100kMs, matches },
    ripgrep: { mb_per_s: mbps(bytes, rg.seconds), seconds: round(rg.seconds), matching_lines: Number(rg.stdout.trim()) },
    ratio: round(rg.seconds / wardenSeconds),
  };
  console.log(`  100,000 terms built in ${build100kMs} ms`);
  console.log(`blocklist: ${terms.length} terms over ${result.input_gb} GB: warden ${result.warden.mb_per_s} MB/s, ripgrep ${result.ripgrep.mb_per_s} MB/s → ${result.ratio}x of ripgrep`);
  console.log(`  → ${await saveResult('blocklist', result)}`);
}

function makeTerms(count: number): string[] {
  let s = 12345;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const out = new Set<string>();
  while (out.size < count) {
    const len = 5 + Math.floor(rand() * 9);
    let w = '';
    for (let i = 0; i < len; i++) w += String.fromCharCode(97 + Math.floor(rand() * 26));
    out.add(rand() < 0.2 ? `${w} ${String.fromCharCode(97 + Math.floor(rand() * 26))}${w.slice(0, 3)}` : w);
  }
  return [...out];
}

async function writeText(path: string, bytes: number, terms: string[]): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 4 << 20 });
  let written = 0;
  let i = 0;
  while (written < bytes) {
    let chunk = '';
    for (let k = 0; k < 2000; k++) {
      chunk += makeResponse(i++, 600).replace(/\n/g, ' ');
      if (i % 50 === 0) chunk += ` ${terms[i % terms.length]}`;
      chunk += '\n';
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
