import { WardenError } from '../../../core/errors.js';
import type { FieldMap, Rec } from '../../../io/record.js';
import type { OutputFormat } from '../../../pipeline/spec.js';

/**
 * Shapes a record taken from another data set like the records it joins. JSONL has no schema:
 * only the text and id fields are renamed when the two data sets call them differently.
 * Parquet and Arrow files hold one schema, so a columnar output gets exactly the base fields
 * (the other record's same-named fields, else null), its text and id in the base's fields, the
 * id as a string when the base ids are strings.
 *
 * @example
 * conform({ body: 'hi', key: 7 }, { text: 'body', id: 'key' }, { id: 'a', text: 'x', lang: 'en' }, { text: 'text', id: 'id' }, 'parquet');
 * // { id: '7', text: 'hi', lang: null }
 */
export function conform(record: Rec, from: FieldMap, template: Rec | undefined, base: FieldMap, format: OutputFormat): Rec {
  const text = record[from.text];
  const id = record[from.id];
  if (format !== 'parquet' && format !== 'hf') {
    if (from.text === base.text && from.id === base.id) return record;
    const out: Rec = { ...record };
    delete out[from.text];
    delete out[from.id];
    return { ...out, [base.id]: id, [base.text]: text };
  }
  if (!template) return record;
  const out: Rec = {};
  for (const key of Object.keys(template)) {
    if (key === base.text) out[key] = text ?? null;
    else if (key === base.id) out[key] = idLike(id, template[key]);
    else out[key] = record[key] ?? null;
  }
  return out;
}

function idLike(id: unknown, example: unknown): unknown {
  if (id === undefined || id === null) return null;
  if (typeof example === 'string') return typeof id === 'string' ? id : String(id);
  if (typeof example === 'number') {
    const n = typeof id === 'number' ? id : Number(id);
    if (Number.isSafeInteger(n)) return n;
    throw new WardenError('W_IO_BAD_RECORD', `the base data set has numeric ids but an added record has id ${JSON.stringify(id)}; write JSONL (--output-format jsonl) or give the data sets ids of one type`);
  }
  return id;
}
