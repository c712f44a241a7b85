import { readFile } from 'node:fs/promises';
import type { Finding } from '../../detect/finding.js';
import { scan, type ScanOptions, type ScanStats } from '../../detect/scanner.js';
import { resolveInputs } from '../../io/inputs.js';
import { partitionFile, readPart } from '../../io/parts.js';
import type { FieldMap, OnError, Reject } from '../../io/record.js';
import { LineIndex } from '../../text/lines.js';
import { collectFiles, type SkippedFile } from './files.js';

export type { SkippedFile } from './files.js';

export type PositionedFinding = Finding & { line: number; column: number; endLine: number; endColumn: number };

export interface ScannedText {
  /** File path, `-` for stdin, or the record id in JSONL mode. */
  source: string;
  id?: unknown;
  findings: PositionedFinding[];
  stats: ScanStats;
}

export interface ScanSummary {
  texts: number;
  findings: number;
  chars: number;
  ms: number;
  skipped: SkippedFile[];
  rejects: Reject[];
  notScanned: { source: string; what: string; reason: string }[];
}

export function positioned(text: string, findings: readonly Finding[]): PositionedFinding[] {
  if (findings.length === 0) return [];
  const index = new LineIndex(text);
  return findings.map((f) => {
    const a = index.position(f.start);
    const b = index.position(f.end);
    return { ...f, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  });
}

/** Scans files and directories (and stdin as '-'), yielding one result per text in order. */
export async function* scanFiles(paths: readonly string[], options: ScanOptions & { maxFileBytes: number }, summary: ScanSummary): AsyncGenerator<ScannedText> {
  const real = paths.filter((p) => p !== '-');
  const { files, skipped } = await collectFiles(real, options.maxFileBytes);
  summary.skipped.push(...skipped);
  const sources: { source: string; read: () => Promise<string> }[] = files.map((f) => ({ source: f.display, read: () => readFile(f.path, 'utf8') }));
  if (paths.includes('-')) {
    sources.unshift({
      source: '-',
      read: async () => {
        const { text, truncated } = await readStdin(options.maxFileBytes);
        if (truncated) summary.notScanned.push({ source: '-', what: `bytes after ${options.maxFileBytes}`, reason: 'stdin larger than --max-file-size' });
        return text;
      },
    });
  }
  for (const { source, read } of sources) {
    const text = await read();
    yield scanOne(source, undefined, text, options, summary);
  }
}

/** Scans the text field of each record of JSONL (or any readable format), in input order. */
export async function* scanRecords(
  paths: readonly string[],
  options: ScanOptions & { fields: FieldMap; onError: OnError },
  summary: ScanSummary,
): AsyncGenerator<ScannedText> {
  for (const file of await resolveInputs([...paths])) {
    for (const part of await partitionFile(file, Number.MAX_SAFE_INTEGER)) {
      for await (const batch of readPart(part, { fields: options.fields, onError: options.onError, requireText: true })) {
        summary.rejects.push(...batch.rejects);
        for (const record of batch.records) {
          const text = record[options.fields.text] as string;
          yield scanOne(file.rel, record[options.fields.id], text, options, summary);
        }
      }
    }
  }
}

function scanOne(source: string, id: unknown, text: string, options: ScanOptions, summary: ScanSummary): ScannedText {
  const result = scan(text, options);
  summary.texts++;
  summary.findings += result.findings.length;
  summary.chars += text.length;
  summary.ms += result.stats.ms;
  for (const item of result.stats.notScanned) summary.notScanned.push({ source: id === undefined ? source : `${source}#${String(id)}`, ...item });
  return { source, ...(id === undefined ? {} : { id }), findings: positioned(text, result.findings), stats: result.stats };
}

async function readStdin(maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of process.stdin) {
    const buffer = chunk as Buffer;
    if (size + buffer.length > maxBytes) {
      chunks.push(buffer.subarray(0, maxBytes - size));
      truncated = true;
      break;
    }
    size += buffer.length;
    chunks.push(buffer);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}

export function emptySummary(): ScanSummary {
  return { texts: 0, findings: 0, chars: 0, ms: 0, skipped: [], rejects: [], notScanned: [] };
}
