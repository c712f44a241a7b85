import { open, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { WardenError } from '../../core/errors.js';

export interface FileToScan {
  path: string;
  /** Path shown in reports (relative to the working directory when possible). */
  display: string;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

/**
 * Expands paths to the files to scan: directories recursively (dot-folders like .git and
 * node_modules skipped), in sorted order. Files over `maxBytes` or that look binary (a NUL byte
 * in the first 8 KB) are skipped and reported, never silently.
 */
export async function collectFiles(paths: readonly string[], maxBytes: number): Promise<{ files: FileToScan[]; skipped: SkippedFile[] }> {
  const files: FileToScan[] = [];
  const skipped: SkippedFile[] = [];
  const visit = async (path: string): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new WardenError('W_IO_NOT_FOUND', 'no such file or directory', { where: path });
    }
    if (info.isDirectory()) {
      const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (entry.isDirectory() && (entry.name.startsWith('.') || entry.name === 'node_modules')) continue;
        if (entry.isDirectory() || entry.isFile()) await visit(join(path, entry.name));
      }
      return;
    }
    if (!info.isFile()) return;
    if (info.size > maxBytes) {
      skipped.push({ path, reason: `larger than ${maxBytes} bytes` });
      return;
    }
    if (await looksBinary(path)) {
      skipped.push({ path, reason: 'binary file' });
      return;
    }
    const display = relative(process.cwd(), path);
    files.push({ path, display: display && !display.startsWith('..') ? display : path });
  };
  for (const path of paths) await visit(path);
  return { files, skipped };
}

async function looksBinary(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}
