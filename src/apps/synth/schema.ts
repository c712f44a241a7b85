/**
 * The row shape a synthetic data set is checked against. Defaults describe the pre-classifier
 * set (`{text, label, segment_type, language?}`); every name and value list is configurable
 * because the same tools serve other data sets.
 */
export interface DatasetSchema {
  textField: string;
  labelField: string;
  /** Field holding code|text; undefined skips the field and the code-consistency check. */
  segmentField: string | undefined;
  /** Optional natural-language code field; undefined skips it. */
  languageField: string | undefined;
  labels: readonly string[];
  segmentTypes: readonly string[];
  /** What to say about fields outside the schema (LLMs like to add "explanation"). */
  extraFields: 'allow' | 'warning' | 'error';
}

export const DEFAULT_LABELS: readonly string[] = ['educational', 'command', 'text'];
export const DEFAULT_SEGMENT_TYPES: readonly string[] = ['code', 'text'];

export const DEFAULT_SCHEMA: DatasetSchema = {
  textField: 'text',
  labelField: 'label',
  segmentField: 'segment_type',
  languageField: 'language',
  labels: DEFAULT_LABELS,
  segmentTypes: DEFAULT_SEGMENT_TYPES,
  extraFields: 'allow',
};

/** Two letters, optionally followed by BCP-47 subtags (en, pt-BR, zh-Hant). */
const LANGUAGE = /^[a-z]{2}(?:-[A-Za-z0-9]{2,8})*$/;

export interface FieldProblem {
  severity: 'error' | 'warning';
  code: 'row.not-object' | 'field.text' | 'field.label' | 'field.segment' | 'field.language' | 'field.extra';
  message: string;
}

/**
 * Checks one parsed row against the schema: text a non-empty string, label and segment type
 * from their sets, language (when present and not null) a BCP-47-ish code.
 *
 * @example
 * checkRow({ text: 'hi', label: 'text', segment_type: 'text' }, DEFAULT_SCHEMA); // []
 * checkRow({ text: '', label: 'x' }, DEFAULT_SCHEMA).map((p) => p.code); // ['field.text', 'field.label', 'field.segment']
 */
export function checkRow(value: unknown, schema: DatasetSchema): FieldProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ severity: 'error', code: 'row.not-object', message: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` }];
  }
  const row = value as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const text = row[schema.textField];
  if (typeof text !== 'string') problems.push({ severity: 'error', code: 'field.text', message: `"${schema.textField}" is ${describe(text)}; expected a non-empty string` });
  else if (text.trim() === '') problems.push({ severity: 'error', code: 'field.text', message: `"${schema.textField}" is empty` });

  const label = row[schema.labelField];
  if (typeof label !== 'string' || !schema.labels.includes(label)) {
    problems.push({ severity: 'error', code: 'field.label', message: `"${schema.labelField}" is ${describe(label)}; expected one of ${schema.labels.join('|')}` });
  }
  if (schema.segmentField !== undefined) {
    const segment = row[schema.segmentField];
    if (typeof segment !== 'string' || !schema.segmentTypes.includes(segment)) {
      problems.push({ severity: 'error', code: 'field.segment', message: `"${schema.segmentField}" is ${describe(segment)}; expected one of ${schema.segmentTypes.join('|')}` });
    }
  }
  if (schema.languageField !== undefined) {
    const language = row[schema.languageField];
    // LLMs often write null for "unknown"; treat it like an absent optional field.
    if (language !== undefined && language !== null && (typeof language !== 'string' || !LANGUAGE.test(language))) {
      problems.push({ severity: 'error', code: 'field.language', message: `"${schema.languageField}" is ${describe(language)}; expected a language code like en or pt-BR` });
    }
  }
  if (schema.extraFields !== 'allow') {
    const known = new Set([schema.textField, schema.labelField, schema.segmentField, schema.languageField]);
    const extra = Object.keys(row).filter((key) => !known.has(key));
    if (extra.length) problems.push({ severity: schema.extraFields, code: 'field.extra', message: `fields outside the schema: ${extra.join(', ')}` });
  }
  return problems;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `a ${Array.isArray(value) ? 'array' : typeof value}`;
}
