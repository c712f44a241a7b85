/**
 * The filter report as one self-contained HTML page (tables and inline SVG, no scripts or
 * external assets; a Content-Security-Policy forbids both). Terms, ids and split names come from
 * user data, so every string is escaped.
 */
import { escapeHtml, renderConfusion, renderLineChart } from '../../ml/report-svg.js';
import type { Confusion, FilterReport } from './report.js';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #111; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .25rem; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.muted { color: #666; }
svg { max-width: 100%; height: auto; }
`;
const CSP = "default-src 'none'; style-src 'unsafe-inline'";

const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(2)} %`);
const f3 = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
const int = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toLocaleString('en-US'));
const num = (text: string) => `<td class="num">${text}</td>`;

function table(head: string[], rows: string[][]): string {
  return `<table><tr>${head.map((h, i) => `<th${i > 0 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr>\n${rows.map((r) => `<tr>${r.join('')}</tr>`).join('\n')}</table>`;
}

function confusionRow(name: string, c: Confusion): string[] {
  return [`<th>${escapeHtml(name)}</th>`, num(int(c.tp)), num(int(c.fp)), num(int(c.fn)), num(int(c.tn)), num(f3(c.precision)), num(f3(c.recall)), num(f3(c.f1))];
}

/** A bar chart of the classifier's max-score histogram (20 bins), with the threshold marked. */
function histogram(bins: readonly number[], threshold: number | undefined): string {
  const W = 400;
  const H = 160;
  const top = Math.max(1, ...bins);
  const bw = W / bins.length;
  const bars = bins
    .map((n, i) => {
      const h = Math.round((n / top) * (H - 20));
      return `<rect x="${(i * bw + 1).toFixed(1)}" y="${H - h}" width="${(bw - 2).toFixed(1)}" height="${h}" fill="#0072b2"><title>${(i / 20).toFixed(2)}–${((i + 1) / 20).toFixed(2)}: ${n}</title></rect>`;
    })
    .join('');
  const mark = threshold === undefined ? '' : `<line x1="${threshold * W}" x2="${threshold * W}" y1="0" y2="${H}" stroke="#d55e00" stroke-dasharray="4 3"><title>threshold ${threshold}</title></line>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H + 18}" width="${W}" role="img" aria-label="classifier max-score histogram">${bars}${mark}<text x="0" y="${H + 14}" font-size="11" font-family="system-ui, sans-serif">0</text><text x="${W - 8}" y="${H + 14}" font-size="11" font-family="system-ui, sans-serif">1</text></svg>`;
}

/**
 * Renders a filter report: totals, per-stage counts, rates and throughput, per-split counts,
 * precision/recall and confusion matrices per stage when labelled, the classifier's score
 * histogram and PR curve, top blocklist terms and LLM judge outcomes.
 *
 * @example
 * await writeFileAtomic('run/report.html', renderFilterReport(report));
 */
