import { open } from 'node:fs/promises';
import { readArrow } from './arrow.js';
import { readCsv } from './csv.js';
import type { Compression } from './formats.js';
import type { InputFile } from './inputs.js';
import { readJsonl } from './jsonl.js';
import { readParquet, readParquetMetadata } from './parquet.js';
import type { ReadOptions, RecordBatch } from './record.js';

/**
 * A unit of input that one worker reads start to finish: a whole file, a line-aligned byte
 * range of a plain JSONL file, or a run of Parquet row groups. Parts are plain data so they can
 * be stored in a run plan and sent to workers.
 */
export type InputPart =
  | { format: 'jsonl'; path: string; rel: string; split?: string | undefined; compression: Compression; range?: { start: number; end: number } | undefined; firstLine: number }
  | { format: 'parquet'; path: string; rel: string; split?: string | undefined; rowGroups?: [number, number] | undefined }
  | { format: 'arrow' | 'csv'; path: string; rel: string; split?: string | undefined };

export const DEFAULT_PART_BYTES = 64 * 1024 * 1024;

/**
 * Splits one input file into parts of about `targetBytes`. Plain JSONL is cut at line starts
 * (counting lines once, so errors can still say file:line); Parquet at row-group boundaries;
 * compressed, Arrow and CSV files stay whole.
 */
export async function partitionFile(file: InputFile, targetBytes = DEFAULT_PART_BYTES): Promise<InputPart[]> {
  const base = { path: file.path, rel: file.rel, split: file.split };
  if (file.format === 'jsonl') {
    if (file.compression !== 'none' || file.size <= targetBytes) {
      return [{ ...base, format: 'jsonl', compression: file.compression, firstLine: 1 }];
    }
    const cuts = await lineCuts(file.path, file.size, targetBytes);
    return cuts.map((cut, i) => ({
      ...base,
      format: 'jsonl' as const,
      compression: 'none' as const,
      range: { start: cut.offset, end: cuts[i + 1]?.offset ?? file.size },
      firstLine: cut.line,
    }));
  }
  if (file.format === 'parquet') {
    const metadata = await readParquetMetadata(file.path);
    const parts: InputPart[] = [];
    let start = 0;
    let bytes = 0;
    metadata.row_groups.forEach((group, g) => {
      bytes += Number(group.total_compressed_size ?? group.total_byte_size);
      const last = g === metadata.row_groups.length - 1;
      if (bytes >= targetBytes || last) {
        parts.push({ ...base, format: 'parquet', rowGroups: [start, g + 1] });
        start = g + 1;
        bytes = 0;
      }
    });
    return parts.length ? parts : [{ ...base, format: 'parquet', rowGroups: [0, 0] }];
  }
  if (file.format === 'arrow' || file.format === 'csv') return [{ ...base, format: file.format }];
  return [{ ...base, format: 'arrow' }];
}

/**
 * Offsets where parts start (each just after a '\n') with their 1-based line numbers. One
 * sequential pass with memchr-speed newline counting.
 */
async function lineCuts(path: string, size: number, targetBytes: number): Promise<{ offset: number; line: number }[]> {
  const cuts = [{ offset: 0, line: 1 }];
  const handle = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(1 << 22);
  let position = 0;
  let line = 1;
  let nextCut = targetBytes;
  try {
    while (position < size) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      let i = buffer.indexOf(10, 0);
      while (i >= 0 && i < bytesRead) {
        line++;
        const offset = position + i + 1;
        if (offset >= nextCut && offset < size) {
          cuts.push({ offset, line });
          nextCut = offset + targetBytes;
        }
        i = buffer.indexOf(10, i + 1);
      }
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return cuts;
}

/** Reads any part as batches of records. */
export function readPart(part: InputPart, options: ReadOptions): AsyncGenerator<RecordBatch> {
  switch (part.format) {
    case 'jsonl':
      return readJsonl(part, options);
    case 'parquet':
      return readParquet(part, options);
    case 'arrow':
      return readArrow(part, options);
    case 'csv':
      return readCsv(part, options);
  }
}
