/**
 * The dataset card (README.md): counts per split, source and domain, what each filter removed,
 * the near-duplicate clusters, the export formats and the full pipeline config.
 */
import { SPLITS, type AssembleReport } from './types.js';

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function countRows(counts: Record<string, Record<string, number>>): (string | number)[][] {
  return Object.keys(counts)
    .sort()
    .map((key) => [key, ...SPLITS.map((s) => counts[key]![s] ?? 0), SPLITS.reduce((sum, s) => sum + (counts[key]![s] ?? 0), 0)]);
}

/**
 * Renders the card from a finished run's report.
 *
 * @example
 * renderCard(report).startsWith('---'); // true: YAML front matter for the Hugging Face Hub
 */
export function renderCard(report: AssembleReport): string {
  const total = SPLITS.reduce((sum, s) => sum + report.splits[s], 0);
  const out: string[] = [];
  out.push('---', 'language:', '- en', 'task_categories:', '- text-generation', 'tags:', '- cybersecurity', '- instruction-tuning', '---', '');
  out.push('# Cybersecurity instruction dataset', '');
  out.push(`Assembled by \`warden instruct assemble\` from \`${report.input.path}\` (sha256 \`${report.input.sha256.slice(0, 16)}…\`, ${report.input.pairs} pairs): ${total} pairs kept.`, '');
  out.push('## Splits', '', table(['split', 'pairs'], SPLITS.map((s) => [s, report.splits[s]])), '');
  out.push('Splits are grouped by source id: all pairs built from one source record (one CVE, one technique) are in the same split.', '');
  out.push('## Pairs per source', '', table(['source', ...SPLITS, 'total'], countRows(report.bySource)), '');
  out.push('## Pairs per domain', '', 'A pair with several domains counts once in each; `(none)` has no domain.', '', table(['domain', ...SPLITS, 'total'], countRows(report.byDomain)), '');
  out.push('## Filtering', '', table(['step', 'removed'], Object.entries(report.removed).map(([reason, n]) => [reason, n])), '');
  out.push(`Near-duplicate clusters: ${report.nearDuplicates.clusters} (largest ${report.nearDuplicates.largest}); each kept its earliest member. Details in \`clusters.jsonl\`.`, '');
  if (report.decontamination.files.length > 0) {
    out.push('Decontamination (13-gram overlap on word tokens) against:', '', table(['evaluation file', 'pairs removed'], report.decontamination.files.map((f) => [f.path, f.removed])), '');
  }
  out.push('Every removed pair is listed by id and reason in `removed.jsonl` (no text).', '');
  out.push('## Formats', '', ...report.formats.map((f) => `- \`${f}\``), '');
  out.push('## Pipeline config', '', '```json', JSON.stringify(report.config, null, 2), '```', '');
  return out.join('\n');
}
