import { describe, expect, it } from 'vitest';
import { bootstrapMacroF1, evaluate } from './metrics.js';
import { renderReport } from './report.js';
import { escapeHtml } from './report-svg.js';

const evil = '<script>alert("x")</script>';
const labels = ['benign', 'attack', evil];
const rows = [
  [0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.4, 0.5, 0.1],
  [0.1, 0.2, 0.7], [0.3, 0.3, 0.4], [0.5, 0.4, 0.1], [0.2, 0.2, 0.6],
];
const yTrue = [0, 0, 1, 1, 2, 2, 1, 0];
const result = evaluate({ labels, yTrue, probs: rows.map((r) => Float64Array.from(r)) });
const yPred = [0, 0, 1, 1, 2, 2, 0, 2];
const bootstrap = bootstrapMacroF1(yTrue, yPred, 3, { seed: 1, samples: 200 });
const html = renderReport(result, {
  title: 'Injection <b>model</b> & "friends"',
  model: { kind: 'linear', '<i>key</i>': 'value with <tag>', nested: { epochs: 3, lr: 0.5 } },
  data: { rows: 8, split: 'test' },
  bootstrap,
  extra: { note: "it's fine" },
});

describe('renderReport', () => {
  it('is one HTML document', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html.match(/<html/g)).toHaveLength(1);
  });

  it('draws one SVG per plot: confusion, PR, ROC, reliability', () => {
    expect(html.match(/<svg/g)).toHaveLength(4);
    expect(html.match(/<\/svg>/g)).toHaveLength(4);
    expect(html).toContain('Confusion matrix');
    expect(html).toContain('Precision–recall');
    expect(html).toContain('ROC');
    expect(html).toContain('Reliability (ECE');
    expect(html).toContain('perfect calibration');
    expect(html).toMatch(/>true<\/text>/);
    expect(html).toMatch(/>predicted<\/text>/);
  });

  it('shows the labels and the numbers', () => {
    expect(html).toContain('benign');
    expect(html).toContain('attack');
    expect(html).toContain(`<td class="num">${result.accuracy.toFixed(3)}</td>`);
    expect(html).toContain(result.macroF1.toFixed(3));
    expect(html).toContain(result.ece.toFixed(3));
    expect(html).toContain(`bootstrap ${bootstrap.low.toFixed(3)}–${bootstrap.high.toFixed(3)}`);
    for (const label of labels) {
      const m = result.perLabel[label]!;
      for (const v of [m.precision, m.recall, m.f1, m.auprc!, m.auroc!]) expect(html).toContain(v.toFixed(3));
      expect(html).toContain(`AP ${m.auprc!.toFixed(3)}`);
      expect(html).toContain(`AUC ${m.auroc!.toFixed(3)}`);
    }
    // Every confusion count is drawn in its cell.
    for (const row of result.confusion) for (const count of row) expect(html).toMatch(new RegExp(`>${count}</text>`));
  });

  it('references nothing outside the file and runs no script', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\s(src|href|xlink:href)=/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    // The only url() is the gradient defined inside the heatmap.
    expect(html.match(/url\(/g)).toEqual(['url(']);
    expect(html).toContain('url(#warden-confusion-scale)');
    expect(html).toContain('Content-Security-Policy');
  });

  it('escapes labels and metadata', () => {
    expect(html).toContain(escapeHtml(evil));
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<title>Injection &lt;b&gt;model&lt;/b&gt; &amp; &quot;friends&quot;</title>');
    expect(html).not.toContain('<b>model</b>');
    expect(html).toContain('&lt;i&gt;key&lt;/i&gt;');
    expect(html).toContain('value with &lt;tag&gt;');
    expect(html).toContain('it&#39;s fine');
    expect(html).toContain(escapeHtml('{"epochs":3,"lr":0.5}'));
  });

  it('keeps attribute values closed when a label carries quotes', () => {
    const sneaky = 'x" onmouseover="alert(1)';
    const r = evaluate({ labels: [sneaky, 'y'], yTrue: [0, 1], probs: [Float64Array.of(0.9, 0.1), Float64Array.of(0.2, 0.8)] });
    const out = renderReport(r, { title: sneaky });
    expect(out).not.toContain('onmouseover="');
    expect(out).toContain('x&quot; onmouseover=&quot;alert(1)');
  });

  it('copes with odd metadata, absent labels and the optional sections', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const r = evaluate({
      labels: ['a', 'b', 'never'],
      yTrue: [0, 1, 0],
      probs: [Float64Array.of(0.5, 0.3, 0.2), Float64Array.of(0.2, 0.7, 0.1), Float64Array.of(0.1, 0.2, 0.7)],
    });
    const out = renderReport(r, { title: 't', extra: { circular, big: 10n, missing: undefined } });
    expect(out).toContain('[object Object]');
    expect(out).toContain('>10</code>');
    expect(out).toContain('(no curve)');
    expect(out).toContain('n/a');
    expect(out).not.toContain('<h2>Model</h2>');
    expect(out).not.toContain('bootstrap');
    expect(out.match(/<svg/g)).toHaveLength(4);
  });

  it('keeps the given label order for integer-like labels', () => {
    const r = evaluate({ labels: ['10', '2'], yTrue: [0, 1, 1], probs: [Float64Array.of(0.9, 0.1), Float64Array.of(0.2, 0.8), Float64Array.of(0.6, 0.4)] });
    expect(r.labels).toEqual(['10', '2']);
    const out = renderReport(r, { title: 't' });
    expect(out.indexOf('<tr><th>10</th>')).toBeLessThan(out.indexOf('<tr><th>2</th>'));
  });
});
