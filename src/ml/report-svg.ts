/**
 * Inline SVG charts for the evaluation report: line charts on the unit square (PR, ROC), the
 * confusion heatmap and the reliability diagram. Plain strings, no DOM and no external assets,
 * so the report opens offline; every piece of text passes through `escapeHtml` because labels
 * come from user data.
 */
import type { CalibrationBin, CurvePoints } from './curves.js';

/** Colour-blind-friendly categorical palette (Okabe–Ito plus greys); series cycle through it. */
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#f0e442', '#000000', '#999999', '#882255'];
const FONT = 'font-family="system-ui, sans-serif"';
/** Longest label shown in full inside a chart; the whole text stays in the `<title>` tooltip. */
const MAX_LABEL_CHARS = 24;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and double- or single-quoted attribute values.
 *
 * @example
 * escapeHtml('<b class="x">&</b>'); // '&lt;b class=&quot;x&quot;&gt;&amp;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function short(label: string): string {
  const chars = [...label];
  return chars.length <= MAX_LABEL_CHARS ? label : `${chars.slice(0, MAX_LABEL_CHARS - 1).join('')}…`;
}

/** Coordinates to 0.01 px: enough for any screen, and it keeps the markup short. */
function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}

export interface Series {
  name: string;
  points: CurvePoints;
  /** Appended to the legend entry, e.g. "AP 0.912". */
  note?: string;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  /** Draws y = x dashed (chance for ROC). */
  diagonal?: boolean;
}

const PLOT = 320;
const LEFT = 56;
const TOP = 28;
const BOTTOM = 48;

/** Axes, grid and ticks at 0, 0.2, … 1 on both axes of a PLOT × PLOT unit square. */
function unitAxes(xLabel: string, yLabel: string): string {
  const parts: string[] = [];
  for (let t = 0; t <= 5; t++) {
    const v = t / 5;
    const x = LEFT + v * PLOT;
    const y = TOP + (1 - v) * PLOT;
    parts.push(
      `<line x1="${num(x)}" y1="${TOP}" x2="${num(x)}" y2="${TOP + PLOT}" stroke="#e5e5e5"/>`,
      `<line x1="${LEFT}" y1="${num(y)}" x2="${LEFT + PLOT}" y2="${num(y)}" stroke="#e5e5e5"/>`,
      `<text x="${num(x)}" y="${TOP + PLOT + 16}" text-anchor="middle" font-size="11">${v.toFixed(1)}</text>`,
      `<text x="${LEFT - 6}" y="${num(y + 4)}" text-anchor="end" font-size="11">${v.toFixed(1)}</text>`,
    );
  }
  parts.push(
    `<rect x="${LEFT}" y="${TOP}" width="${PLOT}" height="${PLOT}" fill="none" stroke="#333"/>`,
    `<text x="${LEFT + PLOT / 2}" y="${TOP + PLOT + 38}" text-anchor="middle" font-size="12">${escapeHtml(xLabel)}</text>`,
    `<text transform="translate(16 ${TOP + PLOT / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeHtml(yLabel)}</text>`,
  );
  return parts.join('');
}

function px(x: number): string {
  return num(LEFT + x * PLOT);
}

function py(y: number): string {
  return num(TOP + (1 - y) * PLOT);
}

function diagonalLine(): string {
  return `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#888" stroke-dasharray="5 4"/>`;
}

function svgOpen(width: number, height: number, title: string): string {
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}" ${FONT}><title>${escapeHtml(title)}</title><text x="${LEFT}" y="18" font-size="13" font-weight="600">${escapeHtml(title)}</text>`;
}

/**
 * A line chart on [0, 1] × [0, 1] with one polyline per series and a legend on the right.
 *
 * @example
 * renderLineChart({ title: 'ROC', xLabel: 'false positive rate', yLabel: 'true positive rate',
 *   series: [{ name: 'spam', points: [[0, 0], [0.1, 0.8], [1, 1]], note: 'AUC 0.950' }], diagonal: true });
 */
