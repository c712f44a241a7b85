import {
  Bool, Field, Float64, Int64, List, RecordBatch, RecordBatchReader, RecordBatchStreamWriter, Schema, Struct, Utf8,
  Vector, makeData, vectorFromArray, type DataType,
} from 'apache-arrow';
import { createReadStream } from 'node:fs';
import type { AtomicFile } from '../core/atomic.js';
import { WardenError } from '../core/errors.js';
import { ensureId, type ReadOptions, type Rec, type RecordBatch as Batch, type RecordWriter, type WriteSummary } from './record.js';

export interface ArrowPart {
  path: string;
  rel: string;
}

/**
 * Streams an Arrow IPC file (streaming or file format, as Hugging Face `save_to_disk` writes)
 * one record batch at a time. Nested structs and lists come back as plain objects and arrays.
 */
export async function* readArrow(part: ArrowPart, options: ReadOptions): AsyncGenerator<Batch> {
  const stream = createReadStream(part.path, { highWaterMark: 1 << 20 });
  let reader: Awaited<ReturnType<typeof RecordBatchReader.from>>;
  let row = 0;
  try {
    reader = await RecordBatchReader.from(stream);
    await reader.open();
    let checked = false;
    for await (const batch of reader as AsyncIterable<RecordBatch>) {
      if (!checked && options.requireText) {
        const names = batch.schema.fields.map((f) => f.name);
        if (!names.includes(options.fields.text)) {
          throw new WardenError('W_IO_BAD_ARROW', `text column "${options.fields.text}" is not in the schema (columns: ${names.join(', ')}); pass --text-field`, { where: part.path });
        }
        checked = true;
      }
      const records = batchToRecords(batch);
      for (let i = 0; i < records.length; i++) records[i] = ensureId(records[i]!, options.fields, part.rel, row++);
      yield { records, rejects: [], bytes: batch.data.byteLength };
    }
  } catch (cause) {
    if (cause instanceof WardenError) throw cause;
    throw new WardenError('W_IO_BAD_ARROW', `cannot read Arrow IPC data: ${(cause as Error).message}`, { where: part.path, cause });
  } finally {
    stream.destroy();
  }
}

function batchToRecords(batch: RecordBatch): Rec[] {
  const fields = batch.schema.fields;
  const columns = fields.map((_, i) => batch.getChildAt(i)!);
  const out: Rec[] = new Array(batch.numRows);
  for (let r = 0; r < batch.numRows; r++) {
    const record: Rec = {};
    for (let c = 0; c < fields.length; c++) record[fields[c]!.name] = toPlain(columns[c]!.get(r));
    out[r] = record;
  }
  return out;
}

function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (value instanceof Vector) return [...value].map(toPlain);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object' && !(value instanceof Date) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const json = (value as { toJSON(): Record<string, unknown> }).toJSON();
    const out: Rec = {};
    for (const [k, v] of Object.entries(json)) out[k] = toPlain(v);
    return out;
  }
  return value;
}

/** Infers an Arrow type for a column of JS values; nested objects become structs, arrays lists. */
export function inferArrowType(values: readonly unknown[]): DataType {
  type Kind = 'none' | 'string' | 'bool' | 'int' | 'float' | 'struct' | 'list' | 'mixed';
  let kind = 'none' as Kind;
  const merge = (next: Kind) => {
    if (kind === 'none' || kind === next) kind = next;
    else if ((kind === 'int' && next === 'float') || (kind === 'float' && next === 'int')) kind = 'float';
    else kind = 'mixed';
  };
  for (const value of values) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') merge('string');
    else if (typeof value === 'boolean') merge('bool');
    else if (typeof value === 'bigint') merge('int');
    else if (typeof value === 'number') merge(Number.isSafeInteger(value) ? 'int' : 'float');
    else if (Array.isArray(value)) merge('list');
    else if (typeof value === 'object') merge('struct');
    else merge('mixed');
  }
  switch (kind) {
    case 'bool':
      return new Bool();
    case 'int':
      return new Int64();
    case 'float':
      return new Float64();
    case 'list': {
      const items = values.flatMap((v) => (Array.isArray(v) ? v : []));
      return new List(new Field('item', inferArrowType(items), true));
    }
    case 'struct': {
      const keys = new Set<string>();
      for (const v of values) if (v && typeof v === 'object') for (const k of Object.keys(v)) keys.add(k);
      return new Struct(
        [...keys].map((k) => new Field(k, inferArrowType(values.map((v) => (v && typeof v === 'object' ? (v as Rec)[k] : null))), true)),
      );
    }
    default:
      // Strings, all-null and mixed columns are stored as text (mixed values as JSON).
      return new Utf8();
  }
}

