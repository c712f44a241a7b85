/**
 * pipeline.json: read, written atomically after every stage event (so a kill leaves the last
 * consistent state), and a lock file so two runs never write one directory at once.
 */
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import { WARDEN_VERSION } from '../../../core/version.js';
import type { PipelineManifest } from './types.js';

export const MANIFEST_FILE = 'pipeline.json';
const LOCK_FILE = '.pipeline.lock';

/**
 * The manifest in `dir`, or a fresh one when there is none.
 *
 * @example
 * const manifest = await readManifest('out');
 * manifest.stages.collect?.status; // 'done' after a finished collect
 */
export async function readManifest(dir: string): Promise<PipelineManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new WardenError('W_IO_NOT_FOUND', `cannot read: ${(error as Error).message}`, { where: path, cause: error });
    const now = new Date().toISOString();
    return { warden: WARDEN_VERSION, status: 'running', created_at: now, updated_at: now, stages: {} };
  }
  try {
    const manifest = JSON.parse(text) as PipelineManifest;
    if (typeof manifest !== 'object' || manifest === null || typeof manifest.stages !== 'object' || manifest.stages === null) throw new Error('no "stages" object');
    return manifest;
  } catch (cause) {
    throw new WardenError('W_RUN_MISMATCH', `not a pipeline manifest (${(cause as Error).message}); delete it to start over`, { where: path, cause });
  }
}

/**
 * Writes the manifest atomically, stamping `updated_at`.
 *
 * @example
 * await writeManifest('out', manifest);
 */
export async function writeManifest(dir: string, manifest: PipelineManifest): Promise<void> {
  manifest.updated_at = new Date().toISOString();
  manifest.warden = WARDEN_VERSION;
  await writeFileAtomic(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

/**
 * A path as the manifest records it: relative to the run directory when inside it.
 *
 * @example
 * manifestPath('/runs/a', '/runs/a/pairs.jsonl'); // 'pairs.jsonl'
 */
export function manifestPath(dir: string, path: string): string {
  const rel = relative(resolve(dir), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : resolve(path);
}

/**
 * Takes the run directory's lock (a file holding the pid); a lock left by a dead process (a
 * killed run) is taken over. Returns the release function.
 *
 * @example
 * const release = await lockRunDir('out');
 * try { ... } finally { await release(); }
 */
export async function lockRunDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  // The pid is written to a private file first and linked into place: the lock appears with
  // its pid in it (link fails if it exists), so no one can read a half-written lock as stale.
  const mine = `${path}.${process.pid}`;
  await writeFile(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(mine, path);
        return async function releaseLock() {
          await rm(path, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new WardenError('W_IO_WRITE', `cannot create the lock file: ${(error as Error).message}`, { where: path, cause: error });
        const text = await readFile(path, 'utf8').catch(() => '');
        const holder = Number(text.trim());
        if (text.trim() === '' || !Number.isInteger(holder) || holder <= 0) {
          throw new WardenError('W_RUN_MISMATCH', 'the run directory lock holds no pid; if no run is using this directory, delete the lock file', { where: path });
        }
        if (holder !== process.pid && alive(holder)) {
          throw new WardenError('W_RUN_MISMATCH', `another pipeline run (pid ${holder}) is using this directory; wait for it or pick another --out`, { where: dir });
        }
        // A dead holder's lock: remove it only if it is still that one, then try again.
        if ((await readFile(path, 'utf8').catch(() => '')) === text) await rm(path, { force: true });
      }
    }
  } finally {
    await rm(mine, { force: true });
  }
  throw new WardenError('W_RUN_MISMATCH', 'cannot take the run directory lock', { where: path });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