export function renderFilterReport(report: FilterReport): string {
  const title = report.threshold === undefined ? 'Warden filter report' : `Warden filter report (rethreshold ${report.threshold})`;
  const t = report.totals;
  const parts: string[] = [];
  parts.push(`<h2>Summary</h2>${table(['', 'value'], [
    [`<th>cascade</th>`, `<td>${escapeHtml(report.spec.filters.join(' → '))}</td>`],
    [`<th>records</th>`, num(int(t.records))],
    [`<th>kept</th>`, num(int(t.kept))],
    [`<th>removed</th>`, num(`${int(t.removed)} (${pct(t.removed_rate)})`)],
    [`<th>rejected rows</th>`, num(int(t.rejects))],
    ...(report.throughput
      ? [
          [`<th>wall time</th>`, num(`${report.throughput.wall_s.toFixed(2)} s`)],
          [`<th>throughput</th>`, num(`${int(report.throughput.records_per_s)} records/s, ${report.throughput.mb_per_s} MB/s`)],
          [`<th>executor</th>`, num(`${escapeHtml(report.throughput.executor)} × ${report.throughput.workers}, ${report.throughput.shards} shards`)],
        ]
      : []),
  ])}`);
  parts.push(
    `<h2>Stages</h2>${table(
      ['stage', 'judged', 'escalated', 'escalation rate', 'share of input still in', 'time (all workers)', 'judged/s per core', 'M chars/s per core', 'unjudged'],
      report.stages.map((s) => [
        `<th>${escapeHtml(s.name)}</th>`,
        num(int(s.judged)),
        num(int(s.escalated)),
        num(pct(s.escalation_rate)),
        num(pct(s.input_rate)),
        num(s.ms === null ? 'n/a' : `${(s.ms / 1000).toFixed(2)} s`),
        num(int(s.judged_per_s)),
        num(s.mchars_per_s === null ? 'n/a' : String(s.mchars_per_s)),
        num(int(s.unjudged)),
      ]),
    )}<p class="muted">Each stage judges only what the stage before it escalated; a record is removed when the last stage escalates it too.${report.threshold !== undefined ? ' Unjudged: records the new threshold sends to a later stage that never saw them; they count as escalated.' : ''}</p>`,
  );
  parts.push(
    `<h2>Splits</h2>${table(
      ['split', 'records', 'removed', 'removed rate', ...report.stages.map((s) => `${s.name} escalated`)],
      report.splits.map((s) => [
        `<th>${escapeHtml(s.split ?? '(no split)')}</th>`,
        num(int(s.records)),
        num(int(s.removed)),
        num(pct(s.removed_rate)),
        ...s.stages.map((x) => num(`${int(x.escalated)} / ${int(x.judged)}`)),
      ]),
    )}`,
  );
  const labels = report.labels;
  if (labels) {
    const head = ['', 'TP', 'FP', 'FN', 'TN', 'precision', 'recall', 'F1'];
    parts.push(`<h2>Against ground truth (field "${escapeHtml(labels.field)}")</h2>
<p>${int(labels.labelled)} labelled records (${int(labels.positives)} hazardous), ${int(labels.unlabelled)} without a usable label.</p>
<h3>Cascade up to each stage</h3>${table(head, [...labels.stages.map((s) => confusionRow(s.name, s.cascade)), confusionRow('final decision', labels.final)])}
<h3>Each stage on the records it judged</h3>${table(head, labels.stages.map((s) => confusionRow(s.name, s.own)))}
<div class="charts">${renderConfusion(['benign', 'hazardous'], [[labels.final.tn, labels.final.fp], [labels.final.fn, labels.final.tp]])}${
      labels.classifier && labels.classifier.pr.length
        ? renderLineChart({ title: 'Classifier max score: precision–recall', xLabel: 'recall', yLabel: 'precision', series: [{ name: 'classifier', points: labels.classifier.pr, note: `AP ${f3(labels.classifier.average_precision)}` }] })
        : ''
    }</div>
<p class="muted">Final-decision confusion: rows are the truth, columns the decision (benign = kept). The PR curve covers the ${int(labels.classifier?.scored ?? 0)} labelled records the classifier scored.</p>`);
    const bySplit = report.splits.filter((s) => s.confusion);
    if (bySplit.length > 1) parts.push(`<h3>Final decision per split</h3>${table(head, bySplit.map((s) => confusionRow(s.split ?? '(no split)', s.confusion!)))}`);
  }
  if (report.classifier_scores) {
    const threshold = report.threshold ?? report.spec.classifier?.threshold;
    parts.push(`<h2>Classifier max chunk score</h2><div class="charts">${histogram(report.classifier_scores, threshold)}</div><p class="muted">Records the classifier scored, by their highest chunk score; the dashed line is the threshold (${threshold}). <code>warden filter rethreshold RUN_DIR --threshold T</code> moves it without rescoring.</p>`);
  }
  if (report.top_terms?.length) {
    parts.push(`<h2>Blocklist terms found most often</h2>${table(['term', 'records'], report.top_terms.map((x) => [`<td>${escapeHtml(x.term)}</td>`, num(int(x.records))]))}`);
  }
  if (report.llm) {
    const l = report.llm;
    parts.push(`<h2>LLM judge</h2>${table(['', 'records'], [
      ['<th>judged</th>', num(int(l.judged))],
      ['<th>hazardous (1)</th>', num(int(l.flagged))],
      ['<th>benign (0)</th>', num(int(l.passed))],
      ['<th>from cache</th>', num(int(l.cached))],
      ['<th>no verdict, flagged (policy flag)</th>', num(int(l.errors.flag))],
      ['<th>no verdict, passed (policy pass)</th>', num(int(l.errors.pass))],
      ['<th>no verdict, record failed (policy fail)</th>', num(int(l.errors.fail))],
    ])}`);
  }
  parts.push(`<h2>Configuration</h2><pre>${escapeHtml(JSON.stringify(report.spec, null, 2))}</pre><p class="muted">Run directory: ${escapeHtml(report.run_dir)}; generated ${escapeHtml(report.generated_at)}.</p>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${parts.join('\n')}
</body>
</html>
`;
}
