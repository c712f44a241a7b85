/**
 * Turns evidence into per-domain scores: the same reason counts once (its highest
 * confidence), and independent reasons for one domain combine by noisy-OR,
 * 1 - Π(1 - c), so two 0.6 hints give 0.84 while one weak hint stays weak.
 */
import type { Evidence } from './domains.js';

/** Highest score any domain reaches (a certainty is never claimed from heuristics). */
export const MAX_SCORE = 0.99;

export interface Combined {
  /** Every domain with evidence, score rounded to 4 decimals. */
  scores: Record<string, number>;
  /** Reasons per domain, strongest first. */
  evidence: Record<string, string[]>;
  /** Domains with score >= minConfidence, highest score first (ties by name). */
  domains: string[];
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * Combines evidence into scores, reasons and the kept labels.
 *
 * @example
 * combineEvidence([{ domain: 'web_security', confidence: 0.6, why: 'keyword:xss' }, { domain: 'web_security', confidence: 0.6, why: 'cwe:CWE-79' }], 0.5).scores; // { web_security: 0.84 }
 */
export function combineEvidence(evidence: readonly Evidence[], minConfidence: number): Combined {
  const byDomain = new Map<string, Map<string, number>>();
  for (const e of evidence) {
    if (!(e.confidence > 0)) continue;
    let reasons = byDomain.get(e.domain);
    if (!reasons) byDomain.set(e.domain, (reasons = new Map()));
    reasons.set(e.why, Math.max(reasons.get(e.why) ?? 0, Math.min(1, e.confidence)));
  }
  const scores: Record<string, number> = {};
  const reasonsOut: Record<string, string[]> = {};
  const ranked: [string, number][] = [];
  for (const domain of [...byDomain.keys()].sort()) {
    const reasons = byDomain.get(domain)!;
    let miss = 1;
    for (const c of reasons.values()) miss *= 1 - c;
    const score = round(Math.min(MAX_SCORE, 1 - miss));
    scores[domain] = score;
    reasonsOut[domain] = [...reasons.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([why]) => why);
    ranked.push([domain, score]);
  }
  ranked.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { scores, evidence: reasonsOut, domains: ranked.filter(([, s]) => s >= minConfidence).map(([d]) => d) };
}

/**
 * The pair's review score: geometric mean of the source record's relevance (1 when unknown)
 * and the top domain confidence (0 when no evidence at all).
 *
 * @example
 * reviewScore(0.81, { web_security: 0.9, cryptography: 0.4 }); // 0.8538
 */
export function reviewScore(relevance: number | undefined, scores: Readonly<Record<string, number>>): number {
  const top = Math.max(0, ...Object.values(scores));
  return round(Math.sqrt((relevance ?? 1) * top));
}
