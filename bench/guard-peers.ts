import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpenRedaction } from '@openredaction/openredaction';
import { lintSource } from '@secretlint/core';
import { creator as secretlintRecommend } from '@secretlint/secretlint-rule-preset-recommend';
import { defaultGuardConfig } from '../src/apps/guard/config.js';
import { GuardEngine } from '../src/apps/guard/engine.js';
import { selectDetectors } from '../src/detect/detectors.js';
import { scan } from '../src/detect/scanner.js';

const EVAL_DIR = join(import.meta.dirname, '..', 'eval', 'data');
const DATASETS = ['secrets', 'pii', 'commands', 'urls', 'exfil'] as const;

interface EvalRow {
  id: string;
  text: string;
  /** Rule ids the text must trigger; empty or absent for a negative. */
  expect?: string[];
}

export interface PeerTool {
  name: string;
  /** Number of findings the tool reports for a text. */
  find(text: string): Promise<number> | number;
}

export interface ToolResult {
  name: string;
  latency_ms: { p50: number; p99: number; mean: number };
  /** Per data set: share of positive texts flagged (recall) and of negative texts flagged (false-positive rate). */
  datasets: Record<string, { positives: number; flagged_positives: number; recall: number; negatives: number; flagged_negatives: number; fp_rate: number }>;
}

export async function loadEvalRows(): Promise<{ dataset: string; row: EvalRow }[]> {
  const out: { dataset: string; row: EvalRow }[] = [];
  for (const dataset of DATASETS) {
    const lines = (await readFile(join(EVAL_DIR, `${dataset}.jsonl`), 'utf8')).split('\n').filter(Boolean);
    for (const line of lines) out.push({ dataset, row: JSON.parse(line) as EvalRow });
  }
  return out;
}

/** secretlint with its recommended preset, in-process, the way its Node API is meant to be used. */
export function secretlintTool(): PeerTool {
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: secretlintRecommend }] };
  return {
    name: 'secretlint (preset-recommend)',
    async find(text) {
      const result = await lintSource({ source: { content: text, filePath: 'response.txt', ext: '.txt', contentType: 'text' }, options: { config, maskSecrets: true, noPhysicFilePath: true } });
      return result.messages.length;
    },
  };
}

/** OpenRedaction with its defaults (PII patterns, names and addresses included). */
export function openRedactionTool(): PeerTool {
  const shield = new OpenRedaction();
  return { name: 'openredaction (defaults)', find: (text) => shield.detect(text).detections.length };
}

/**
 * Warden's guard engine in-process, default policy, shipped pre-classifier: a text is flagged
 * when the decision has a finding whose action is not `allow` (the findings the guard acts on or
 * reports; under the default policy, with no allowlist, that is every finding).
 */
export async function wardenGuardTool(): Promise<PeerTool> {
  const engine = await GuardEngine.create({ config: defaultGuardConfig() });
  return {
    name: 'warden guard engine (default policy)',
    find: (text) => engine.guard(text).decision.findings.filter((f) => f.action !== 'allow').length,
  };
}

/** Warden's scanner alone: every detector, no policy, no pre-classifier, no rendering. */
export function wardenScanTool(): PeerTool {
  const detectors = selectDetectors();
  return { name: 'warden scan-only (detectors, no policy)', find: (text) => scan(text, { detectors }).findings.length };
}

/** Latency of each tool on the given texts (one at a time, after one warm-up pass) and how many it flags. */
export async function timeTools(tools: readonly PeerTool[], texts: readonly string[], rounds = 3): Promise<{ name: string; latency_ms: ToolResult['latency_ms']; flagged: number; texts: number }[]> {
  const out: { name: string; latency_ms: ToolResult['latency_ms']; flagged: number; texts: number }[] = [];
  for (const tool of tools) {
    for (const text of texts) await tool.find(text);
    const latencies: number[] = [];
    let flagged = 0;
    for (let round = 0; round < rounds; round++) {
      for (const text of texts) {
        const started = performance.now();
        const found = await tool.find(text);
        latencies.push(performance.now() - started);
        if (round === 0 && found > 0) flagged++;
      }
    }
    out.push({ name: tool.name, latency_ms: latencySummary(latencies), flagged, texts: texts.length });
  }
  return out;
}

/**
 * Runs each tool over every evaluation text, one at a time (as a guard would), after a warm-up
 * pass: latency percentiles, and what each flags per data set.
 */
export async function compareTools(tools: readonly PeerTool[], rows: readonly { dataset: string; row: EvalRow }[]): Promise<ToolResult[]> {
  const results: ToolResult[] = [];
  for (const tool of tools) {
    // Warm-up on every fourth text across all data sets, so each tool's code paths are compiled.
    for (let i = 0; i < rows.length; i += 4) await tool.find(rows[i]!.row.text);
    const latencies: number[] = [];
    const datasets: ToolResult['datasets'] = {};
    for (const { dataset, row } of rows) {
      const started = performance.now();
      const found = await tool.find(row.text);
      latencies.push(performance.now() - started);
      const d = (datasets[dataset] ??= { positives: 0, flagged_positives: 0, recall: 0, negatives: 0, flagged_negatives: 0, fp_rate: 0 });
      if (row.expect && row.expect.length > 0) {
        d.positives++;
        if (found > 0) d.flagged_positives++;
      } else {
        d.negatives++;
        if (found > 0) d.flagged_negatives++;
      }
    }
    for (const d of Object.values(datasets)) {
      d.recall = ratio(d.flagged_positives, d.positives);
      d.fp_rate = ratio(d.flagged_negatives, d.negatives);
    }
    results.push({ name: tool.name, latency_ms: latencySummary(latencies), datasets });
  }
  return results;
}

function latencySummary(latencies: number[]): ToolResult['latency_ms'] {
  const sorted = [...latencies].sort((a, b) => a - b);
  const pick = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!);
  return { p50: pick(0.5), p99: pick(0.99), mean: round(sorted.reduce((s, x) => s + x, 0) / sorted.length) };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : Math.round((a / b) * 1000) / 1000;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
