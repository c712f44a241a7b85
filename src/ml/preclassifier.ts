import { fileURLToPath } from 'node:url';
import { TextClassifier, type RowFields } from './classifier.js';

/**
 * The egress pre-classifier's contract. Its input view is the same at training and at
 * inference: a window of the response around the command (the segment plus about 200
 * characters each side), a feature token for where the command sits (`SEGMENT_code` for
 * fenced or inline code, `SEGMENT_text` for prose), and one for whether the commands detector
 * flags the window (`DETECTED_yes`: always so for a command finding; computed by the detector
 * for training rows). The detector says "dangerous", so the model can spend its weights on
 * framing: explained or handed over. The row's natural language is not a feature: inference
 * does not know it.
 */
export const PRECLASSIFIER = {
  name: 'preclassifier',
  labels: ['command', 'educational', 'text'] as const,
  featureTokens: ['SEGMENT_{segment_type}', 'DETECTED_{command_detected}'],
  detectedField: 'command_detected',
  /** Fields training rows keep: the feature-token field, and the ones evaluation groups by. */
  keep: ['segment_type', 'family', 'language'],
  /** A guard would rather over-block than miss: the command threshold keeps validation recall here. */
  minRecall: { command: 0.97 },
  holdout: { field: 'family', fraction: 0.2 },
  contextChars: 200,
} as const;

/** Where the shipped default model lives (models/preclassifier in the package). */
export function defaultPreclassifierDir(): string {
  return fileURLToPath(new URL('../../models/preclassifier', import.meta.url));
}

/** The feature fields of a command finding in a segment of this kind (code, inline_code, prose, link). */
export function commandFindingFields(kind: string): RowFields {
  return { segment_type: kind === 'code' || kind === 'inline_code' ? 'code' : 'text', [PRECLASSIFIER.detectedField]: 'yes' };
}

let shared: Promise<TextClassifier> | undefined;

/**
 * The default pre-classifier, loaded (and integrity-checked) once per process.
 *
 * @example
 * const clf = await defaultPreclassifier();
 */
export function defaultPreclassifier(): Promise<TextClassifier> {
  shared ??= TextClassifier.load(defaultPreclassifierDir()).catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}
