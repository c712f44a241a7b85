import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Label, Row } from './types.js';

/**
 * Label-leakage check: for every token in at least `min` rows, the share of its most common
 * label. Tokens above `share` predict a label by themselves. CJK runs count as character
 * bigrams. The `prose` column is the share of a token's rows where it occurs outside code: near 0
 * means a command or tool token, not framing. With `--prose`, code is removed before counting.
 *
 * Run: `npx tsx training/preclassifier/skew.ts [--prose] [--min 20] [--share 0.9] [--top 60]`
 */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** Lower-cased tokens of a text, as a set. */
export function tokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}_]+/gu)) {
    const w = m[0];
    if (!CJK.test(w)) {
      out.add(w);
      continue;
    }
    const runs = w.split(/([\u3400-\u9fff\uf900-\ufaff]+)/u);
    for (const run of runs) {
      if (!run) continue;
      if (!CJK.test(run)) out.add(run);
      else if (run.length === 1) out.add(run);
      else for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
    }
  }
  return out;
}

export function stripCode(text: string): string {
  return text.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
}

export interface Skew {
  token: string;
  rows: number;
  label: Label;
  share: number;
  counts: Record<Label, number>;
  /** Share of its rows in which the token occurs outside code (fences, backticks). */
  prose: number;
}

/** Tokens in >= min rows, sorted by share then row count, descending. */
export function skew(rows: readonly Pick<Row, 'text' | 'label'>[], min = 20, prose = false): Skew[] {
  const stats = new Map<string, Record<Label, number>>();
  const inProse = new Map<string, number>();
  for (const r of rows) {
    const framing = tokens(stripCode(r.text));
    for (const t of prose ? framing : tokens(r.text)) {
      let c = stats.get(t);
      if (!c) stats.set(t, (c = { educational: 0, command: 0, text: 0 }));
      c[r.label]++;
      if (framing.has(t)) inProse.set(t, (inProse.get(t) ?? 0) + 1);
    }
  }
  const out: Skew[] = [];
  for (const [token, counts] of stats) {
    const n = counts.educational + counts.command + counts.text;
    if (n < min) continue;
    const label = (['educational', 'command', 'text'] as const).reduce((a, b) => (counts[b] > counts[a] ? b : a));
    out.push({ token, rows: n, label, share: counts[label] / n, counts, prose: (inProse.get(token) ?? 0) / n });
  }
  return out.sort((a, b) => b.share - a.share || b.rows - a.rows || (a.token < b.token ? -1 : 1));
}

/** Warning and danger words, in every language of the set. */
export const WARNING = /\b(?:warn(?:ing)?|never|dangerous|danger|malicious|attackers?|do not|don't|caution|exploit\w*|careful|risky|achtung|warnung|niemals|gefährlich|vorsicht|angreifer|schädlich|dikkat|uyarı|asla|tehlikeli|saldırgan\w*|atención|advertencia|nunca|peligroso|cuidado|atacantes|malicioso|avertissement|jamais|dangereux|prudence|attaquants|malveillant)\b|注意|警告|千万|危险|攻击者|恶意|小心/iu;
/** Imperative verbs of running something. */
export const IMPERATIVE = /\b(?:run|execute|paste|type|ausführen|führen sie|fügen sie|çalıştır\w*|yapıştır\w*|ejecuta|pega|exécutez|lancez|collez)\b|运行|执行|粘贴/iu;

/** Per label: share of rows with warning words, imperative verbs, a code block, and prose only. */
export function framingReport(rows: readonly Pick<Row, 'text' | 'label' | 'segment_type'>[]): string[] {
  const out = ['label         rows   warning  imperative  fenced  segment=text'];
  for (const label of ['educational', 'command', 'text'] as const) {
    const rs = rows.filter((r) => r.label === label);
    const pct = (f: (r: (typeof rs)[number]) => boolean) => `${((100 * rs.filter(f).length) / rs.length).toFixed(1)}%`;
    out.push(`${label.padEnd(14)}${String(rs.length).padEnd(7)}${pct((r) => WARNING.test(r.text)).padEnd(9)}${pct((r) => IMPERATIVE.test(r.text)).padEnd(12)}${pct((r) => r.text.includes('```')).padEnd(8)}${pct((r) => r.segment_type === 'text')}`);
  }
  return out;
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

function main(): void {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'preclassifier', 'rows.jsonl');
  const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
  const min = arg('--min', 20);
  const limit = arg('--share', 0.9);
  const top = arg('--top', 60);
  const prose = process.argv.includes('--prose');
  const all = skew(rows, min, prose);
  const over = all.filter((s) => s.share > limit);
  const w = (s: string, n: number) => s.padEnd(n);
  const lines = [`${rows.length} rows, ${all.length} tokens in >= ${min} rows${prose ? ' (code removed)' : ''}; ${over.length} above ${limit}:`, ''];
  lines.push(`${w('token', 26)}${w('rows', 7)}${w('label', 13)}${w('share', 8)}${w('prose', 7)}edu/cmd/txt`);
  for (const s of over.slice(0, top)) lines.push(`${w(s.token, 26)}${w(String(s.rows), 7)}${w(s.label, 13)}${w(s.share.toFixed(3), 8)}${w(s.prose.toFixed(2), 7)}${s.counts.educational}/${s.counts.command}/${s.counts.text}`);
  if (over.length > top) lines.push(`... ${over.length - top} more (--top N to see them)`);
  lines.push('', ...framingReport(rows));
  process.stdout.write(lines.join('\n') + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
