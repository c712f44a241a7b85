import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Writes `count` JSONL records with varied lengths; every 7th has no id (derived ids). */
export async function writeCorpus(path: string, count: number, extra: (i: number) => Record<string, unknown> = () => ({})): Promise<void> {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = `record ${i} ` + 'lorem ipsum dolor sit amet '.repeat(i % 13) + (i % 5 === 0 ? 'ünïcode ✓' : '');
    const record = i % 7 === 0 ? { text, n: i, ...extra(i) } : { id: `r${i}`, text, n: i, ...extra(i) };
    lines.push(JSON.stringify(record));
  }
  await writeFile(path, lines.join('\n') + '\n');
}

/** Every file under `dir` (relative path → bytes), for comparing two run outputs exactly. */
export async function snapshotDir(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path), (await readFile(path)).toString('base64'));
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}
