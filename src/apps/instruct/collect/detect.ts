import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WardenError } from '../../../core/errors.js';
import type { SourceName } from '../types.js';

/** The sources that can be read from snapshot files. */
export const OFFLINE_SOURCES = ['nvd', 'attack', 'capec', 'cwe', 'arxiv', 'kev', 'ghsa', 'opencve'] as const satisfies readonly SourceName[];
export type OfflineSource = (typeof OFFLINE_SOURCES)[number];

export interface SnapshotFile {
  path: string;
  /** Name relative to the snapshot directory, for reports. */
  name: string;
  source: OfflineSource;
  bytes: number;
}

const HEAD_BYTES = 4096;
/** Sub-folders searched below the snapshot directory (the advisory-database repo nests GHSA files 5 deep: advisories/github-reviewed/YYYY/MM/GHSA-…/). */
const MAX_DEPTH = 6;

/**
 * Finds the snapshot files in `dir` (and up to six folder levels below) and tells which
 * source each holds, from its first 4 KB (root element, well-known keys) and, failing that,
 * its name. Files that match no source are returned in `ignored`. Sorted by name.
 *
 * @example
 * const { files } = await findSnapshots('data/instruct/sources');
 * files.map((f) => f.source); // ['attack', 'capec', 'nvd', ...]
 */
export async function findSnapshots(dir: string): Promise<{ files: SnapshotFile[]; ignored: string[] }> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new WardenError('W_IO_NOT_FOUND', 'the --offline snapshot directory does not exist or is not a directory', { where: dir });
  const files: SnapshotFile[] = [];
  const ignored: string[] = [];
  const walk = async (folder: string, prefix: string, depth: number) => {
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) await walk(path, name, depth + 1);
      } else if (entry.isFile()) {
        const source = classify(entry.name, await readHead(path));
        if (source) files.push({ path, name, source, bytes: (await stat(path)).size });
        else ignored.push(name);
      }
    }
  };
  await walk(dir, '', 0);
  return { files, ignored };
}

async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * The source a file holds, by content first, then by name; undefined when neither tells.
 *
 * @example
 * classify('x.xml', '<?xml version="1.0"?><Weakness_Catalog Name="CWE">'); // 'cwe'
 */
export function classify(name: string, head: string): OfflineSource | undefined {
  const text = head.trimStart();
  if (text.startsWith('<')) {
    if (head.includes('<Attack_Pattern_Catalog')) return 'capec';
    if (head.includes('<Weakness_Catalog')) return 'cwe';
    if (head.includes('<feed') && head.includes('http://www.w3.org/2005/Atom')) return 'arxiv';
  } else if (text.startsWith('{')) {
    if (/"format"\s*:\s*"NVD_CVE"/.test(head) || /"vulnerabilities"\s*:\s*\[\s*\{\s*"cve"/.test(head)) return 'nvd';
    if (head.includes('"catalogVersion"')) return 'kev';
    if (/"type"\s*:\s*"bundle"/.test(head)) return 'attack';
    if (isGhsa(head)) return 'ghsa';
    if (head.includes('"cve_id"')) return 'opencve';
  } else if (text.startsWith('[')) {
    if (isGhsa(head)) return 'ghsa';
    if (head.includes('"cve_id"')) return 'opencve';
  } else return undefined;
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) {
    if (lower.includes('nvdcve') || lower.startsWith('nvd')) return 'nvd';
    if (lower.includes('known_exploited') || lower.includes('kev')) return 'kev';
    if (lower.includes('attack')) return 'attack';
    if (lower.startsWith('ghsa')) return 'ghsa';
    if (lower.includes('opencve')) return 'opencve';
  } else if (lower.endsWith('.xml')) {
    if (lower.includes('capec')) return 'capec';
    if (lower.includes('cwe')) return 'cwe';
    if (lower.includes('arxiv')) return 'arxiv';
  } else if (lower.endsWith('.atom')) return 'arxiv';
  return undefined;
}

/** A GitHub advisory: REST (`"ghsa_id"`) or OSV (`"id": "GHSA-…"`). */
function isGhsa(head: string): boolean {
  return head.includes('"ghsa_id"') || /"id"\s*:\s*"GHSA-/.test(head);
}
