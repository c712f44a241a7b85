import { resolveInputs } from './inputs.js';
import { partitionFile, readPart } from './parts.js';
import type { FieldMap, OnError } from './record.js';

export interface FieldStats {
  name: string;
  /** JSON types seen, with counts (string, number, boolean, object, array). */
  types: Record<string, number>;
  nulls: number;
  /** Missing from a record (JSONL rows need not share fields). */
  missing: number;
  /** For string values: total and longest length in characters. */
  chars?: { total: number; max: number; min: number };
}

export interface FileStats {
  path: string;
  split?: string | undefined;
  format: string;
  compression: string;
  bytes: number;
  rows: number;
  rejects: number;
}

export interface DatasetStats {
  files: FileStats[];
  rows: number;
  bytes: number;
  rejects: number;
  fields: FieldStats[];
}

/**
 * Rows, fields, types, null counts and sizes of any readable input, in one streaming pass.
 *
 * @example
 * const stats = await datasetStats(['data/train.parquet']);
 * stats.fields.find((f) => f.name === 'text')?.nulls;
 */
export async function datasetStats(
  inputs: string[],
  options: { splits?: string[] | undefined; fields?: FieldMap; onError?: OnError } = {},
): Promise<DatasetStats> {
  const files = await resolveInputs(inputs, { splits: options.splits });
  // Ids are not derived (empty id field): stats describe the data as it is.
  const read = { fields: { text: options.fields?.text ?? 'text', id: '' }, onError: options.onError ?? 'fail' };
  const fields = new Map<string, FieldStats>();
  const out: DatasetStats = { files: [], rows: 0, bytes: 0, rejects: 0, fields: [] };
  for (const file of files) {
    const fileStats: FileStats = { path: file.path, split: file.split, format: file.format, compression: file.compression, bytes: file.size, rows: 0, rejects: 0 };
    for (const part of await partitionFile(file, Number.MAX_SAFE_INTEGER)) {
      for await (const batch of readPart(part, read)) {
        fileStats.rejects += batch.rejects.length;
        for (const record of batch.records) {
          for (const [name, value] of Object.entries(record)) {
            let field = fields.get(name);
            if (!field) {
              field = { name, types: {}, nulls: 0, missing: out.rows + fileStats.rows };
              fields.set(name, field);
            }
            if (value === null || value === undefined) {
              field.nulls++;
              continue;
            }
            const type = Array.isArray(value) ? 'array' : typeof value;
            field.types[type] = (field.types[type] ?? 0) + 1;
            if (typeof value === 'string') {
              field.chars ??= { total: 0, max: 0, min: Number.MAX_SAFE_INTEGER };
              field.chars.total += value.length;
              if (value.length > field.chars.max) field.chars.max = value.length;
              if (value.length < field.chars.min) field.chars.min = value.length;
            }
          }
          fileStats.rows++;
          for (const field of fields.values()) if (!(field.name in record)) field.missing++;
        }
      }
    }
    out.files.push(fileStats);
    out.rows += fileStats.rows;
    out.bytes += fileStats.bytes;
    out.rejects += fileStats.rejects;
  }
  out.fields = [...fields.values()];
  return out;
}
