import { severityRank, type Finding } from './finding.js';

/** Clusters larger than this are only de-duplicated, so hostile input stays O(n log n). */
const MAX_CLUSTER = 512;

/**
 * Merges findings that describe the same thing: the same rule on overlapping spans (seen in
 * several views), or different detectors on nearly the same span (overlap ≥ 80 % of the
 * union). The strongest (severity, then score, then fewest views) is kept and lists the others.
 * Distinct findings inside a larger one (a URL inside a command) are kept apart. Work is done
 * per cluster of overlapping spans, found by one sweep.
 */
export function mergeFindings(findings: Finding[]): Finding[] {
  const byStart = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  let cluster: Finding[] = [];
  let clusterEnd = -1;
  const flush = () => {
    if (cluster.length > 0) out.push(...(cluster.length > MAX_CLUSTER ? dedupe(cluster) : mergeCluster(cluster)));
    cluster = [];
  };
  for (const finding of byStart) {
    if (finding.start >= clusterEnd) {
      flush();
      clusterEnd = finding.end;
    } else clusterEnd = Math.max(clusterEnd, finding.end);
    cluster.push(finding);
  }
  flush();
  return out.sort((a, b) => a.start - b.start || a.end - b.end || a.detector.localeCompare(b.detector) || a.rule.localeCompare(b.rule));
}

function mergeCluster(findings: Finding[]): Finding[] {
  const kept: Finding[] = [];
  for (const finding of [...findings].sort(compareStrength)) {
    const twin = kept.find((k) => sameThing(k, finding));
    if (!twin) {
      kept.push({ ...finding });
      continue;
    }
    if (twin.rule === finding.rule && twin.detector === finding.detector) continue;
    twin.related ??= [];
    if (!twin.related.some((r) => r.rule === finding.rule)) twin.related.push({ detector: finding.detector, rule: finding.rule, score: finding.score });
  }
  return kept;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const finding of [...findings].sort(compareStrength)) {
    const key = `${finding.detector}\0${finding.rule}\0${finding.start}\0${finding.end}`;
    if (!seen.has(key)) seen.set(key, finding);
  }
  return [...seen.values()];
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
