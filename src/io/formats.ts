import { WardenError } from '../core/errors.js';

export type Format = 'jsonl' | 'parquet' | 'arrow' | 'csv' | 'hf';
export type Compression = 'none' | 'gzip' | 'zstd';

export const READ_FORMATS: readonly Format[] = ['jsonl', 'parquet', 'arrow', 'csv', 'hf'];
export const WRITE_FORMATS: readonly Format[] = ['jsonl', 'parquet', 'hf'];

export interface FileKind {
  format: Format;
  compression: Compression;
}

/**
 * The format of a file from its name: `.jsonl`/`.ndjson`/`.json` lines, optionally `.gz` or
 * `.zst`; `.parquet`; `.arrow`; `.csv`.
 *
 * @example
 * detectFileKind('a/b.jsonl.zst'); // { format: 'jsonl', compression: 'zstd' }
 */
export function detectFileKind(path: string): FileKind | undefined {
  let name = path.toLowerCase();
  let compression: Compression = 'none';
  if (name.endsWith('.gz')) {
    compression = 'gzip';
    name = name.slice(0, -3);
  } else if (name.endsWith('.zst') || name.endsWith('.zstd')) {
    compression = 'zstd';
    name = name.slice(0, name.lastIndexOf('.'));
  }
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || name.endsWith('.json')) return { format: 'jsonl', compression };
  if (compression !== 'none') return undefined;
  if (name.endsWith('.parquet') || name.endsWith('.pq')) return { format: 'parquet', compression };
  if (name.endsWith('.arrow') || name.endsWith('.ipc') || name.endsWith('.feather')) return { format: 'arrow', compression };
  if (name.endsWith('.csv')) return { format: 'csv', compression };
  return undefined;
}

export function requireFileKind(path: string): FileKind {
  const kind = detectFileKind(path);
  if (!kind) throw new WardenError('W_IO_UNSUPPORTED', 'cannot tell the format from the file name', { where: path });
  return kind;
}

export function parseFormat(text: string, allowed: readonly Format[], flag: string): Format {
  if ((allowed as readonly string[]).includes(text)) return text as Format;
  throw new WardenError('W_USAGE', `${flag} must be one of ${allowed.join(', ')} (got "${text}")`);
}
