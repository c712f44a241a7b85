import { severityRank, type Finding } from './finding.js';

/**
 * Merges findings that describe the same thing: the same rule on overlapping spans (seen in
 * several views), or different detectors on nearly the same span (overlap ≥ 80 % of the
 * union). The strongest (severity, then score, then fewest views) is kept and lists the others.
 * Distinct findings inside a larger one (a URL inside a command) are kept apart.
 */
export function mergeFindings(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort(compareStrength);
  const kept: Finding[] = [];
  for (const finding of sorted) {
    const twin = kept.find((k) => sameThing(k, finding));
    if (!twin) {
      kept.push({ ...finding });
      continue;
    }
    if (twin.rule === finding.rule && twin.detector === finding.detector) continue;
    twin.related ??= [];
    if (!twin.related.some((r) => r.rule === finding.rule)) twin.related.push({ detector: finding.detector, rule: finding.rule, score: finding.score });
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end || a.detector.localeCompare(b.detector) || a.rule.localeCompare(b.rule));
}

function compareStrength(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    b.score - a.score ||
    a.views.length - b.views.length ||
    a.start - b.start ||
    a.rule.localeCompare(b.rule)
  );
}

function sameThing(a: Finding, b: Finding): boolean {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (overlap <= 0) return false;
  if (a.rule === b.rule && a.detector === b.detector) return true;
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return overlap / union >= 0.8;
}
