import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { G, render } from './compose.js';
import { EDGE_ROWS } from './families/edge-cases.js';
import { EDGE_FAMILY, FAMILIES, TEMPLATE_FAMILIES } from './families.js';
import { BANKS } from './lang/index.js';
import { renderReadme } from './readme.js';
import { Rng } from './rng.js';
import type { Cat, Lang, LangBank, Row, SegmentType, Subject, Template } from './types.js';

/**
 * Builds the pre-classifier training rows and writes `data/preclassifier/rows.jsonl` and its
 * README. Deterministic: a fixed seed, one independent stream per family and language.
 *
 * Run: `npx tsx training/preclassifier/generate.ts`
 */

export const SEED = 0x5eed_2025;
export const MIN_LEN = 80;
export const MAX_LEN = 700;
/** Attempts per wanted row before a family gives up (duplicates, length limits). */
const ATTEMPTS = 40;

interface Job {
  family: string;
  label: Row['label'];
  lang: Lang;
  subject: Subject;
  templates: readonly Template[];
  count: number;
  cats?: readonly Cat[];
  match?: RegExp;
  dangerMatch?: RegExp;
  bank?: LangBank;
}

function runJob(job: Job, r: Rng, seen: Set<string>): Omit<Row, 'id'>[] {
  const out: Omit<Row, 'id'>[] = [];
  for (let i = 0; out.length < job.count && i < job.count * ATTEMPTS; i++) {
    const t = job.templates[i % job.templates.length]!;
    const g = new G(r, job.lang, job.subject, job.cats, job.bank, job.match, job.dangerMatch);
    const text = render(t, g);
    if (text.length < MIN_LEN || text.length > MAX_LEN || seen.has(text)) continue;
    seen.add(text);
    const seg: SegmentType = g.seg ?? (text.includes('`') ? 'code' : 'text');
    out.push({ text, label: job.label, segment_type: seg, language: job.lang, family: job.family });
  }
  return out;
}

/** Every row, grouped by family (English, then other languages, then edge cases). */
export function generateRows(seed = SEED): Row[] {
  const root = new Rng(seed);
  const seen = new Set<string>();
  const byFamily = new Map<string, Omit<Row, 'id'>[]>(FAMILIES.map((f) => [f.id, []]));
  const jobs: Job[] = TEMPLATE_FAMILIES.map((f) => ({ family: f.id, label: f.label, lang: 'en', subject: f.subject, templates: f.templates, count: f.count, cats: f.cats, match: f.match, dangerMatch: f.dangerMatch }));
  for (const bank of BANKS) {
    for (const frame of bank.frames) {
      const fam = FAMILIES.find((f) => f.id === frame.family);
      if (!fam || fam.kind !== 'template') throw new Error(`${bank.lang}: unknown family ${frame.family}`);
      jobs.push({ family: fam.id, label: fam.label, lang: bank.lang, subject: frame.subject, templates: frame.templates, count: bank.perFrame, bank });
    }
  }
  for (const job of jobs) byFamily.get(job.family)!.push(...runJob(job, root.fork(`${job.lang}:${job.family}`), seen));
  for (const e of EDGE_ROWS) {
    if (seen.has(e.text)) throw new Error(`duplicate edge row: ${e.text.slice(0, 60)}`);
    seen.add(e.text);
    byFamily.get(EDGE_FAMILY[e.label])!.push({ text: e.text, label: e.label, segment_type: e.segment_type, language: e.lang ?? 'en', family: EDGE_FAMILY[e.label] });
  }
  const rows: Row[] = [];
  for (const [family, list] of byFamily) list.forEach((x, i) => rows.push({ id: `${family}-${i + 1}`, ...x }));
  return rows;
}

/** The rows as the committed data/preclassifier/rows.jsonl holds them (a test keeps the two equal). */
export function rowsJsonl(rows: readonly Row[]): string {
  return rows.map((r) => JSON.stringify({ id: r.id, text: r.text, label: r.label, segment_type: r.segment_type, language: r.language, family: r.family })).join('\n') + '\n';
}

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'preclassifier');

function main(): void {
  const dir = DATA_DIR;
  mkdirSync(dir, { recursive: true });
  const rows = generateRows();
  const jsonl = rowsJsonl(rows);
  writeFileSync(join(dir, 'rows.jsonl'), jsonl);
  writeFileSync(join(dir, 'README.md'), renderReadme(rows, SEED));
  process.stdout.write(`wrote ${rows.length} rows to data/preclassifier/rows.jsonl\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