export function renderLineChart(options: LineChartOptions): string {
  const legendX = LEFT + PLOT + 20;
  const rowHeight = 18;
  const width = legendX + 250;
  const height = Math.max(TOP + PLOT + BOTTOM, TOP + 8 + (options.series.length + 1) * rowHeight);
  const parts = [svgOpen(width, height, options.title), unitAxes(options.xLabel, options.yLabel)];
  if (options.diagonal) parts.push(diagonalLine());
  options.series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    const label = s.note ? `${s.name} (${s.note})` : s.name;
    if (s.points.length > 0) {
      const d = s.points.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${px(x)} ${py(y)}`).join(' ');
      parts.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"><title>${escapeHtml(label)}</title></path>`);
    }
    const y = TOP + 8 + i * rowHeight;
    const shown = s.points.length > 0 ? `${short(s.name)}${s.note ? ` (${s.note})` : ''}` : `${short(s.name)} (no curve)`;
    parts.push(
      `<g><title>${escapeHtml(label)}</title><line x1="${legendX}" y1="${y}" x2="${legendX + 18}" y2="${y}" stroke="${colour}" stroke-width="3"/>`,
      `<text x="${legendX + 24}" y="${y + 4}" font-size="11">${escapeHtml(shown)}</text></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** White → dark blue; `t` in [0, 1]. */
function blue(t: number): string {
  const from = [247, 251, 255];
  const to = [8, 48, 107];
  return `rgb(${from.map((f, i) => Math.round(f + (to[i]! - f) * t)).join(',')})`;
}

/**
 * Confusion-matrix heatmap: counts in the cells, colour by the share of the true row (so rare
 * labels are as readable as common ones), rows "true" and columns "predicted".
 *
 * @example
 * renderConfusion(['benign', 'attack'], [[90, 10], [5, 45]]);
 */
export function renderConfusion(labels: readonly string[], confusion: readonly (readonly number[])[]): string {
  const k = labels.length;
  const cell = Math.max(22, Math.min(56, Math.floor(440 / k)));
  const labelWidth = 8 + 6.5 * Math.min(MAX_LABEL_CHARS, Math.max(...labels.map((l) => [...l].length)));
  const left = 28 + labelWidth;
  const top = 28;
  const grid = k * cell;
  const width = left + grid + 90;
  // Column labels are rotated 45°, so they reach down about 0.7 of their length.
  const height = top + grid + labelWidth * 0.7 + 30;
  const parts = [svgOpen(width, height, 'Confusion matrix')];
  const fontSize = Math.min(13, Math.max(9, cell / 3));
  confusion.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, p) => {
      const share = total === 0 ? 0 : count / total;
      const x = left + p * cell;
      const y = top + t * cell;
      const tip = `true ${labels[t]!}, predicted ${labels[p]!}: ${count} (${(share * 100).toFixed(1)}% of true row)`;
      parts.push(
        `<g><title>${escapeHtml(tip)}</title><rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${blue(share)}" stroke="#fff"/>`,
        `<text x="${num(x + cell / 2)}" y="${num(y + cell / 2 + fontSize / 3)}" text-anchor="middle" font-size="${num(fontSize)}" fill="${share > 0.5 ? '#fff' : '#111'}">${count}</text></g>`,
      );
    });
  });
  labels.forEach((label, i) => {
    const mid = i * cell + cell / 2;
    parts.push(
      `<text x="${left - 6}" y="${num(top + mid + 4)}" text-anchor="end" font-size="11"><title>${escapeHtml(label)}</title>${escapeHtml(short(label))}</text>`,
      `<text transform="translate(${num(left + mid + 4)} ${top + grid + 8}) rotate(-45)" text-anchor="end" font-size="11"><title>${escapeHtml(label)}</title>${escapeHtml(short(label))}</text>`,
    );
  });
  const scaleX = left + grid + 24;
  parts.push(
    `<text transform="translate(14 ${num(top + grid / 2)}) rotate(-90)" text-anchor="middle" font-size="12" font-weight="600">true</text>`,
    `<text x="${num(left + grid / 2)}" y="${num(height - 8)}" text-anchor="middle" font-size="12" font-weight="600">predicted</text>`,
    `<defs><linearGradient id="warden-confusion-scale" x1="0" y1="1" x2="0" y2="0"><stop offset="0" stop-color="${blue(0)}"/><stop offset="1" stop-color="${blue(1)}"/></linearGradient></defs>`,
    `<rect x="${scaleX}" y="${top}" width="14" height="${grid}" fill="url(#warden-confusion-scale)" stroke="#999"/>`,
    `<text x="${scaleX + 18}" y="${top + 10}" font-size="10">100%</text>`,
    `<text x="${scaleX + 18}" y="${top + grid}" font-size="10">0%</text>`,
    `<text transform="translate(${scaleX + 44} ${num(top + grid / 2)}) rotate(90)" text-anchor="middle" font-size="10">share of true row</text>`,
    '</svg>',
  );
  return parts.join('');
}

/**
 * Reliability diagram: one bar per non-empty confidence bin at its accuracy, and a dot on the
 * diagonal at the bin's mean confidence, so the distance from bar top to dot is the bin's
 * calibration gap.
 *
 * @example
 * renderReliability(evaluate(input).calibration, 0.04);
 */
export function renderReliability(bins: readonly CalibrationBin[], ece: number): string {
  const legendX = LEFT + PLOT + 20;
  const title = `Reliability (ECE ${ece.toFixed(3)})`;
  const parts = [svgOpen(legendX + 200, TOP + PLOT + BOTTOM, title), unitAxes('confidence (top label)', 'accuracy')];
  for (const b of bins) {
    if (b.count === 0 || b.accuracy === null || b.meanConfidence === null) continue;
    const tip = `confidence ${b.lower.toFixed(2)}–${b.upper.toFixed(2)}: n = ${b.count}, mean confidence ${b.meanConfidence.toFixed(3)}, accuracy ${b.accuracy.toFixed(3)}`;
    const x0 = LEFT + b.lower * PLOT + 1;
    const barWidth = Math.max(1, (b.upper - b.lower) * PLOT - 2);
    parts.push(
      `<g><title>${escapeHtml(tip)}</title><rect x="${num(x0)}" y="${py(b.accuracy)}" width="${num(barWidth)}" height="${num(b.accuracy * PLOT)}" fill="#0072b2" fill-opacity="0.7"/>`,
      `<circle cx="${px(b.meanConfidence)}" cy="${py(b.meanConfidence)}" r="3" fill="#d55e00"/></g>`,
    );
  }
  // Drawn over the bars so the diagonal stays visible where a bar overshoots it.
  parts.push(diagonalLine());
  const row = (y: number, swatch: string, text: string): string => `${swatch}<text x="${legendX + 24}" y="${y + 4}" font-size="11">${text}</text>`;
  parts.push(
    row(TOP + 8, `<rect x="${legendX}" y="${TOP + 2}" width="18" height="12" fill="#0072b2" fill-opacity="0.7"/>`, 'accuracy per bin'),
    row(TOP + 26, `<circle cx="${legendX + 9}" cy="${TOP + 26}" r="3" fill="#d55e00"/>`, 'mean confidence'),
    row(TOP + 44, `<line x1="${legendX}" y1="${TOP + 44}" x2="${legendX + 18}" y2="${TOP + 44}" stroke="#888" stroke-dasharray="5 4"/>`, 'perfect calibration'),
    '</svg>',
  );
  return parts.join('');
}
