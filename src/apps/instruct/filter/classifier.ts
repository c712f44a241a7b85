import { fileURLToPath } from 'node:url';
import { TextClassifier } from '../../../ml/classifier.js';
import { WardenError } from '../../../core/errors.js';
import type { SourceRecord } from '../types.js';
import { relevanceText } from './text.js';

/** The label whose probability is the relevance score. */
export const RELEVANT_LABEL = 'relevant';

/** Where the shipped relevance model lives (models/instruct-relevance in the package). */
export function defaultRelevanceModelDir(): string {
  return fileURLToPath(new URL('../../../../models/instruct-relevance', import.meta.url));
}

/**
 * The trained relevance classifier: scores a record's security relevance in [0, 1] (the
 * calibrated probability of `relevant`).
 *
 * @example
 * const model = await RelevanceModel.load();
 * model.score(record); // 0.97
 */
export class RelevanceModel {
  private constructor(readonly classifier: TextClassifier, private readonly index: number) {}

  /** Loads (and integrity-checks) a model directory; the default is the shipped one. */
  static async load(dir = defaultRelevanceModelDir()): Promise<RelevanceModel> {
    const classifier = await TextClassifier.load(dir);
    const index = classifier.labels.indexOf(RELEVANT_LABEL);
    if (index < 0) throw new WardenError('W_MODEL_INVALID', `a relevance model needs a "${RELEVANT_LABEL}" label (has ${classifier.labels.join(', ')})`, { where: dir });
    return new RelevanceModel(classifier, index);
  }

  get name(): string {
    return `${this.classifier.manifest.name}@${this.classifier.manifest.version}`;
  }

  /** Relevance of raw text. */
  scoreText(text: string): number {
    return this.classifier.probabilities(text)[this.index]!;
  }

  /** Relevance of a record (title when informative, then description). */
  score(record: Pick<SourceRecord, 'title' | 'sourceId' | 'description'>): number {
    return this.scoreText(relevanceText(record));
  }
}
