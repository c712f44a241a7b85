import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WardenError } from '../../../core/errors.js';
import { checkRecord, type ProblemCode } from './check-record.js';
import { countRecord, emptyDistributions, formatDistributions, sortedDistributions, type Distributions } from './stats.js';

/** Longest JSONL line accepted (a record is a few KB; anything this size is not one). */
export const MAX_LINE_CHARS = 4 * 1024 * 1024;

export interface DlpIssue {
  where: string;
  id?: string;
  code: ProblemCode;
  message: string;
}

export interface DlpValidateReport {
  files: { path: string; records: number }[];
  records: number;
  problems: number;
  byCode: Partial<Record<ProblemCode, number>>;
  /** At most `limit` issues per code (counts in byCode are complete). */
  issues: DlpIssue[];
  distributions: Distributions;
}

export interface DlpValidateOptions {
  /** Scan bodies with the detection engine for unlabelled values (default true). */
  scan?: boolean;
  /** Issues kept per code (default 20). */
  limit?: number;
}

/** The JSONL files of a directory (sorted), or the paths as given. */
async function inputFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((cause: unknown) => {
      throw new WardenError('W_IO_NOT_FOUND', 'no such file or directory', { where: path, cause });
    });
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => n.endsWith('.jsonl')).sort();
      if (names.length === 0) throw new WardenError('W_IO_NOT_FOUND', 'the directory holds no .jsonl files', { where: path });
      out.push(...names.map((n) => join(path, n)));
    } else out.push(path);
  }
  return out;
}

/**
 * `warden synth validate-dlp`: checks every record of DLP JSONL files (or the .jsonl files of
 * directories) with checkRecord and gathers the distributions of labels, span types, channels
 * and obfuscations. A line that is not JSON is an input error (W_IO_BAD_JSONL, file:line);
 * a record that breaks a rule is a problem in the report.
 *
 * @example
 * const report = await validateDlp(['out/dlp']);
 * report.problems; // 0 for generated data
 */
export async function validateDlp(paths: readonly string[], options: DlpValidateOptions = {}): Promise<DlpValidateReport> {
  const limit = options.limit ?? 20;
  const report: DlpValidateReport = { files: [], records: 0, problems: 0, byCode: {}, issues: [], distributions: emptyDistributions() };
  for (const file of await inputFiles(paths)) {
    let records = 0;
    let line = 0;
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    try {
      for await (const text of lines) {
        line++;
        if (text.trim() === '') continue;
        const where = `${file}:${line}`;
        if (text.length > MAX_LINE_CHARS) throw new WardenError('W_IO_BAD_JSONL', `line longer than ${MAX_LINE_CHARS} characters`, { where });
        let record: unknown;
        try {
          record = JSON.parse(text);
        } catch (cause) {
          throw new WardenError('W_IO_BAD_JSONL', `invalid JSON: ${(cause as Error).message}`, { where, cause });
        }
        records++;
        if (typeof record === 'object' && record !== null) countRecord(report.distributions, record);
        const id = typeof (record as { id?: unknown })?.id === 'string' ? ((record as { id: string }).id as string) : undefined;
        for (const problem of checkRecord(record, { scan: options.scan })) {
          report.problems++;
          const seen = report.byCode[problem.code] ?? 0;
          report.byCode[problem.code] = seen + 1;
          if (seen < limit) report.issues.push({ where, ...(id ? { id } : {}), code: problem.code, message: problem.message });
        }
      }
    } finally {
      lines.close();
    }
    report.files.push({ path: file, records });
    report.records += records;
  }
  report.distributions = sortedDistributions(report.distributions);
  return report;
}

/**
 * The report as text: issues (file:line, code, message), counts per code, distributions.
 *
 * @example
 * process.stdout.write(formatDlpReport(report));
 */
export function formatDlpReport(report: DlpValidateReport): string {
  const lines: string[] = [];
  for (const issue of report.issues) lines.push(`${issue.where}  ${issue.code}  ${issue.id ? `${issue.id}: ` : ''}${issue.message}`);
  const shown = report.issues.length;
  if (shown < report.problems) lines.push(`(${report.problems - shown} more problem(s) not shown; raise --limit)`);
  if (lines.length > 0) lines.push('');
  for (const [code, n] of Object.entries(report.byCode)) lines.push(`  ${code.padEnd(20)} ${n}`);
  lines.push(`${report.problems} problem(s) in ${report.records} record(s) from ${report.files.length} file(s)`);
  lines.push('', 'distributions:', ...formatDistributions(report.distributions));
  return lines.join('\n') + '\n';
}
