import { writeFileAtomic } from '../../core/atomic.js';
import { scanJsonlText, type ArtefactKind } from './artefacts.js';
import { codeEvidence } from './code.js';
import { findDuplicates, MAX_NEAR_PAIRS } from './duplicates.js';
import { freeBackupPath, readInput } from './files.js';
import { checkRow, DEFAULT_SCHEMA, type DatasetSchema, type FieldProblem } from './schema.js';
import { labelSkew, type SkewOptions, type SkewReport } from './skew.js';

export type Severity = 'error' | 'warning' | 'fixed';

export type IssueCode =
  | 'parse'
  | `artefact.${ArtefactKind}`
  | FieldProblem['code']
  | 'label.expected'
  | 'segment.mismatch'
  | 'duplicate.exact'
  | 'duplicate.conflict'
  | 'duplicate.near';

export interface Issue {
  severity: Severity;
  code: IssueCode;
  file: string;
  line: number;
  message: string;
  /** The other row of a duplicate pair, as file:line. */
  related?: string;
}

export interface FileReport {
  path: string;
  rows: number;
  labels: Record<string, number>;
  artefacts: number;
  /** Set when --fix rewrote the file; the original is at `backup`. */
  backup?: string;
}

export interface ValidateReport {
  files: FileReport[];
  issues: Issue[];
  labels: Record<string, number>;
  segments: Record<string, number>;
  skew: SkewReport;
  /** Limits the checks ran into, said plainly so a short report is not mistaken for a clean one. */
  notes: string[];
  options: { nearDup: number | undefined; skew: SkewOptions; expectLabel: string | undefined };
  summary: { files: number; rows: number; errors: number; warnings: number; fixed: number };
}

export interface ValidateOptions {
  schema?: DatasetSchema;
  /** Every row must carry this label (files generated for one label). */
  expectLabel?: string | undefined;
  /** Jaccard threshold for near duplicates; undefined or 0 turns the check off. Default 0.85. */
  nearDup?: number | undefined;
  skew?: SkewOptions;
  /** Strip artefact lines and rewrite the file atomically, keeping a .bak copy of the original. */
  fix?: boolean;
}

export const DEFAULT_NEAR_DUP = 0.85;
export const DEFAULT_SKEW: SkewOptions = { minCount: 20, threshold: 0.9 };

interface TextRow {
  file: string;
  line: number;
  text: string;
  label: unknown;
}

/**
 * Checks prompt-generated JSONL files: parse errors and LLM artefacts (fixable), schema fields,
 * an expected label, segment_type against code in the text (warnings), exact and near
 * duplicates across all files, label distribution and per-word label skew. With `fix`,
 * artefact lines are stripped and each changed file is rewritten in place atomically after
 * its original is copied to a `.bak` name; bad rows are never removed.
 *
 * @example
 * const report = await validateFiles(['gen/educational.jsonl'], { expectLabel: 'educational' });
 * if (report.summary.errors > 0) process.exitCode = 1;
 */
