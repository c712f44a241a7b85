import { open, stat } from 'node:fs/promises';
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ByteWriter, ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import type { AtomicFile } from '../core/atomic.js';
import { WardenError } from '../core/errors.js';
import { ensureId, type ReadOptions, type Rec, type RecordBatch, type RecordWriter, type WriteSummary } from './record.js';

export interface ParquetPart {
  path: string;
  rel: string;
  /** Row groups [start, end) of the file this part reads; all when absent. */
  rowGroups?: [number, number] | undefined;
}

/** An AsyncBuffer over one open file handle (hyparquet's own opens a stream per slice). */
export async function fileAsyncBuffer(path: string): Promise<AsyncBuffer & { close(): Promise<void> }> {
  const { size } = await stat(path);
  const handle = await open(path, 'r');
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? size, size);
      const buffer = new ArrayBuffer(Math.max(stop - start, 0));
      let done = 0;
      while (done < buffer.byteLength) {
        const { bytesRead } = await handle.read(new Uint8Array(buffer, done), 0, buffer.byteLength - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer;
    },
    close: () => handle.close(),
  };
}

export async function readParquetMetadata(path: string): Promise<FileMetaData> {
  const file = await fileAsyncBuffer(path);
  try {
    return await parquetMetadataAsync(file);
  } catch (cause) {
    throw new WardenError('W_IO_BAD_PARQUET', `not a readable Parquet file: ${(cause as Error).message}`, { where: path, cause });
  } finally {
    await file.close();
  }
}

/** Top-level column names of a Parquet schema. */
export function parquetColumns(metadata: FileMetaData): string[] {
  const [root, ...rest] = metadata.schema;
  const names: string[] = [];
  let i = 0;
  let remaining = root?.num_children ?? 0;
  // Walk the flattened schema tree, taking only the root's direct children.
  const skip = (index: number): number => {
    const element = rest[index]!;
    let next = index + 1;
    for (let c = 0; c < (element.num_children ?? 0); c++) next = skip(next);
    return next;
  };
  while (remaining-- > 0 && i < rest.length) {
    names.push(rest[i]!.name);
    i = skip(i);
  }
  return names;
}

/**
 * Streams a Parquet file one row group at a time (memory bounded by the largest row group).
 * Nested columns (LIST, STRUCT, MAP) come back as arrays and objects.
 *
 * @example
 * for await (const batch of readParquet({ path: 'a.parquet', rel: 'a.parquet' }, opts)) use(batch.records);
 */
export async function* readParquet(part: ParquetPart, options: ReadOptions): AsyncGenerator<RecordBatch> {
  const file = await fileAsyncBuffer(part.path);
  try {
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (cause) {
      throw new WardenError('W_IO_BAD_PARQUET', `not a readable Parquet file: ${(cause as Error).message}`, { where: part.path, cause });
    }
    if (options.requireText) {
      const columns = parquetColumns(metadata);
      if (!columns.includes(options.fields.text)) {
        throw new WardenError('W_IO_BAD_PARQUET', `text column "${options.fields.text}" is not in the schema (columns: ${columns.join(', ')}); pass --text-field`, { where: part.path });
      }
    }
    const groups = metadata.row_groups;
    const [first, last] = part.rowGroups ?? [0, groups.length];
    let rowStart = 0;
    for (let g = 0; g < first; g++) rowStart += Number(groups[g]!.num_rows);
    for (let g = first; g < last; g++) {
      const group = groups[g]!;
      const rows = Number(group.num_rows);
      let objects: Rec[];
      try {
        objects = (await parquetReadObjects({ file, metadata, rowStart, rowEnd: rowStart + rows, compressors })) as Rec[];
      } catch (cause) {
        throw new WardenError('W_IO_BAD_PARQUET', `cannot decode row group ${g}: ${(cause as Error).message}`, { where: `${part.path}:rg${g}`, cause });
      }
      for (let r = 0; r < objects.length; r++) {
        const record = objects[r]!;
        normalizeValues(record);
        objects[r] = ensureId(record, options.fields, part.rel, rowStart + r);
      }
      rowStart += rows;
      yield { records: objects, rejects: [], bytes: Number(group.total_byte_size) };
    }
  } finally {
    await file.close();
  }
}

/** Makes Parquet-specific values JSON-friendly: safe BigInts become numbers, bytes base64. */
function normalizeValues(record: Rec): void {
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === 'bigint') {
      if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) record[key] = Number(value);
    } else if (value instanceof Uint8Array) {
      record[key] = Buffer.from(value).toString('base64');
    }
  }
}

type ColumnType = 'STRING' | 'BOOLEAN' | 'INT64' | 'DOUBLE' | 'JSON';

const ROW_GROUP_ROWS = 50_000;
const ROW_GROUP_BYTES = 64 * 1024 * 1024;

/**
 * Writes records as Parquet, one row group at a time (snappy). The schema is inferred from the
 * first row group: strings, booleans, integers (INT64), doubles; objects and arrays are stored
 * as JSON columns, which hyparquet (and pyarrow with a JSON extension) reads back as values.
 */
