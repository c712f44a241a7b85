import type { TextClassifier } from '../../ml/classifier.js';
import { readRecords } from './records.js';
import { fieldsOf } from './evaluate.js';
import { derivedFields } from './views.js';

export interface Classified {
  id: unknown;
  label: string;
  probs: Record<string, number>;
}

/**
 * Classifies every record of the inputs, in input order, one result per record.
 *
 * @example
 * for await (const r of classifyRecords(['in.jsonl'], clf, { text: 'text', id: 'id' })) console.log(r.label);
 */
export async function* classifyRecords(paths: readonly string[], model: TextClassifier, fields: { text: string; id: string }): AsyncGenerator<Classified> {
  const names = fieldsOf(model.manifest.input.featureTokens);
  for await (const { record, where } of readRecords(paths, fields.text)) {
    const values: Record<string, string> = {};
    for (const name of names) if (typeof record[name] === 'string') values[name] = record[name];
    const text = record[fields.text] as string;
    const prediction = model.predict(text, derivedFields(model.manifest.input.view, text, values));
    const probs: Record<string, number> = {};
    for (const [label, p] of Object.entries(prediction.probs)) probs[label] = Math.round(p * 1e6) / 1e6;
    yield { id: record[fields.id] ?? where, label: prediction.label, probs };
  }
}
