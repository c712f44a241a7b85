import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { rethreshold } from './rethreshold.js';
import { runFilter } from './run.js';

/** The shape `warden demo` runs (structural, so the demo app is not imported). */
export interface FilterDemoStep {
  title: string;
  run(ctx: { dataDir: string; outDir: string; workers?: number }): Promise<string[]>;
}

/** The stand-in classifier trained from data/demo/filter/train.jsonl (see data/demo/filter/README.md). */
export const DEMO_FILTER_MODEL = fileURLToPath(new URL('../../../models/demo-filter', import.meta.url));

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const f3 = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/**
 * The corpus hazard filter on the bundled synthetic corpus (an invented world's "forbidden
 * draughts", a stand-in term list and classifier): blocklist → classifier with ground truth,
 * a checkpoint every 10 % of the input, then a rethreshold without rescoring.
 */
export const filterDemoStep: FilterDemoStep = {
  title: 'Corpus hazard filter: blocklist → classifier cascade over 300 synthetic documents, then a rethreshold',
  async run({ dataDir, outDir, workers }) {
    const dir = join(dataDir, 'filter');
    const output = join(outDir, 'filter');
    const result = await runFilter(
      {
        input: [join(dir, 'corpus.jsonl')],
        output,
        filters: ['blocklist', 'classifier'],
        blocklist: join(dir, 'terms.txt'),
        minDistinctTerms: 2,
        classifier: DEMO_FILTER_MODEL,
        threshold: 0.5,
        saveEvery: 0.1,
        labelField: 'label',
        workers: workers ?? 1,
      },
      { force: true, logJudgments: 50, progress: false },
    );
    const r = result.report;
    const lines = [`${r.totals.records} documents in ${result.manifest.shards} shards (one checkpoint each): kept ${r.totals.kept}, removed ${r.totals.removed} (${pct(r.totals.removed_rate)})`];
    for (const s of r.stages) lines.push(`  ${s.name.padEnd(10)} judged ${String(s.judged).padStart(3)}, escalated ${String(s.escalated).padStart(3)} (${pct(s.escalation_rate)})`);
    if (r.labels) {
      lines.push(`against the "label" field (${r.labels.labelled} labelled documents), the cascade up to each stage:`);
      for (const s of r.labels.stages) lines.push(`  ${s.name.padEnd(10)} precision ${f3(s.cascade.precision)}, recall ${f3(s.cascade.recall)} (TP ${s.cascade.tp}, FP ${s.cascade.fp}, FN ${s.cascade.fn})`);
    }
    if (r.top_terms?.length) lines.push(`most frequent stand-in terms: ${r.top_terms.slice(0, 4).map((t) => `${t.term} (${t.records})`).join(', ')}`);
    const lower = await rethreshold(output, 0.05);
    lines.push(`rethreshold 0.5 → 0.05 from the logged scores (nothing rescored): removed ${r.totals.removed} → ${lower.report.totals.removed}, precision ${f3(r.labels?.final.precision ?? null)} → ${f3(lower.report.labels?.final.precision ?? null)}`);
    lines.push(`kept → ${result.paths.keptDir}/, removed → ${result.paths.removedDir}/, judgments → ${result.paths.judgmentsDir}/ (+ first 50 in judgments.csv)`);
    lines.push(`report → ${result.paths.reportHtml}; rethreshold → ${lower.dir}/`);
    return lines;
  },
};
