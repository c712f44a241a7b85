import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { commandsDetector } from '../../src/detect/commands/index.js';
import type { Row } from './types.js';

/**
 * Runs Warden's commands detector over the rows: educational and command rows should hold a
 * command it flags, text rows none. Prints the misses (detector gaps or label mistakes) and the
 * text rows it flags (false positives the pre-classifier has to allow). Exits 1 when a text row
 * from a template family is flagged.
 *
 * Run: `npx tsx training/preclassifier/check.ts`
 */

function flagged(text: string): string[] {
  return commandsDetector.detect(text, { present: new Set(), view: 'original' }).map((f) => f.rule);
}

function main(): void {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'preclassifier', 'rows.jsonl');
  const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
  const missed = new Map<string, number>();
  const falsePos: string[] = [];
  let dangerRows = 0;
  let dangerHit = 0;
  for (const r of rows) {
    const rules = flagged(r.text);
    if (r.label === 'text') {
      if (rules.length > 0) falsePos.push(`${r.id}: ${rules.join(', ')}`);
      continue;
    }
    dangerRows++;
    if (rules.length > 0) dangerHit++;
    else {
      const code = /```[^\n]*\n([^\n]*)/.exec(r.text)?.[1] ?? /`([^`]+)`/.exec(r.text)?.[1] ?? r.text;
      const key = code.replace(/\d+(\.\d+){3}/g, 'IP').slice(0, 60);
      missed.set(key, (missed.get(key) ?? 0) + 1);
    }
  }
  const out = [`educational + command rows flagged by the detector: ${dangerHit}/${dangerRows}`, '', 'not flagged (first code line, by count):'];
  for (const [k, n] of [...missed].sort((a, b) => b[1] - a[1]).slice(0, 40)) out.push(`  ${String(n).padStart(4)}  ${k}`);
  out.push('', `text rows flagged: ${falsePos.length}`, ...falsePos.slice(0, 40).map((s) => `  ${s}`));
  process.stdout.write(out.join('\n') + '\n');
  if (falsePos.some((s) => !s.startsWith('edge-'))) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