export class ParquetRecordWriter implements RecordWriter {
  private readonly file: AtomicFile;
  private readonly bytes = new ByteWriter(1 << 20);
  private writer: ParquetWriter | undefined;
  private columns: { name: string; type: ColumnType }[] = [];
  private pending: Rec[] = [];
  private pendingBytes = 0;
  private rows = 0;

  constructor(file: AtomicFile) {
    this.file = file;
  }

  get path(): string {
    return this.file.target;
  }

  async write(records: readonly Rec[]): Promise<void> {
    for (const record of records) {
      this.pending.push(record);
      const text = record.text;
      this.pendingBytes += typeof text === 'string' ? text.length : 64;
    }
    if (this.pending.length >= ROW_GROUP_ROWS || this.pendingBytes >= ROW_GROUP_BYTES) await this.flushGroup();
  }

  async close(): Promise<WriteSummary> {
    await this.flushGroup();
    if (!this.writer) this.start([]);
    this.writer!.finish();
    await this.drain();
    await this.file.commit();
    return { path: this.file.target, rows: this.rows, bytes: this.bytes.offset };
  }

  async abort(): Promise<void> {
    await this.file.abort();
  }

  private start(sample: readonly Rec[]): void {
    this.columns = inferColumns(sample);
    this.writer = new ParquetWriter({
      writer: this.bytes,
      schema: [
        { name: 'root', num_children: this.columns.length },
        ...this.columns.map(({ name, type }) => schemaElement(name, type)),
      ],
      codec: 'SNAPPY',
      createdBy: 'warden',
    });
  }

  private async flushGroup(): Promise<void> {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.writer) this.start(rows);
    const known = new Set(this.columns.map((c) => c.name));
    for (const row of rows) {
      for (const key of Object.keys(row)) {
        if (!known.has(key)) {
          throw new WardenError('W_IO_BAD_RECORD', `field "${key}" is not in the Parquet schema inferred from the first row group (${[...known].join(', ')})`, { where: this.file.target });
        }
      }
    }
    const columnData: ColumnSource[] = this.columns.map(({ name, type }) => ({
      name,
      data: rows.map((row) => toColumnValue(row[name], type, name, this.file.target)),
    }));
    this.writer!.write({ columnData, rowGroupSize: rows.length });
    this.rows += rows.length;
    await this.drain();
  }

  /** Moves encoded bytes to the file; ByteWriter keeps `offset` so chunk offsets stay right. */
  private async drain(): Promise<void> {
    if (this.bytes.index === 0) return;
    const chunk = new Uint8Array(this.bytes.buffer.slice(0, this.bytes.index));
    this.bytes.index = 0;
    await this.file.write(chunk);
  }
}

function inferColumns(sample: readonly Rec[]): { name: string; type: ColumnType }[] {
  const types = new Map<string, ColumnType | undefined>();
  for (const row of sample) {
    for (const [key, value] of Object.entries(row)) {
      const seen = types.get(key);
      const type = valueType(value);
      if (type === undefined) {
        if (!types.has(key)) types.set(key, undefined);
      } else if (seen === undefined) types.set(key, type);
      else if (seen !== type) types.set(key, seen === 'INT64' && type === 'DOUBLE' ? 'DOUBLE' : seen === 'DOUBLE' && type === 'INT64' ? 'DOUBLE' : 'JSON');
    }
  }
  return [...types].map(([name, type]) => ({ name, type: type ?? 'STRING' }));
}

function valueType(value: unknown): ColumnType | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return 'STRING';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'INT64' : 'DOUBLE';
  if (typeof value === 'bigint') return 'INT64';
  return 'JSON';
}

function schemaElement(name: string, type: ColumnType) {
  const repetition_type = 'OPTIONAL' as const;
  switch (type) {
    case 'STRING':
      return { name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type };
    case 'JSON':
      return { name, type: 'BYTE_ARRAY' as const, converted_type: 'JSON' as const, repetition_type };
    case 'BOOLEAN':
      return { name, type: 'BOOLEAN' as const, repetition_type };
    case 'INT64':
      return { name, type: 'INT64' as const, repetition_type };
    case 'DOUBLE':
      return { name, type: 'DOUBLE' as const, repetition_type };
  }
}

function toColumnValue(value: unknown, type: ColumnType, name: string, where: string): unknown {
  if (value === null || value === undefined) return null;
  const mismatch = () =>
    new WardenError('W_IO_BAD_RECORD', `field "${name}" holds a ${typeof value} but the Parquet column is ${type} (inferred from the first row group)`, { where });
  switch (type) {
    case 'STRING':
      if (typeof value !== 'string') throw mismatch();
      return value;
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw mismatch();
      return value;
    case 'INT64':
      if (typeof value === 'bigint') return value;
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw mismatch();
      return BigInt(value);
    case 'DOUBLE':
      if (typeof value !== 'number') throw mismatch();
      return value;
    case 'JSON':
      return value;
  }
}
