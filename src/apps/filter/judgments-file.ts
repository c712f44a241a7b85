import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { AtomicFile } from '../../core/atomic.js';
import { WardenError } from '../../core/errors.js';
import { fileAsyncBuffer } from '../../io/parquet.js';
import { escalatedBy, type FilterName, type Judgments, type LlmErrorPolicy } from './judgment.js';

type ColumnType = 'STRING' | 'BOOLEAN' | 'INT32' | 'DOUBLE' | 'JSON';

export interface JudgmentColumn {
  name: string;
  type: ColumnType;
}

/** One row of the judgments file: plain values, null where a stage did not judge the record. */
export type JudgmentRow = Record<string, string | number | boolean | string[] | null>;

const STAGE_COLUMNS: Record<FilterName, JudgmentColumn[]> = {
  blocklist: [
    { name: 'blocklist_escalate', type: 'BOOLEAN' },
    { name: 'blocklist_distinct', type: 'INT32' },
    { name: 'blocklist_terms', type: 'JSON' },
    { name: 'blocklist_ms', type: 'DOUBLE' },
  ],
  classifier: [
    { name: 'classifier_escalate', type: 'BOOLEAN' },
    { name: 'classifier_max', type: 'DOUBLE' },
    { name: 'classifier_mean', type: 'DOUBLE' },
    { name: 'classifier_min', type: 'DOUBLE' },
    { name: 'classifier_chunks', type: 'INT32' },
    { name: 'classifier_ms', type: 'DOUBLE' },
  ],
  llm: [
    { name: 'llm_escalate', type: 'BOOLEAN' },
    { name: 'llm_verdict', type: 'INT32' },
    { name: 'llm_outcome', type: 'STRING' },
    { name: 'llm_raw', type: 'STRING' },
    { name: 'llm_error', type: 'STRING' },
    { name: 'llm_error_kind', type: 'STRING' },
    { name: 'llm_cached', type: 'BOOLEAN' },
    { name: 'llm_attempts', type: 'INT32' },
    { name: 'llm_ms', type: 'DOUBLE' },
  ],
};

/** Columns whose values are wall times: they differ between two runs of the same data. */
export const TIMING_COLUMNS = new Set(['blocklist_ms', 'classifier_ms', 'llm_ms']);

/**
 * The judgments schema of a cascade: id, split, text length, ground truth (null without
 * --label-field), each configured stage's verdict, scores and time, then the decision.
 *
 * @example
 * judgmentColumns(['blocklist']).map((c) => c.name); // ['id', 'split', 'chars', 'label', 'blocklist_escalate', …, 'removed', 'decided_by']
 */
export function judgmentColumns(filters: readonly FilterName[]): JudgmentColumn[] {
  return [
    { name: 'id', type: 'STRING' },
    { name: 'split', type: 'STRING' },
    { name: 'chars', type: 'INT32' },
    { name: 'label', type: 'INT32' },
    ...filters.flatMap((f) => STAGE_COLUMNS[f]),
    { name: 'removed', type: 'BOOLEAN' },
    { name: 'decided_by', type: 'STRING' },
  ];
}

/**
 * Flattens a record's judgments into a row of `judgmentColumns(filters)`.
 *
 * @example
 * judgmentRow({ id: 'a', split: null, chars: 5, label: null }, {}, ['blocklist']).blocklist_escalate; // null
 */
