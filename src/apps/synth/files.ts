import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { WardenError } from '../../core/errors.js';

/**
 * Reads a whole input file, turning the usual failures into WardenErrors that name the path.
 * Synthetic data sets are small (prompt output), so whole-file reads keep the line logic simple.
 *
 * @example
 * const bytes = await readInput('gen/educational.jsonl');
 */
export async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WardenError('W_IO_NOT_FOUND', 'no such file', { where: path, cause });
    if (code === 'EISDIR') throw new WardenError('W_USAGE', 'is a directory; pass the JSONL files in it', { where: path, cause });
    throw new WardenError('W_IO_NOT_FOUND', `cannot read file: ${(cause as Error).message}`, { where: path, cause });
  }
}

/**
 * A backup name beside `path` that does not exist yet (`x.jsonl.bak`, then `.bak.1`, ...), so
 * fixing the same file twice never overwrites the first, original copy.
 *
 * @example
 * freeBackupPath('gen/a.jsonl'); // 'gen/a.jsonl.bak' when that name is free
 */
export function freeBackupPath(path: string): string {
  let candidate = `${path}.bak`;
  for (let n = 1; existsSync(candidate); n++) candidate = `${path}.bak.${n}`;
  return candidate;
}
