/**
 * A self-contained HTML evaluation report: tables and inline SVG only, no scripts, fonts,
 * stylesheets or images from elsewhere, so it opens offline and can be attached to a ticket.
 * Labels and metadata are untrusted (they come from data sets and configs), so every string is
 * escaped, and a Content-Security-Policy forbids scripts in case something slips through.
 */
import type { EvalResult, Interval } from './metrics.js';
import { escapeHtml, renderConfusion, renderLineChart, renderReliability } from './report-svg.js';

export interface ReportMeta {
  title: string;
  /** Model facts (kind, version, hyper-parameters), shown as a key/value table. */
  model?: Record<string, unknown>;
  /** Data facts (source, split, row counts). */
  data?: Record<string, unknown>;
  /** Bootstrap interval for macro-F1, from `bootstrapMacroF1`. */
  bootstrap?: Interval;
  /** Anything else worth keeping beside the numbers. */
  extra?: Record<string, unknown>;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #111; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .25rem; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td code { white-space: pre-wrap; word-break: break-all; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
.muted { color: #666; }
svg { max-width: 100%; height: auto; }
`;

// No script may run and nothing may load from anywhere; inline styles are the only allowance.
const CSP = "default-src 'none'; style-src 'unsafe-inline'";

function fmt(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

function cell(value: number | null | undefined, digits = 3): string {
  return `<td class="num">${fmt(value, digits)}</td>`;
}

/** Shows any metadata value as text: strings as they are, the rest as JSON where possible. */
function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    // Circular structures: the short form is better than no report.
    return String(value);
  }
}

function keyValueTable(heading: string, record: Record<string, unknown> | undefined): string {
  if (!record || Object.keys(record).length === 0) return '';
  const rows = Object.entries(record)
    .map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td><code>${escapeHtml(describe(value))}</code></td></tr>`)
    .join('');
  return `<h2>${escapeHtml(heading)}</h2><table>${rows}</table>`;
}

function summaryTable(result: EvalResult, bootstrap: Interval | undefined): string {
  const ci = bootstrap
    ? ` <span class="muted">(bootstrap ${fmt(bootstrap.low)}–${fmt(bootstrap.high)}, mean ${fmt(bootstrap.mean)})</span>`
    : '';
  return `<h2>Summary</h2><table>
<tr><th>examples</th><td class="num">${result.n}</td></tr>
<tr><th>accuracy</th>${cell(result.accuracy)}</tr>
<tr><th>macro-F1</th><td class="num">${fmt(result.macroF1)}${ci}</td></tr>
<tr><th>ECE (top label)</th>${cell(result.ece)}</tr>
</table>`;
}

function perLabelTable(labels: readonly string[], result: EvalResult): string {
  const rows = labels
    .map((label) => {
      const m = result.perLabel[label]!;
      return `<tr><th>${escapeHtml(label)}</th><td class="num">${m.support}</td>${cell(m.precision)}${cell(m.recall)}${cell(m.f1)}${cell(m.auprc)}${cell(m.auroc)}</tr>`;
    })
    .join('\n');
  return `<h2>Per label</h2><table>
<tr><th>label</th><th class="num">support</th><th class="num">precision</th><th class="num">recall</th><th class="num">F1</th><th class="num">AP</th><th class="num">AUROC</th></tr>
${rows}
</table>
<p class="muted">AP is average precision and AUROC the ROC area, each one label against the rest on its probability; n/a when the label never (or always) occurs.</p>`;
}

function calibrationTable(result: EvalResult): string {
  const rows = result.calibration
    .filter((b) => b.count > 0)
    .map((b) => `<tr><td class="num">${fmt(b.lower, 2)}–${fmt(b.upper, 2)}</td><td class="num">${b.count}</td>${cell(b.meanConfidence)}${cell(b.accuracy)}</tr>`)
    .join('');
  return `<table><tr><th class="num">confidence</th><th class="num">rows</th><th class="num">mean confidence</th><th class="num">accuracy</th></tr>${rows}</table>`;
}

/**
 * Renders an `EvalResult` as one self-contained HTML page: summary (accuracy, macro-F1 with its
 * bootstrap interval, ECE), per-label table, confusion heatmap, PR and ROC curves per label,
 * and the reliability diagram, plus key/value tables for the model, data and extra metadata.
 * Labels appear in `result.labels` order.
 *
 * @example
 * const result = evaluate({ labels, yTrue, probs });
 * const html = renderReport(result, { title: 'prompt-injection v3', model: { kind: 'linear' },
 *   bootstrap: bootstrapMacroF1(yTrue, yPred, labels.length, { seed: 1 }) });
 * await writeFile('report.html', html);
 */
export function renderReport(result: EvalResult, meta: ReportMeta): string {
  const labels = result.labels;
  const pr = renderLineChart({
    title: 'Precision–recall',
    xLabel: 'recall',
    yLabel: 'precision',
    series: labels.map((label) => ({ name: label, points: result.curves[label]?.pr ?? [], note: `AP ${fmt(result.perLabel[label]!.auprc)}` })),
  });
  const roc = renderLineChart({
    title: 'ROC',
    xLabel: 'false positive rate',
    yLabel: 'true positive rate',
    diagonal: true,
    series: labels.map((label) => ({ name: label, points: result.curves[label]?.roc ?? [], note: `AUC ${fmt(result.perLabel[label]!.auroc)}` })),
  });
  const title = escapeHtml(meta.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${title}</h1>
${summaryTable(result, meta.bootstrap)}
${perLabelTable(labels, result)}
<h2>Confusion matrix</h2>
<p class="muted">Rows are true labels, columns predicted; colour is the share of the true row.</p>
${renderConfusion(labels, result.confusion)}
<h2>Curves</h2>
<div class="charts">
${pr}
${roc}
</div>
<h2>Calibration</h2>
<div class="charts">
${renderReliability(result.calibration, result.ece)}
${calibrationTable(result)}
</div>
${keyValueTable('Model', meta.model)}
${keyValueTable('Data', meta.data)}
${keyValueTable('Extra', meta.extra)}
</body>
</html>
`;
}
