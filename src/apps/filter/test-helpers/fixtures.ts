import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { readJudgments, TIMING_COLUMNS, type JudgmentRow } from '../judgments-file.js';

export const REPO = resolve(import.meta.dirname, '../../../..');
export const DEMO_DIR = join(REPO, 'data/demo/filter');
export const DEMO_MODEL = join(REPO, 'models/demo-filter');
export const DEMO_CORPUS = join(DEMO_DIR, 'corpus.jsonl');
export const DEMO_TERMS = join(DEMO_DIR, 'terms.txt');

/** Every file under `dir` (relative path → base64 bytes), sorted, for exact comparisons. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path), (await readFile(path)).toString('base64'));
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** All judgment rows of a run in file order, with the wall-time columns left out. */
export async function judgmentRows(runDir: string, { timings = false } = {}): Promise<JudgmentRow[]> {
  const dir = join(runDir, 'judgments');
  const rows: JudgmentRow[] = [];
  for (const name of (await readdir(dir)).filter((f) => f.endsWith('.parquet')).sort()) {
    for await (const group of readJudgments(join(dir, name))) {
      for (const row of group) {
        if (!timings) for (const column of TIMING_COLUMNS) delete row[column];
        rows.push(row);
      }
    }
  }
  return rows;
}

/** Lines of every JSONL file under `dir`, in file-name order. */
export async function jsonlLines(dir: string): Promise<string[]> {
  const lines: string[] = [];
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.jsonl')).map((e) => join(e.parentPath, e.name)).sort();
  for (const file of files) lines.push(...(await readFile(file, 'utf8')).split('\n').filter(Boolean));
  return lines;
}
