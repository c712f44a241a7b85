/**
 * How many aligned pairs a run makes, and the pairs themselves. Pair `i` of a seed depends
 * only on (seed, i): a larger ratio adds pairs and never changes the earlier ones, and the
 * category of pair i is `i mod 5` (over a seeded order of the five), so any count is balanced
 * to within one pair per category.
 */
import { WardenError } from '../../../core/errors.js';
import { hashString } from '../../../text/hash32.js';
import { makeDraw } from './compose.js';
import { ALIGN_TEMPLATES } from './templates/index.js';
import { ALIGN_CATEGORIES, type AlignCategory, type AlignedPair, type AlignType, type RiskFlag } from './types.js';

/** Most aligned pairs one run generates (bounds memory and output size). */
export const MAX_ALIGNED = 1_000_000;

/**
 * Aligned pairs needed so that they are `ratio` of the output: round(n × ratio / (1 − ratio)).
 *
 * @example
 * alignedCount(945, 0.2); // 236 (236 of 1181 is 20.0%)
 * alignedCount(10, 0);    // 0
 */
export function alignedCount(inputPairs: number, ratio: number): number {
  if (!Number.isFinite(ratio) || ratio < 0 || ratio >= 1) throw new WardenError('W_USAGE', `--ratio must be a number from 0 up to (not including) 1 (got ${ratio})`);
  if (!Number.isInteger(inputPairs) || inputPairs < 0) throw new WardenError('W_USAGE', `input pair count must be a non-negative integer (got ${inputPairs})`);
  // The epsilon keeps exact halves (e.g. 0.5 from float error 0.49999...) rounding up.
  const count = Math.round((inputPairs * ratio) / (1 - ratio) + 1e-9);
  if (count > MAX_ALIGNED) throw new WardenError('W_USAGE', `--ratio ${ratio} over ${inputPairs} pairs asks for ${count} aligned pairs (at most ${MAX_ALIGNED}); lower --ratio or split the input`);
  return count;
}

/** Refusals make three in five pairs of a category, defensive guidance two. */
function typeOf(slot: number): AlignType {
  return slot % 5 < 3 ? 'refusal' : 'defensive-guidance';
}

/** The five categories in an order fixed by the seed. */
function categoryOrder(seed: number): AlignCategory[] {
  return makeDraw(hashString('align:categories', seed)).some(ALIGN_CATEGORIES, ALIGN_CATEGORIES.length);
}

/** The classify stage's domain of a category, where one fits (its list has no social-engineering, compliance or prompt-injection domain). */
const CATEGORY_DOMAINS: Partial<Record<AlignCategory, string>> = { phishing: 'phishing', malware: 'malware' };

/**
 * The i-th aligned pair for a seed: category, type and template by position, text by a draw
 * seeded from (seed, i).
 *
 * @example
 * alignedPair(42, 0).metadata; // { source: 'align', kind: 'alignment', category: ..., type: 'refusal', risk_flags: [...], ... }
 */
export function alignedPair(seed: number, index: number, order: readonly AlignCategory[] = categoryOrder(seed)): AlignedPair {
  const category = order[index % order.length]!;
  const slot = Math.floor(index / order.length);
  const type = typeOf(slot);
  const candidates = ALIGN_TEMPLATES[category].filter((t) => t.type === type);
  // Templates of a type take turns (the slot counts this type's earlier pairs), offset by seed.
  const turn = type === 'refusal' ? Math.floor(slot / 5) * 3 + (slot % 5) : Math.floor(slot / 5) * 2 + (slot % 5) - 3;
  const template = candidates[(turn + (seed % candidates.length)) % candidates.length]!;
  const rendered = template.render(makeDraw(hashString(`align:${index}`, seed)));
  const flags = new Set<RiskFlag>([...template.riskFlags, ...(rendered.flags ?? [])]);
  const id = `align:${seed}:${index}`;
  return {
    id,
    instruction: rendered.instruction,
    response: rendered.response,
    metadata: {
      source: 'align',
      kind: 'alignment',
      source_ids: [id],
      category,
      type,
      risk_flags: [...flags].sort(),
      ...(CATEGORY_DOMAINS[category] ? { domains: [CATEGORY_DOMAINS[category]] } : {}),
      aligned: true,
      template: template.id,
      seed,
    },
  };
}

/**
 * Aligned pairs 0..count-1 for a seed.
 *
 * @example
 * generateAligned(42, 10).map((p) => p.metadata.category); // every category twice
 */
export function generateAligned(seed: number, count: number): AlignedPair[] {
  const order = categoryOrder(seed);
  return Array.from({ length: count }, (_, i) => alignedPair(seed, i, order));
}
