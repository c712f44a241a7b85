import type { TextClassifier } from '../ml/classifier.js';
import { commandFindingFields } from '../ml/preclassifier.js';
import type { Finding } from './finding.js';

/**
 * Adds the pre-classifier's reading to every command finding, from the same input view the
 * model was trained on: the original text in the finding's context window (segment plus about
 * 200 chars each side) and the segment type as a feature token. One prediction per distinct
 * window.
 *
 * @example
 * attachIntent(findings, text, await defaultPreclassifier());
 */
export function attachIntent(findings: Finding[], text: string, classifier: TextClassifier): void {
  const cache = new Map<string, Finding['intent']>();
  for (const finding of findings) {
    if (finding.detector !== 'commands') continue;
    const fields = commandFindingFields(finding.segment.kind);
    const key = `${finding.context[0]}:${finding.context[1]}:${fields['segment_type']}`;
    let intent = cache.get(key);
    if (!intent) {
      const p = classifier.predict(text.slice(finding.context[0], finding.context[1]), fields);
      intent = { label: p.label, probs: round(p.probs), thresholds: { ...classifier.manifest.thresholds }, model: `${classifier.manifest.name}@${classifier.manifest.version}` };
      cache.set(key, intent);
    }
    finding.intent = intent;
  }
}

function round(probs: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(probs)) out[k] = Math.round(v * 1e4) / 1e4;
  return out;
}
