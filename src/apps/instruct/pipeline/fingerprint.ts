/**
 * Content hashes of stage inputs and outputs. A file hashes its bytes; a folder hashes the
 * sorted list of its files' relative paths and hashes, so a changed, added or removed file
 * changes it. Hidden entries (`.tmp-*`, staging folders) are left out: they are what an
 * interrupted write leaves behind, not content.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { WardenError } from '../../../core/errors.js';

/** Most files hashed in one folder (a snapshot directory or a dataset folder). */
export const MAX_FOLDER_FILES = 100_000;

/**
 * sha256 of a file, streamed; undefined when the path does not exist.
 *
 * @example
 * await hashFile('out/records.jsonl'); // 'e3b0c442...'
 */
export async function hashFile(path: string): Promise<string | undefined> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WardenError('W_IO_NOT_FOUND', `cannot read: ${(error as Error).message}`, { where: path, cause: error });
  }
}

/**
 * sha256 of a file or a folder (its visible files, recursively, `maxDepth` levels below it);
 * undefined when the path does not exist.
 *
 * @example
 * await hashPath('out/dataset'); // changes when any exported file changes
 */
export async function hashPath(path: string, maxDepth = 16): Promise<string | undefined> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WardenError('W_IO_NOT_FOUND', `cannot read: ${(error as Error).message}`, { where: path, cause: error });
  }
  if (!info.isDirectory()) return hashFile(path);
  const files = await listFiles(path, maxDepth);
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${relative(path, file).split(sep).join('/')}\0${await hashFile(file)}\n`);
  return hash.digest('hex');
}

async function listFiles(root: string, maxDepth: number): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < maxDepth) await walk(full, depth + 1);
      } else if (entry.isFile()) {
        out.push(full);
        if (out.length > MAX_FOLDER_FILES) throw new WardenError('W_USAGE', `more than ${MAX_FOLDER_FILES} files to fingerprint`, { where: root });
      }
    }
  };
  await walk(root, 0);
  return out;
}

/**
 * One hash over several: the order matters (it is the stage's input order).
 *
 * @example
 * combineHashes(['ab..', 'cd..']);
 */
export function combineHashes(hashes: readonly string[]): string {
  return createHash('sha256').update(hashes.join('\n')).digest('hex');
}
