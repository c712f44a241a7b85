import { checkSync } from 'recheck';

/** Longest regex source a policy may hold: allowlists name values, they are not grammars. */
export const MAX_REGEX_CHARS = 512;
/** Longest value an allowlist regex is ever run on (findings are short; this bounds the rest). */
export const MAX_REGEX_INPUT = 4096;
const FLAGS = /^[imsu]{0,4}$/;
/** recheck's own time limit; a pattern it cannot judge in time is refused, not trusted. */
const CHECK_TIMEOUT_MS = 2000;

export type RegexCheck = { ok: true; regex: RegExp } | { ok: false; reason: string };

const verdicts = new Map<string, RegexCheck>();

/**
 * Compiles a user-supplied regex only when it is bounded and provably free of catastrophic
 * backtracking (ReDoS), as judged by the `recheck` checker that also guards every regex literal
 * shipped in src/. Verdicts are cached, so a hot reload of an unchanged policy costs nothing.
 *
 * @example
 * checkRegex('^example\\.(com|org)$', '').ok; // true
 * checkRegex('^(a+)+$', '').ok;              // false: exponential backtracking
 */
export function checkRegex(source: string, flags = ''): RegexCheck {
  const key = `${flags}/${source}`;
  const cached = verdicts.get(key);
  if (cached) return cached;
  const verdict = judge(source, flags);
  if (verdicts.size > 1024) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

function judge(source: string, flags: string): RegexCheck {
  if (source.length === 0) return { ok: false, reason: 'empty regex' };
  if (source.length > MAX_REGEX_CHARS) return { ok: false, reason: `regex longer than ${MAX_REGEX_CHARS} characters` };
  if (!FLAGS.test(flags) || new Set(flags).size !== flags.length) return { ok: false, reason: `flags "${flags}" not allowed (use any of i, m, s, u once)` };
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (error) {
    return { ok: false, reason: `not a valid regex: ${(error as Error).message}` };
  }
  let result: ReturnType<typeof checkSync>;
  try {
    result = checkSync(source, flags, { timeout: CHECK_TIMEOUT_MS });
  } catch (error) {
    return { ok: false, reason: `ReDoS check failed: ${(error as Error).message}` };
  }
  if (result.status === 'vulnerable') {
    return { ok: false, reason: `unsafe regex (ReDoS): ${result.complexity.type} backtracking; rewrite it without nested or overlapping quantifiers` };
  }
  if (result.status !== 'safe') return { ok: false, reason: `the ReDoS checker could not prove the regex safe (${result.error.kind}); simplify it` };
  return { ok: true, regex };
}

/** Runs an allowlist regex on a bounded value (never on a whole response). */
export function testBounded(regex: RegExp, value: string): boolean {
  regex.lastIndex = 0;
  return value.length <= MAX_REGEX_INPUT && regex.test(value);
}
