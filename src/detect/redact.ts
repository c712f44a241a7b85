import { z } from 'zod';
import { hashValue, severityRank, type Finding } from './finding.js';

/** Named anonymisation operators (Presidio's anonymizer): each validated, each applied to the ORIGINAL text. */
export const operatorSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mask'), keep: z.number().int().min(0).max(8).default(0), char: z.string().length(1).default('*') }).strict(),
  z.object({ type: z.literal('redact'), label: z.string().min(1).max(64).optional() }).strict(),
  z.object({ type: z.literal('hash'), salt: z.string().optional() }).strict(),
  z.object({ type: z.literal('replace'), with: z.string().max(1000) }).strict(),
  z.object({ type: z.literal('keep') }).strict(),
]);
export type Operator = z.output<typeof operatorSchema>;

export interface Applied {
  start: number;
  end: number;
  operator: Operator['type'];
  rule: string;
}

/** Validates operator options (throws a zod error naming the field). */
export function parseOperator(input: unknown): Operator {
  return operatorSchema.parse(input);
}

/**
 * Applies operators to the original text. Overlapping findings are resolved first (their spans
 * join; the stronger finding's operator wins; `keep` loses to any other), then replacements run
 * right to left so every offset stays valid.
 *
 * @example
 * redact('key AKIA...', findings, () => ({ type: 'redact' })).text; // 'key [REDACTED:cloud]'
 */
export function redact(text: string, findings: readonly Finding[], choose: (finding: Finding) => Operator): { text: string; applied: Applied[] } {
  type Span = { start: number; end: number; finding: Finding; operator: Operator };
  const spans: Span[] = [...findings]
    .map((finding) => ({ start: finding.start, end: finding.end, finding, operator: choose(finding) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const resolved: Span[] = [];
  for (const span of spans) {
    const last = resolved[resolved.length - 1];
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if (stronger(span, last)) {
        last.finding = span.finding;
        last.operator = span.operator;
      }
      continue;
    }
    resolved.push({ ...span });
  }
  let out = text;
  const applied: Applied[] = [];
  for (let i = resolved.length - 1; i >= 0; i--) {
    const { start, end, finding, operator } = resolved[i]!;
    if (operator.type === 'keep') continue;
    out = out.slice(0, start) + replacement(text.slice(start, end), finding, operator) + out.slice(end);
    applied.unshift({ start, end, operator: operator.type, rule: finding.rule });
  }
  return { text: out, applied };
}

function stronger(a: { finding: Finding; operator: Operator }, b: { finding: Finding; operator: Operator }): boolean {
  if (b.operator.type === 'keep' && a.operator.type !== 'keep') return true;
  if (a.operator.type === 'keep') return false;
  return severityRank(a.finding.severity) > severityRank(b.finding.severity) || (a.finding.severity === b.finding.severity && a.finding.score > b.finding.score);
}

function replacement(value: string, finding: Finding, operator: Operator): string {
  switch (operator.type) {
    case 'mask': {
      const chars = [...value];
      const keep = Math.min(operator.keep, Math.floor(chars.length / 4));
      return chars.map((c, i) => (i < keep || i >= chars.length - keep || /\s/.test(c) ? c : operator.char)).join('');
    }
    case 'redact':
      return `[REDACTED:${operator.label ?? finding.category}]`;
    case 'hash':
      return `[HASH:${hashValue(value, operator.salt).slice(0, 16)}]`;
    case 'replace':
      return operator.with;
    case 'keep':
      return value;
  }
}
