import { z } from 'zod';
import { WardenError } from '../../../core/errors.js';
import { jsonLines, MAX_LINE_BYTES } from '../json-lines.js';
import type { SourceRecord } from '../types.js';

/** Longest JSONL line accepted (a SourceRecord is a few KB; CAPEC and CWE entries reach tens of KB). */
export const MAX_RECORD_BYTES = MAX_LINE_BYTES;

const text = z.string().max(1_000_000);
const list = z.array(text).max(100_000);

const sourceRecordSchema = z.object({
  id: text.min(1),
  source: z.enum(['nvd', 'attack', 'capec', 'cwe', 'arxiv', 'kev', 'ghsa', 'opencve']),
  kind: z.enum(['vulnerability', 'technique', 'attack-pattern', 'weakness', 'paper', 'advisory', 'kev-entry', 'group', 'software', 'mitigation']),
  sourceId: text.min(1),
  title: text,
  description: text,
  published: text.optional(),
  modified: text.optional(),
  references: list,
  facts: z.object({
    cvss: z.array(z.object({ version: text, score: z.number().min(0).max(10), severity: text.optional(), vector: text.optional() })).max(100).optional(),
    cwes: list.optional(),
    cves: list.optional(),
    techniques: list.optional(),
    tactics: list.optional(),
    platforms: list.optional(),
    detection: text.optional(),
    mitigations: z.array(z.object({ id: text.optional(), name: text, description: text.optional() })).max(10_000).optional(),
    prerequisites: list.optional(),
    likelihood: text.optional(),
    severity: text.optional(),
    products: list.optional(),
    usedBy: list.optional(),
    authors: list.optional(),
    categories: list.optional(),
    kev: z.object({ vendor: text, product: text, dateAdded: text, requiredAction: text, dueDate: text.optional(), knownRansomware: text.optional() }).optional(),
  }),
});

/**
 * Checks that a parsed value is a SourceRecord; the error names the file, line and field.
 *
 * @example
 * parseSourceRecord(JSON.parse(line), 'records.jsonl:3');
 */
export function parseSourceRecord(value: unknown, where: string): SourceRecord {
  const result = sourceRecordSchema.safeParse(value);
  if (result.success) return result.data as SourceRecord;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : '(record)';
  throw new WardenError('W_IO_BAD_RECORD', `field "${field}": ${issue.message} (expected a SourceRecord from \`warden instruct collect\`)`, { where });
}

/**
 * Streams SourceRecords from a JSONL file with their 1-based line numbers. Blank lines are
 * skipped; a line longer than MAX_RECORD_BYTES, invalid JSON or a record of the wrong shape
 * fails with `file:line`. The file is only read.
 *
 * @example
 * for await (const { record, line } of readSourceRecords('records.jsonl')) console.log(line, record.id);
 */
export async function* readSourceRecords(path: string, maxLineBytes = MAX_RECORD_BYTES): AsyncGenerator<{ record: SourceRecord; line: number }> {
  for await (const { value, line, where } of jsonLines(path, { maxLineBytes })) yield { record: parseSourceRecord(value, where), line };
}
