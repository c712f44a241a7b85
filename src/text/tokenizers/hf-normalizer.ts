import { WardenError } from '../../core/errors.js';
import { compilePattern } from './pattern.js';

/** A normalizer step of a `tokenizer.json`, as a plain function of the text. */
export type Normalize = (text: string) => string;

const WHITE = /^\p{White_Space}$/u;

/**
 * Builds the `normalizer` of a tokenizer.json. Supported: NFC, NFD, NFKC, NFKD, Lowercase,
 * Strip, Replace, Prepend and Sequence of these; anything else is an error naming the field.
 *
 * @example
 * buildNormalizer({ type: 'NFC' }, 'normalizer', 'tok.json')('e\u0301'); // 'é'
 */
export function buildNormalizer(spec: unknown, field: string, file: string): Normalize | undefined {
  if (spec === null || spec === undefined) return undefined;
  const node = objectAt(spec, field, file);
  const type = node.type;
  switch (type) {
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
      return (text) => text.normalize(type);
    case 'Lowercase':
      return (text) => text.toLowerCase();
    case 'Strip': {
      const left = node.strip_left !== false;
      const right = node.strip_right !== false;
      return (text) => strip(text, left, right);
    }
    case 'Prepend': {
      const prefix = stringAt(node.prepend, `${field}.prepend`, file);
      return (text) => (text.length > 0 ? prefix + text : text);
    }
    case 'Replace': {
      const pattern = objectAt(node.pattern, `${field}.pattern`, file);
      const content = stringAt(node.content, `${field}.content`, file);
      if (typeof pattern.String === 'string') {
        const literal = pattern.String;
        return (text) => (literal ? text.split(literal).join(content) : text);
      }
      const source = stringAt(pattern.Regex, `${field}.pattern.Regex`, file);
      const re = compilePattern(source, `${file}: ${field}.pattern.Regex`);
      return (text) => text.replace(re, () => content);
    }
    case 'Sequence': {
      const list = node.normalizers;
      if (!Array.isArray(list)) throw invalid(file, `${field}.normalizers must be a list`);
      const steps = list.map((child, i) => buildNormalizer(child, `${field}.normalizers[${i}]`, file)).filter((f): f is Normalize => f !== undefined);
      return (text) => steps.reduce((acc, step) => step(acc), text);
    }
    default:
      throw invalid(file, `${field}.type "${String(type)}" is not supported (supported: NFC, NFD, NFKC, NFKD, Lowercase, Strip, Replace, Prepend, Sequence)`);
  }
}

function strip(text: string, left: boolean, right: boolean): string {
  let start = 0;
  let end = text.length;
  while (left && start < end && WHITE.test(text[start]!)) start++;
  while (right && end > start && WHITE.test(text[end - 1]!)) end--;
  return text.slice(start, end);
}

export function objectAt(value: unknown, field: string, file: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid(file, `${field} must be an object`);
  return value as Record<string, unknown>;
}

export function stringAt(value: unknown, field: string, file: string): string {
  if (typeof value !== 'string') throw invalid(file, `${field} must be a string`);
  return value;
}

export function invalid(file: string, message: string): WardenError {
  return new WardenError('W_CONFIG_INVALID', `tokenizer.json: ${message}`, { where: file });
}
