import type { Issue, ValidateReport } from './validate.js';

export interface FormatOptions {
  /** Issue lines shown per issue code before "… and N more"; JSON output always has all. */
  perCode?: number;
  /** Skewed words shown. */
  skewWords?: number;
}

/**
 * Human-readable validate report: issues (`file:line  SEVERITY  code  message`), label
 * distribution per file and in total, keyword skew, and a one-line summary.
 *
 * @example
 * process.stdout.write(formatValidateText(await validateFiles(['gen/a.jsonl'])));
 */
export function formatValidateText(report: ValidateReport, options: FormatOptions = {}): string {
  const perCode = options.perCode ?? 20;
  const lines: string[] = [];
  const shown = new Map<string, number>();
  for (const issue of report.issues) {
    const n = (shown.get(issue.code) ?? 0) + 1;
    shown.set(issue.code, n);
    if (n <= perCode) lines.push(issueLine(issue));
  }
  for (const [code, n] of shown) if (n > perCode) lines.push(`… and ${n - perCode} more ${code} (--format json lists all)`);
  if (lines.length) lines.push('');

  lines.push('labels:');
  const width = Math.max(5, ...report.files.map((f) => f.path.length));
  for (const file of report.files) lines.push(`  ${file.path.padEnd(width)}  ${distribution(file.labels, file.rows)}`);
  if (report.files.length > 1) lines.push(`  ${'total'.padEnd(width)}  ${distribution(report.labels, report.summary.rows)}`);
  if (Object.keys(report.segments).length) lines.push(`segments: ${distribution(report.segments, sum(report.segments))}`);

  const { minCount, threshold } = report.options.skew;
  const rule = `words in ≥${minCount} rows, ≥${Math.round(threshold * 100)}% one label`;
  const skew = report.skew;
  if (skew.note) lines.push(`keyword skew: not checked (${skew.note})`);
  else if (skew.words.length === 0) lines.push(`keyword skew: none (${rule})`);
  else {
    lines.push(`keyword skew (${rule}; each predicts its label by itself):`);
    const limit = options.skewWords ?? 20;
    for (const w of skew.words.slice(0, limit)) {
      lines.push(`  ${JSON.stringify(w.word).padEnd(18)} ${String(w.rows).padStart(5)} rows  ${pct(w.share)} ${w.label} (base ${pct(w.baseShare)})`);
    }
    if (skew.words.length > limit) lines.push(`  … and ${skew.words.length - limit} more (--format json lists all)`);
  }
  if (skew.skippedLabels.length) lines.push(`  (not judged for ${skew.skippedLabels.join(', ')}: already ≥${Math.round(threshold * 100)}% of all rows)`);

  for (const note of report.notes) lines.push(`note: ${note}`);
  const s = report.summary;
  let tail = `${s.errors} error(s), ${s.warnings} warning(s) in ${s.rows} row(s) from ${s.files} file(s)`;
  const backups = report.files.filter((f) => f.backup);
  if (backups.length) tail += `; removed ${s.fixed} artefact(s), originals kept as ${backups.map((f) => f.backup).join(', ')}`;
  else {
    const fixable = report.issues.filter((i) => i.code.startsWith('artefact.')).length;
    if (fixable) tail += `; ${fixable} artefact(s) can be stripped with --fix`;
  }
  lines.push('', tail);
  return lines.join('\n') + '\n';
}

/**
 * The validate report as pretty JSON: the same content as the text form, every issue listed.
 *
 * @example
 * JSON.parse(formatValidateJson(report)).summary.errors;
 */
export function formatValidateJson(report: ValidateReport): string {
  const issues = report.issues.map((i) => ({ where: `${i.file}:${i.line}`, ...i }));
  return JSON.stringify({ ...report, issues }, null, 2) + '\n';
}

function issueLine(issue: Issue): string {
  const severity = issue.severity === 'warning' ? 'WARN' : issue.severity.toUpperCase();
  return `${issue.file}:${issue.line}  ${severity.padEnd(5)} ${issue.code}  ${issue.message}`;
}

function distribution(counts: Record<string, number>, total: number): string {
  const parts = Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([label, n]) => `${label} ${n} (${pct(total ? n / total : 0)})`);
  return `${total} row(s)${parts.length ? ': ' + parts.join(', ') : ''}`;
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
