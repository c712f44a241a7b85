/**
 * The trained domain classifier as an evidence source. The model is one calibrated softmax
 * over the eleven domains (src/ml/train.ts), trained on single-label rows where a text with
 * several weak labels appears once per label; a text that belongs to two domains thus splits
 * its probability mass between them. Multi-label decoding: every domain whose calibrated
 * probability reaches its threshold in the manifest (0.4 for every domain in the shipped
 * model: at most two domains can pass) is evidence, with the probability as its confidence.
 */
import { fileURLToPath } from 'node:url';
import { WardenError } from '../../../core/errors.js';
import { TextClassifier } from '../../../ml/classifier.js';
import { isDomain, type Evidence } from './domains.js';

/** The shipped model (models/instruct-domains in the package). */
export function defaultDomainModelDir(): string {
  return fileURLToPath(new URL('../../../../models/instruct-domains', import.meta.url));
}

/** Threshold for a label the manifest has none for. */
const DEFAULT_THRESHOLD = 0.5;

/**
 * Loads a domain model and checks its labels are domains.
 *
 * @example
 * const clf = await loadDomainModel(defaultDomainModelDir());
 */
export async function loadDomainModel(dir: string): Promise<TextClassifier> {
  const clf = await TextClassifier.load(dir);
  const unknown = clf.labels.filter((l) => !isDomain(l));
  if (unknown.length > 0) throw new WardenError('W_MODEL_INVALID', `model labels ${unknown.join(', ')} are not instruct domains`, { where: dir });
  return clf;
}

/** The text the model reads for a pair: the same view at training and inference. */
export function pairText(instruction: string, response: string): string {
  return `${instruction}\n${response}`;
}

/**
 * Classifier evidence for a text: each domain whose probability reaches its threshold.
 *
 * @example
 * classifierEvidence(clf, 'Explain this SQL injection in the login form.'); // [{ domain: 'web_security', confidence: 0.8, why: 'classifier' }]
 */
export function classifierEvidence(clf: TextClassifier, text: string): Evidence[] {
  const p = clf.probabilities(text);
  const out: Evidence[] = [];
  clf.labels.forEach((label, k) => {
    const t = clf.threshold(label) ?? DEFAULT_THRESHOLD;
    if (p[k]! >= t && isDomain(label)) out.push({ domain: label, confidence: Math.round(p[k]! * 10_000) / 10_000, why: 'classifier' });
  });
  return out;
}
