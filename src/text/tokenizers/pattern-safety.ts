import { createRequire } from 'node:module';
import { WardenError } from '../../core/errors.js';

/** recheck's own time limit; a pattern it cannot judge in time is refused, not trusted. */
const CHECK_TIMEOUT_MS = 5000;

type CheckSync = (source: string, flags: string, params?: { timeout?: number }) => { status: 'safe' | 'vulnerable' | 'unknown'; complexity?: { type: string }; error?: { kind: string } };
let checker: CheckSync | undefined;

/**
 * Refuses a pre-tokenizer regex from a user's tokenizer.json unless the `recheck` ReDoS
 * checker proves it free of catastrophic backtracking: the pattern runs over every document of
 * a corpus, so one exponential pattern would stall a whole run. The checker (large) loads on
 * first use only; the shipped patterns are checked by the tests instead.
 *
 * @example
 * assertSafePattern("\\p{L}+|\\p{N}{1,3}", 'tokenizer.json: pre_tokenizer.pattern.Regex');
 */
export function assertSafePattern(source: string, where: string): void {
  checker ??= (createRequire(import.meta.url)('recheck') as { checkSync: CheckSync }).checkSync;
  let result: ReturnType<CheckSync>;
  try {
    result = checker(source, 'gu', { timeout: CHECK_TIMEOUT_MS });
  } catch (cause) {
    throw new WardenError('W_CONFIG_INVALID', `the ReDoS check of the pre-tokenizer pattern failed: ${(cause as Error).message}`, { where, cause });
  }
  if (result.status === 'vulnerable') {
    throw new WardenError('W_CONFIG_INVALID', `pre-tokenizer pattern is unsafe (${result.complexity?.type ?? 'catastrophic'} backtracking, a ReDoS risk on hostile text); rewrite it without nested or overlapping quantifiers`, { where });
  }
  if (result.status !== 'safe') throw new WardenError('W_CONFIG_INVALID', `the ReDoS checker could not prove the pre-tokenizer pattern safe (${result.error?.kind ?? 'unknown'}); simplify it`, { where });
}
