import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { tempPathFor } from '../core/atomic.js';
import { WardenError } from '../core/errors.js';
import { detectFileKind, type Compression, type Format } from './formats.js';
import { hfShardName, writeHfDatasetDict, writeHfDatasetMetadata } from './hf-dataset.js';
import { resolveInputs, type InputFile } from './inputs.js';
import { partitionFile, readPart } from './parts.js';
import type { FieldMap, OnError, Reject } from './record.js';
import { openRecordWriter, type RecordWriter } from './writer.js';

export interface ConvertOptions {
  inputs: string[];
  output: string;
  /** Output format; from the output name when absent (a name without a data extension is a HF folder). */
  format?: Format | undefined;
  splits?: string[] | undefined;
  fields: FieldMap;
  onError: OnError;
  /** Hugging Face shard size limit, like `save_to_disk(max_shard_size=...)`. */
  maxShardBytes?: number;
  onProgress?: (records: number, bytes: number) => void;
}

export interface ConvertResult {
  output: string;
  format: Format;
  rows: number;
  rejects: Reject[];
  files: string[];
}

/**
 * Streams any supported input into any writable format. Inputs are never modified; the output
 * appears only when complete (atomic files). Splits of a DatasetDict stay splits in `hf` output.
 *
 * @example
 * await convert({ inputs: ['a.jsonl.gz'], output: 'a.parquet', fields: { text: 'text', id: 'id' }, onError: 'fail' });
 */
export async function convert(options: ConvertOptions): Promise<ConvertResult> {
  const files = await resolveInputs(options.inputs, { splits: options.splits });
  const output = resolve(options.output);
  if (files.some((f) => f.path === output || f.path.startsWith(output + sep))) {
    throw new WardenError('W_USAGE', 'output would overwrite an input', { where: options.output });
  }
  const kind = detectFileKind(output);
  const format = options.format ?? kind?.format ?? 'hf';
  const compression: Compression = kind?.compression ?? 'none';
  const rejects: Reject[] = [];
  const read = { fields: options.fields, onError: options.onError };
  let rows = 0;

  if (format !== 'hf') {
    if (format === 'arrow' || format === 'csv') throw new WardenError('W_IO_UNSUPPORTED', `writing ${format} files is not supported; use .jsonl, .parquet or a folder (Hugging Face layout)`, { where: options.output });
    const writer = await openRecordWriter(output, { format, compression });
    try {
      rows = await copyFiles(files, writer, read, rejects, options.onProgress);
      await writer.close();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    return { output, format, rows, rejects, files: [output] };
  }

  await checkDatasetTarget(output);
  // The whole folder is built beside the target and swapped in, so an old data set is never
  // mixed with new shards and a failed conversion leaves the old one as it was.
  const staging = tempPathFor(output);
  const bySplit = new Map<string, InputFile[]>();
  for (const file of files) bySplit.set(file.split ?? '', [...(bySplit.get(file.split ?? '') ?? []), file]);
  const written: string[] = [];
  try {
    for (const [split, splitFiles] of bySplit) {
      const names = await writeHfShards(split ? join(staging, split) : staging, splitFiles, read, rejects, options, (n) => (rows += n));
      await writeHfDatasetMetadata(split ? join(staging, split) : staging, names, split || undefined);
      written.push(...names.map((n) => join(split ? join(output, split) : output, n)));
    }
    const splits = [...bySplit.keys()].filter(Boolean);
    if (splits.length) await writeHfDatasetDict(staging, splits);
    await rm(output, { recursive: true, force: true });
    await rename(staging, output);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { output, format, rows, rejects, files: written };
}

/** A folder output may replace an earlier data set, but never other files. */
async function checkDatasetTarget(output: string): Promise<void> {
  if (!existsSync(output)) return;
  const info = await stat(output);
  const isDataset = info.isDirectory() && (existsSync(join(output, 'state.json')) || existsSync(join(output, 'dataset_dict.json')));
  if (isDataset || (info.isDirectory() && (await readdir(output)).length === 0)) return;
  throw new WardenError('W_USAGE', 'output exists and is not a Hugging Face data set folder; choose a new or empty folder', { where: output });
}

async function copyFiles(
  files: InputFile[],
  writer: RecordWriter,
  read: { fields: FieldMap; onError: OnError },
  rejects: Reject[],
  onProgress?: (records: number, bytes: number) => void,
): Promise<number> {
  let rows = 0;
  for (const file of files) {
    for (const part of await partitionFile(file, Number.MAX_SAFE_INTEGER)) {
      for await (const batch of readPart(part, read)) {
        await writer.write(batch.records);
        rows += batch.records.length;
        rejects.push(...batch.rejects);
        onProgress?.(batch.records.length, batch.bytes);
      }
    }
  }
  return rows;
}

/** Writes Arrow shards of at most maxShardBytes, then names them data-i-of-N as HF does. */
async function writeHfShards(
  dir: string,
  files: InputFile[],
  read: { fields: FieldMap; onError: OnError },
  rejects: Reject[],
  options: ConvertOptions,
  count: (rows: number) => void,
): Promise<string[]> {
  const limit = options.maxShardBytes ?? 500 * 1024 * 1024;
  const temps: string[] = [];
  let writer: RecordWriter | undefined;
  let bytes = 0;
  try {
    for (const file of files) {
      for (const part of await partitionFile(file, Number.MAX_SAFE_INTEGER)) {
        for await (const batch of readPart(part, read)) {
          if (!writer || bytes >= limit) {
            await writer?.close();
            const temp = join(dir, `.partial-${temps.length}.arrow`);
            temps.push(temp);
            writer = await openRecordWriter(temp, { format: 'arrow' });
            bytes = 0;
          }
          await writer.write(batch.records);
          bytes += batch.bytes;
          count(batch.records.length);
          rejects.push(...batch.rejects);
          options.onProgress?.(batch.records.length, batch.bytes);
        }
      }
    }
    if (!writer) {
      const temp = join(dir, '.partial-0.arrow');
      temps.push(temp);
      writer = await openRecordWriter(temp, { format: 'arrow' });
    }
    await writer.close();
  } catch (error) {
    await writer?.abort();
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw error;
  }
  const names = temps.map((_, i) => hfShardName(i, temps.length));
  for (const [i, temp] of temps.entries()) {
    const target = join(dir, names[i]!);
    if (existsSync(target)) await rm(target);
    await rename(temp, target);
  }
  return names;
}
