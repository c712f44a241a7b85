import { WardenError } from '../../../../core/errors.js';
import { jsonErrorOffset } from './json-position.js';

/**
 * JSON.parse with an error that names the file, line and column (Node reports a character
 * position; the line is counted from it).
 *
 * @example
 * parseJsonFile('{"a":1}', 'x.json'); // { a: 1 }
 */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const message = (cause as Error).message;
    const at = /position (\d{1,12})/.exec(message);
    const position = at ? Number(at[1]) : jsonErrorOffset(text);
    let where = file;
    if (position >= 0) {
      const before = text.slice(0, position);
      const line = before.split('\n').length;
      const column = position - before.lastIndexOf('\n');
      where = `${file}:${line}:${column}`;
    }
    throw new WardenError('W_INSTRUCT_SOURCE', `malformed JSON: ${message}`, { where, cause });
  }
}

/**
 * A plain JSON object (not an array, not null).
 *
 * @example
 * isObject({}); // true
 */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A non-blank string field or undefined (non-strings are ignored, not coerced).
 *
 * @example
 * str(' x '); // ' x '
 */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/**
 * An array field, or an empty array for anything else.
 *
 * @example
 * arr(undefined); // []
 */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The NVD/ATT&CK date forms as ISO 8601 UTC (`2003-08-15T04:00:00.000` gains a `Z`).
 *
 * @example
 * isoDate('2003-08-15T04:00:00.000'); // '2003-08-15T04:00:00.000Z'
 */
export function isoDate(value: unknown): string | undefined {
  const s = str(value);
  if (!s) return undefined;
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/.test(s) ? `${s}Z` : s;
  const time = Date.parse(withZone);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