export async function validateFiles(paths: readonly string[], options: ValidateOptions = {}): Promise<ValidateReport> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const nearDup = options.nearDup === undefined ? DEFAULT_NEAR_DUP : options.nearDup > 0 ? options.nearDup : undefined;
  const skewOptions = options.skew ?? DEFAULT_SKEW;
  const checkSegments = schema.segmentField !== undefined && schema.segmentTypes.includes('code') && schema.segmentTypes.includes('text');
  const issues: Issue[] = [];
  const files: FileReport[] = [];
  const texts: TextRow[] = [];
  // Configured labels start at 0 so a class the generator never produced shows up.
  const labels: Record<string, number> = Object.fromEntries(schema.labels.map((l) => [l, 0]));
  const segments: Record<string, number> = {};

  for (const path of paths) {
    const bytes = await readInput(path);
    const scan = scanJsonlText(bytes.toString('utf8'));
    const file: FileReport = { path, rows: scan.rows.length, labels: {}, artefacts: scan.artefacts.length };
    const fix = (options.fix ?? false) && scan.artefacts.length > 0;
    if (fix) {
      file.backup = freeBackupPath(path);
      await writeFileAtomic(file.backup, bytes);
      await writeFileAtomic(path, scan.fixed);
    }
    for (const a of scan.artefacts) {
      const message = fix ? `${a.message} (removed)` : `${a.message} (--fix strips it)`;
      issues.push({ severity: fix ? 'fixed' : 'error', code: `artefact.${a.kind}`, file: path, line: a.line, message });
    }
    for (const e of scan.errors) issues.push({ severity: 'error', code: 'parse', file: path, line: e.line, message: e.message });

    for (const { line, value } of scan.rows) {
      const problems = checkRow(value, schema);
      for (const p of problems) issues.push({ severity: p.severity, code: p.code, file: path, line, message: p.message });
      if (problems.some((p) => p.code === 'row.not-object')) continue;
      const row = value as Record<string, unknown>;
      const label = row[schema.labelField];
      const labelKey = typeof label === 'string' ? label : label === undefined ? '(missing)' : '(invalid)';
      file.labels[labelKey] = (file.labels[labelKey] ?? 0) + 1;
      labels[labelKey] = (labels[labelKey] ?? 0) + 1;
      if (options.expectLabel !== undefined && typeof label === 'string' && schema.labels.includes(label) && label !== options.expectLabel) {
        issues.push({ severity: 'error', code: 'label.expected', file: path, line, message: `label is "${label}"; this file should hold only "${options.expectLabel}"` });
      }
      const text = row[schema.textField];
      if (typeof text !== 'string' || text.trim() === '') continue;
      texts.push({ file: path, line, text, label });
      if (checkSegments) {
        const segment = row[schema.segmentField!];
        if (typeof segment === 'string') segments[segment] = (segments[segment] ?? 0) + 1;
        const mismatch = segmentMismatch(segment, text, schema.segmentField!);
        if (mismatch) issues.push({ severity: 'warning', code: 'segment.mismatch', file: path, line, message: mismatch });
      }
    }
    files.push(file);
  }

  const notes: string[] = [];
  const pairs = findDuplicates(texts, { nearThreshold: nearDup });
  if (pairs.filter((p) => p.kind === 'near').length >= MAX_NEAR_PAIRS) {
    notes.push(`near-duplicate search stopped after ${MAX_NEAR_PAIRS} pairs; dedupe exact copies first or raise --near-dup`);
  }
  for (const pair of pairs) {
    const first = texts[pair.first]!;
    const second = texts[pair.second]!;
    const related = `${first.file}:${first.line}`;
    const labelNote = pair.sameLabel ? '' : ` with a different label (${String(first.label)} vs ${String(second.label)})`;
    if (pair.kind === 'exact') {
      issues.push(
        pair.sameLabel
          ? { severity: 'warning', code: 'duplicate.exact', file: second.file, line: second.line, message: `duplicate of ${related} (combine --dedupe drops it)`, related }
          : { severity: 'error', code: 'duplicate.conflict', file: second.file, line: second.line, message: `same text as ${related}${labelNote}`, related },
      );
    } else {
      issues.push({ severity: 'warning', code: 'duplicate.near', file: second.file, line: second.line, message: `near duplicate of ${related} (Jaccard ≈ ${pair.similarity.toFixed(2)})${labelNote}`, related });
    }
  }

  const labelled = texts.filter((t): t is TextRow & { label: string } => typeof t.label === 'string' && schema.labels.includes(t.label));
  const skew = labelSkew(labelled, skewOptions);
  const order = new Map(paths.map((p, i) => [p, i]));
  issues.sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.line - b.line);
  const count = (severity: Severity) => issues.filter((i) => i.severity === severity).length;
  return {
    files,
    issues,
    labels,
    segments,
    skew,
    notes,
    options: { nearDup, skew: skewOptions, expectLabel: options.expectLabel },
    summary: {
      files: files.length,
      rows: files.reduce((n, f) => n + f.rows, 0),
      errors: count('error'),
      warnings: count('warning') + skew.words.length,
      fixed: count('fixed'),
    },
  };
}

function segmentMismatch(segment: unknown, text: string, field: string): string | undefined {
  if (segment !== 'code' && segment !== 'text') return undefined;
  const evidence = codeEvidence(text);
  if (segment === 'code' && !evidence) return `${field} is "code" but the text has no fence, inline command, shell prompt or command line`;
  if (segment === 'text' && evidence) return `${field} is "text" but the text contains code: ${evidence}`;
  return undefined;
}
