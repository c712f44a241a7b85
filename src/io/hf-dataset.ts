import { DataType, Precision, RecordBatchReader, type Schema } from 'apache-arrow';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { WardenError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';

/** The file name Hugging Face gives shard `index` of `count`. */
export function hfShardName(index: number, count: number): string {
  return `data-${String(index).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.arrow`;
}

/**
 * Hugging Face `features` for an Arrow type (the `Value`/`Sequence`/dict forms of datasets).
 * Types are tested by id, not class: a schema read back from a file has the generic classes.
 */
export function featureOf(type: DataType): unknown {
  if (DataType.isUtf8(type)) return value('string');
  if (DataType.isLargeUtf8(type)) return value('large_string');
  if (DataType.isBool(type)) return value('bool');
  if (DataType.isInt(type)) return value(`${type.isSigned ? 'int' : 'uint'}${type.bitWidth}`);
  if (DataType.isFloat(type)) return value(type.precision === Precision.HALF ? 'float16' : type.precision === Precision.SINGLE ? 'float32' : 'float64');
  if (DataType.isBinary(type)) return value('binary');
  if (DataType.isList(type)) return { feature: featureOf(type.children[0]!.type), _type: 'Sequence' };
  if (DataType.isStruct(type)) {
    const out: Record<string, unknown> = {};
    for (const child of type.children) out[child.name] = featureOf(child.type);
    return out;
  }
  return value('string');
}

function value(dtype: string): { dtype: string; _type: 'Value' } {
  return { dtype, _type: 'Value' };
}

export async function readArrowSchema(path: string): Promise<Schema> {
  const stream = createReadStream(path);
  try {
    const reader = await RecordBatchReader.from(stream);
    await reader.open();
    return reader.schema;
  } catch (cause) {
    throw new WardenError('W_IO_BAD_ARROW', `cannot read Arrow schema: ${(cause as Error).message}`, { where: path, cause });
  } finally {
    stream.destroy();
  }
}

/**
 * Writes `dataset_info.json` and `state.json` beside Arrow shards so that
 * `datasets.load_from_disk(dir)` opens the folder. Shards must share one schema; the
 * fingerprint is derived from the content so equal runs produce equal folders.
 */
export async function writeHfDatasetMetadata(dir: string, files: string[], split?: string): Promise<void> {
  const schemas = await Promise.all(files.map((file) => readArrowSchema(join(dir, file))));
  const features = schemas.map((schema) => {
    const out: Record<string, unknown> = {};
    for (const field of schema.fields) out[field.name] = featureOf(field.type);
    return out;
  });
  const nonEmpty = features.filter((f) => Object.keys(f).length > 0);
  const first = JSON.stringify(nonEmpty[0] ?? {});
  const clash = nonEmpty.findIndex((f) => JSON.stringify(f) !== first);
  if (clash >= 0) {
    throw new WardenError('W_IO_WRITE', `shard schemas differ (${files[features.indexOf(nonEmpty[clash]!)]} vs the first shard); give every record the same fields and types`, { where: dir });
  }
  const info = { citation: '', description: '', features: nonEmpty[0] ?? {}, homepage: '', license: '' };
  const state = {
    _data_files: files.map((filename) => ({ filename })),
    _fingerprint: sha256(first + files.join(',')).slice(0, 16),
    _format_columns: null,
    _format_kwargs: {},
    _format_type: null,
    _output_all_columns: false,
    _split: split ?? null,
  };
  await writeFileAtomic(join(dir, 'dataset_info.json'), JSON.stringify(info, null, 2) + '\n');
  await writeFileAtomic(join(dir, 'state.json'), JSON.stringify(state, null, 2) + '\n');
}

/** Writes `dataset_dict.json` for a folder of split sub-folders. */
export async function writeHfDatasetDict(dir: string, splits: string[]): Promise<void> {
  await writeFileAtomic(join(dir, 'dataset_dict.json'), JSON.stringify({ splits }) + '\n');
}
