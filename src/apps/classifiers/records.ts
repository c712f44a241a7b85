import { WardenError } from '../../core/errors.js';
import { resolveInputs } from '../../io/inputs.js';
import { partitionFile, readPart } from '../../io/parts.js';
import type { Rec } from '../../io/record.js';
import type { LabelledRow } from '../../ml/train.js';

export interface RowFieldsSpec {
  text: string;
  label: string;
  /** Record fields kept for feature tokens and grouping (segment_type, family ...). */
  keep?: readonly string[];
}

/** Records of files/folders/globs/datasets in any readable format, with where each came from. */
export async function* readRecords(paths: readonly string[], textField: string): AsyncGenerator<{ record: Rec; where: string }> {
  for (const file of await resolveInputs([...paths])) {
    let row = 0;
    for (const part of await partitionFile(file, Number.MAX_SAFE_INTEGER)) {
      for await (const batch of readPart(part, { fields: { text: textField, id: 'id' }, onError: 'fail', requireText: true })) {
        for (const record of batch.records) yield { record, where: `${file.rel}#${++row}` };
      }
    }
  }
}

/**
 * Labelled rows for training or evaluation. A missing or non-string label fails with the
 * file and row, so a bad row is fixed rather than silently dropped.
 *
 * @example
 * const rows = await readLabelledRows(['train.jsonl'], { text: 'text', label: 'label', keep: ['segment_type'] });
 */
export async function readLabelledRows(paths: readonly string[], spec: RowFieldsSpec): Promise<(LabelledRow & { where: string })[]> {
  const rows: (LabelledRow & { where: string })[] = [];
  for await (const { record, where } of readRecords(paths, spec.text)) {
    const label = record[spec.label];
    if (typeof label !== 'string' || label === '') throw new WardenError('W_TRAIN_DATA', `field "${spec.label}" must be a non-empty string`, { where });
    const fields: Record<string, string> = {};
    for (const name of spec.keep ?? []) {
      const value = record[name];
      if (typeof value === 'string') fields[name] = value;
    }
    rows.push({ text: record[spec.text] as string, label, fields, where });
  }
  if (rows.length === 0) throw new WardenError('W_TRAIN_DATA', `no rows in ${paths.join(', ')}`);
  return rows;
}