export function judgmentRow(
  base: { id: string; split: string | null; chars: number; label: 0 | 1 | null },
  j: Judgments,
  filters: readonly FilterName[],
  onLlmError: LlmErrorPolicy = 'flag',
): JudgmentRow {
  // A literal, not `{ ...base }`: adding a dozen properties to a spread copy makes V8 build a new
  // hidden class per row (tens of microseconds each).
  const row: JudgmentRow = { id: base.id, split: base.split, chars: base.chars, label: base.label };
  for (const f of filters) {
    if (f === 'blocklist') {
      const b = j.blocklist;
      row.blocklist_escalate = b?.escalate ?? null;
      row.blocklist_distinct = b?.distinct ?? null;
      // null when nothing matched: most rows, and the JSON encoder's cost is per non-null value.
      row.blocklist_terms = b && b.terms.length > 0 ? b.terms : null;
      row.blocklist_ms = b ? round(b.ms) : null;
    } else if (f === 'classifier') {
      const c = j.classifier;
      row.classifier_escalate = c?.escalate ?? null;
      row.classifier_max = c?.max ?? null;
      row.classifier_mean = c?.mean ?? null;
      row.classifier_min = c?.min ?? null;
      row.classifier_chunks = c?.chunks ?? null;
      row.classifier_ms = c ? round(c.ms) : null;
    } else {
      const l = j.llm as (NonNullable<Judgments['llm']> & { outcome?: string; error_kind?: string; attempts?: number }) | undefined;
      row.llm_escalate = l ? (escalatedBy(j, 'llm', onLlmError) ?? null) : null;
      row.llm_verdict = l ? l.verdict : null;
      row.llm_outcome = l?.outcome ?? null;
      row.llm_raw = l?.raw ?? null;
      row.llm_error = l?.error ?? null;
      row.llm_error_kind = l?.error_kind ?? null;
      row.llm_cached = l?.cached ?? null;
      row.llm_attempts = l?.attempts ?? null;
      row.llm_ms = l ? round(l.ms) : null;
    }
  }
  row.removed = j.decision?.removed ?? false;
  row.decided_by = j.decision?.stage ?? null;
  return row;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

const ROWS_PER_GROUP = 50_000;

/**
 * A judgments Parquet file with a fixed schema (not inferred: a column that is all null in the
 * first rows still gets its real type), written one row group at a time and appearing at its
 * path only on `close()`.
 *
 * @example
 * const w = await JudgmentsWriter.open('run/judgments/part-00000.parquet', judgmentColumns(['blocklist']));
 * await w.write(rows);
 * await w.close();
 */
export class JudgmentsWriter {
  private readonly file: AtomicFile;
  private readonly columns: JudgmentColumn[];
  private readonly bytes = new ByteWriter(1 << 16);
  private readonly writer: ParquetWriter;
  private pending: JudgmentRow[] = [];
  rows = 0;

  private constructor(file: AtomicFile, columns: JudgmentColumn[]) {
    this.file = file;
    this.columns = columns;
    this.writer = new ParquetWriter({
      writer: this.bytes,
      schema: [{ name: 'root', num_children: columns.length }, ...columns.map(schemaElement)],
      codec: 'SNAPPY',
      // Min/max statistics of these columns help no reader and cost a third of the encoding time.
      statistics: false,
      createdBy: 'warden filter',
    });
  }

  static async open(path: string, columns: JudgmentColumn[]): Promise<JudgmentsWriter> {
    return new JudgmentsWriter(await AtomicFile.open(path), columns);
  }

  async write(rows: readonly JudgmentRow[]): Promise<void> {
    for (const row of rows) this.pending.push(row);
    if (this.pending.length >= ROWS_PER_GROUP) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer.finish();
    await this.drain();
    await this.file.commit();
  }

  async abort(): Promise<void> {
    await this.file.abort();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    await this.writer.write({
      columnData: this.columns.map(({ name, type }) => ({ name, data: rows.map((r) => value(r[name], type)) as never, ...encodingOf(name, type) })),
      rowGroupSize: rows.length,
    });
    this.rows += rows.length;
    await this.drain();
  }

  private async drain(): Promise<void> {
    if (this.bytes.index === 0) return;
    const chunk = new Uint8Array(this.bytes.buffer.slice(0, this.bytes.index));
    this.bytes.index = 0;
    await this.file.write(chunk);
  }
}

/**
 * Ids are unique (dictionary encoding only wastes time on them) and usually share prefixes:
 * DELTA_BYTE_ARRAY stores them in a fraction of the space. JSON term lists are mostly distinct
 * too. The other columns repeat a few values and keep the default dictionary encoding.
 */
function encodingOf(name: string, type: ColumnType): { encoding?: 'DELTA_BYTE_ARRAY' | 'PLAIN' } {
  if (name === 'id') return { encoding: 'DELTA_BYTE_ARRAY' };
  if (type === 'JSON') return { encoding: 'PLAIN' };
  return {};
}

function value(v: unknown, type: ColumnType): unknown {
  if (v === undefined || v === null) return null;
  if (type === 'INT32' && typeof v === 'number') return v | 0;
  return v;
}

function schemaElement({ name, type }: JudgmentColumn) {
  const repetition_type = 'OPTIONAL' as const;
  switch (type) {
    case 'STRING':
      return { name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type };
    case 'JSON':
      return { name, type: 'BYTE_ARRAY' as const, converted_type: 'JSON' as const, repetition_type };
    case 'BOOLEAN':
      return { name, type: 'BOOLEAN' as const, repetition_type };
    case 'INT32':
      return { name, type: 'INT32' as const, repetition_type };
    case 'DOUBLE':
      return { name, type: 'DOUBLE' as const, repetition_type };
  }
}

/**
 * Streams a judgments file one row group at a time (memory bounded by one group).
 *
 * @example
 * for await (const rows of readJudgments('run/judgments/part-00000.parquet')) count += rows.length;
 */
export async function* readJudgments(path: string): AsyncGenerator<JudgmentRow[]> {
  const file = await fileAsyncBuffer(path).catch((cause: Error) => {
    throw new WardenError('W_IO_NOT_FOUND', `cannot open the judgments file: ${cause.message}`, { where: path, cause });
  });
  try {
    const metadata = await parquetMetadataAsync(file);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rows = Number(group.num_rows);
      const objects = (await parquetReadObjects({ file, metadata, rowStart, rowEnd: rowStart + rows, compressors })) as JudgmentRow[];
      rowStart += rows;
      yield objects;
    }
  } finally {
    await file.close();
  }
}
