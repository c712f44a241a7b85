import { writeFileAtomic } from '../../core/atomic.js';
import { TextClassifier } from '../../ml/classifier.js';
import { bootstrapMacroF1, type EvalResult, type Interval } from '../../ml/metrics.js';
import { renderReport } from '../../ml/report.js';
import { evaluateRows } from '../../ml/train.js';
import { readLabelledRows } from './records.js';
import { withDerivedFields } from './views.js';

export interface EvaluateOptions {
  model: string;
  test: readonly string[];
  textField: string;
  labelField: string;
  /** Write a self-contained HTML report here. */
  report?: string;
  seed?: number;
}

/**
 * Scores a saved model on labelled files with the model's own input view and thresholds.
 *
 * @example
 * const { result } = await evaluateModel({ model: 'models/preclassifier', test: ['eval.jsonl'], textField: 'text', labelField: 'label' });
 */
export async function evaluateModel(options: EvaluateOptions): Promise<{ result: EvalResult; bootstrap: Interval; rows: number; model: TextClassifier }> {
  const model = await TextClassifier.load(options.model);
  const keep = fieldsOf(model.manifest.input.featureTokens);
  const rows = withDerivedFields(await readLabelledRows(options.test, { text: options.textField, label: options.labelField, keep }), model.manifest.input.view);
  const scored = evaluateRows({ model: model.model, thresholds: model.manifest.thresholds, features: model.manifest.features, featureTokens: model.manifest.input.featureTokens }, rows);
  const bootstrap = bootstrapMacroF1(scored.y, scored.predictions, model.labels.length, { seed: options.seed ?? 42 });
  if (options.report) {
    const meta = { name: model.manifest.name, version: model.manifest.version, thresholds: model.manifest.thresholds, temperature: model.manifest.temperature };
    await writeFileAtomic(options.report, renderReport(scored.result, { title: `${model.manifest.name} on ${options.test.join(', ')}`, model: meta, data: { rows: rows.length }, bootstrap }));
  }
  return { result: scored.result, bootstrap, rows: rows.length, model };
}

/** Field names a model's feature-token templates read (`SEGMENT_{segment_type}` → segment_type). */
export function fieldsOf(templates: readonly string[]): string[] {
  return [...new Set(templates.flatMap((t) => [...t.matchAll(/\{([A-Za-z0-9_]{1,64})\}/g)].map((m) => m[1]!)))];
}