/** Converts JS values to what Arrow's builders expect for `type` (BigInt for Int64, JSON for mixed text). */
function coerce(value: unknown, type: DataType, field: string): unknown {
  if (value === null || value === undefined) return null;
  if (type instanceof Int64) {
    if (typeof value === 'bigint') return value;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  } else if (type instanceof Float64) {
    if (typeof value === 'number') return value;
  } else if (type instanceof Bool) {
    if (typeof value === 'boolean') return value;
  } else if (type instanceof Utf8) {
    return typeof value === 'string' ? value : JSON.stringify(value);
  } else if (type instanceof List) {
    if (Array.isArray(value)) return value.map((v) => coerce(v, type.valueType, field));
  } else if (type instanceof Struct) {
    if (typeof value === 'object' && !Array.isArray(value)) {
      const known = new Set(type.children.map((child) => child.name));
      const extra = Object.keys(value).find((key) => !known.has(key));
      if (extra !== undefined) {
        throw new WardenError('W_IO_BAD_RECORD', `field "${field}.${extra}" is not in the Arrow schema inferred from the first batch; give every record the same nested fields`);
      }
      const out: Rec = {};
      for (const child of type.children) out[child.name] = coerce((value as Rec)[child.name], child.type, field);
      return out;
    }
  }
  throw new WardenError('W_IO_BAD_RECORD', `field "${field}" holds ${JSON.stringify(value)?.slice(0, 40)} but the Arrow column is ${String(type)} (inferred from the first batch)`);
}

/** Writes records as an Arrow IPC stream, the shard format of Hugging Face datasets. */
export class ArrowStreamWriter implements RecordWriter {
  private readonly file: AtomicFile;
  private writer: RecordBatchStreamWriter | undefined;
  private schema: Schema | undefined;
  private rows = 0;
  private bytes = 0;
  private pump: Promise<void> | undefined;

  constructor(file: AtomicFile) {
    this.file = file;
  }

  get path(): string {
    return this.file.target;
  }

  /** The schema of what was written, for dataset_info.json. */
  get arrowSchema(): Schema | undefined {
    return this.schema;
  }

  async write(records: readonly Rec[]): Promise<void> {
    if (records.length === 0) return;
    if (!this.schema) this.start(records);
    const schema = this.schema!;
    const known = new Set(schema.fields.map((f) => f.name));
    for (const record of records) {
      for (const key of Object.keys(record)) {
        if (!known.has(key)) throw new WardenError('W_IO_BAD_RECORD', `field "${key}" is not in the Arrow schema inferred from the first batch`, { where: this.file.target });
      }
    }
    const children = schema.fields.map((field) => {
      const vector = vectorFromArray(records.map((r) => coerce(r[field.name], field.type, field.name)), field.type);
      return vector.data.length === 1 ? vector.data[0]! : vectorFromArray(vector).data[0]!;
    });
    const data = makeData({ type: new Struct(schema.fields), length: records.length, nullCount: 0, children });
    this.writer!.write(new RecordBatch(schema, data));
    this.rows += records.length;
  }

  async close(): Promise<WriteSummary> {
    if (!this.schema) this.start([]);
    this.writer!.finish();
    await this.pump;
    await this.file.commit();
    return { path: this.file.target, rows: this.rows, bytes: this.bytes };
  }

  async abort(): Promise<void> {
    this.writer?.abort();
    await this.file.abort();
  }

  private start(sample: readonly Rec[]): void {
    const names: string[] = [];
    for (const record of sample) for (const key of Object.keys(record)) if (!names.includes(key)) names.push(key);
    this.schema = new Schema(names.map((name) => new Field(name, inferArrowType(sample.map((r) => r[name])), true)));
    this.writer = new RecordBatchStreamWriter();
    this.writer.reset(undefined, this.schema);
    const writer = this.writer;
    this.pump = (async () => {
      for await (const chunk of writer) {
        this.bytes += chunk.byteLength;
        await this.file.write(chunk);
      }
    })();
  }
}
