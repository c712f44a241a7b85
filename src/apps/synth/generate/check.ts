import { codeEvidence } from '../code.js';
import { checkRow, type DatasetSchema } from '../schema.js';
import type { PromptFile } from './prompt-file.js';

/**
 * Why a generated row was dropped. The first group are `warden synth validate`'s own issue
 * codes (errors there, and `segment.mismatch`, a warning there, because a training row whose
 * segment_type contradicts its text teaches the pre-classifier the wrong feature); the rest are
 * the prompt file's constraints and the within-file duplicate check.
 */
export type RejectReason =
  | 'parse'
  | 'row.not-object'
  | 'field.text'
  | 'field.label'
  | 'field.segment'
  | 'field.language'
  | 'field.extra'
  | 'label.expected'
  | 'segment.mismatch'
  | 'segment.expected'
  | 'language.expected'
  | 'text.length'
  | 'duplicate.exact'
  | 'duplicate.near';

export interface Rejection {
  reason: RejectReason;
  /** 1-based line of the answer the row started on. */
  line: number;
  message: string;
}

export type RowCheck = { ok: true; row: Record<string, unknown> } | { ok: false; rejection: Rejection };

/**
 * Checks one value extracted from an answer: the schema checks of `synth validate`, the prompt
 * file's label, segment types, languages and length bounds, and segment_type against code in
 * the text. A passing row comes back reduced to the schema's fields (models add chatter fields
 * such as "explanation"); the caller adds provenance.
 *
 * @example
 * checkGenerated({ text: 'Use `git status` to see changes.', label: 'text', segment_type: 'code' }, 3, prompt, DEFAULT_SCHEMA);
 * // { ok: true, row: { text: 'Use `git status` ...', label: 'text', segment_type: 'code' } }
 */
export function checkGenerated(value: unknown, line: number, prompt: PromptFile, schema: DatasetSchema): RowCheck {
  const reject = (reason: RejectReason, message: string): RowCheck => ({ ok: false, rejection: { reason, line, message } });
  const problems = checkRow(value, schema).filter((p) => p.severity === 'error');
  if (problems.length) return reject(problems[0]!.code, problems.map((p) => p.message).join('; '));
  const row = value as Record<string, unknown>;
  const text = row[schema.textField] as string;
  const label = row[schema.labelField] as string;
  if (!prompt.labels.includes(label)) return reject('label.expected', `label is "${label}"; this prompt file asks for ${prompt.labels.map((l) => `"${l}"`).join(' or ')} only`);
  let segment: string | undefined;
  if (schema.segmentField !== undefined) {
    segment = row[schema.segmentField] as string;
    if (!prompt.segmentTypes.includes(segment)) {
      return reject('segment.expected', `${schema.segmentField} is "${segment}"; this prompt file asks for ${prompt.segmentTypes.join(' or ')}`);
    }
    const mismatch = segmentMismatch(segment, text, schema.segmentField);
    if (mismatch) return reject('segment.mismatch', mismatch);
  }
  let language: string | undefined;
  if (schema.languageField !== undefined) {
    const raw = row[schema.languageField];
    language = typeof raw === 'string' ? raw : undefined;
    if (prompt.languages !== undefined && language !== undefined && !prompt.languages.includes(language)) {
      return reject('language.expected', `${schema.languageField} is "${language}"; this prompt file asks for ${prompt.languages.join(', ')}`);
    }
    // A one-language prompt file fills in a missing language; a multilingual one needs it.
    if (language === undefined && prompt.languages?.length === 1) language = prompt.languages[0];
    if (language === undefined && prompt.languages !== undefined) {
      return reject('field.language', `${schema.languageField} is missing; this prompt file asks for one of ${prompt.languages.join(', ')}`);
    }
  }
  const chars = [...text].length;
  if (chars < prompt.minChars || chars > prompt.maxChars) {
    return reject('text.length', `${schema.textField} has ${chars} characters; this prompt file asks for ${prompt.minChars} to ${prompt.maxChars}`);
  }
  const out: Record<string, unknown> = { [schema.textField]: text, [schema.labelField]: label };
  if (schema.segmentField !== undefined) out[schema.segmentField] = segment;
  if (schema.languageField !== undefined && language !== undefined) out[schema.languageField] = language;
  return { ok: true, row: out };
}

/** The same rule as `synth validate`'s segment.mismatch warning. */
function segmentMismatch(segment: string, text: string, field: string): string | undefined {
  if (segment !== 'code' && segment !== 'text') return undefined;
  const evidence = codeEvidence(text);
  if (segment === 'code' && !evidence) return `${field} is "code" but the text has no fence, inline command, shell prompt or command line`;
  if (segment === 'text' && evidence) return `${field} is "text" but the text contains code: ${evidence}`;
  return undefined;
}
