import { WardenError } from '../../../core/errors.js';

const SUFFIX: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };

/**
 * Parses a token target: plain or scientific numbers (`500e9`, `5e11`, `500000000000`) or a
 * suffix k, M, B/G, T (`500B`, `1.5T`). Rounded up to a whole token.
 *
 * @example
 * parseTokenTarget('500e9'); // 500000000000
 * parseTokenTarget('1.5T');  // 1500000000000
 */
export function parseTokenTarget(text: string): number {
  const match = /^(\d+(?:\.\d+)?(?:[eE]\d{1,2})?)([kKmMbBgGtT]?)$/.exec(text.trim().replaceAll('_', ''));
  const value = match ? Number(match[1]) * SUFFIX[match[2]!.toLowerCase()]! : Number.NaN;
  if (!Number.isFinite(value) || value < 1 || value > Number.MAX_SAFE_INTEGER) {
    throw new WardenError('W_USAGE', `--target must be a positive token count like 500e9, 5e11 or 500B (got "${text}")`);
  }
  return Math.ceil(value);
}
