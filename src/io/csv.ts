import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { WardenError } from '../core/errors.js';
import { ensureId, type ReadOptions, type Rec, type RecordBatch, type Reject } from './record.js';

export interface CsvPart {
  path: string;
  rel: string;
}

/**
 * Streams a CSV file with a header row; values stay strings. A row with the wrong number of
 * columns fails with `file:line`, or becomes a reject with `onError: 'skip'`.
 */
export async function* readCsv(part: CsvPart, options: ReadOptions): AsyncGenerator<RecordBatch> {
  const batchSize = options.batchSize ?? 1000;
  const parser = createReadStream(part.path).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  let records: Rec[] = [];
  let rejects: Reject[] = [];
  let row = 0;
  let header: string[] | undefined;
  // csv-parse's invalid_field_length is a running total: a row is bad when it grows.
  let invalidSoFar = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; invalid_field_length: number } }>) {
      const { record, info } = item;
      header ??= Object.keys(record);
      const invalid = info.invalid_field_length > invalidSoFar;
      invalidSoFar = info.invalid_field_length;
      if (invalid || Object.keys(record).length !== header.length) {
        const where = `${part.path}:${info.lines}`;
        const reason = `row has a different number of columns than the header (${header.length})`;
        if (options.onError === 'fail') throw new WardenError('W_IO_BAD_CSV', reason, { where });
        rejects.push({ where, reason });
        continue;
      }
      records.push(ensureId(record, options.fields, part.rel, row++));
      if (records.length >= batchSize) {
        yield { records, rejects, bytes: 0 };
        records = [];
        rejects = [];
      }
    }
  } catch (cause) {
    if (cause instanceof WardenError) throw cause;
    throw new WardenError('W_IO_BAD_CSV', (cause as Error).message, { where: part.path, cause });
  }
  if (records.length || rejects.length) yield { records, rejects, bytes: 0 };
}
