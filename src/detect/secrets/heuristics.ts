import { looksLikePlaceholder } from '../rule.js';

/**
 * Heuristics that tell a real secret value from the things that merely look like one:
 * placeholders, documented examples, sequences, hashes, ids, paths. Pure and linear.
 */

/** Documented example credentials that must never be reported (AWS docs, emulators, ...). */
const DOCUMENTED = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'AKIAI44QH8DHBEXAMPLE',
  'ASIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  // Azurite (Azure Storage emulator) and Cosmos DB emulator well-known keys.
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
]);

/**
 * Documented example credentials (AWS docs, Azure and Cosmos DB emulators).
 *
 * @example
 * isDocumentedExample('AKIAIOSFODNN7EXAMPLE'); // true
 */
export function isDocumentedExample(value: string): boolean {
  return DOCUMENTED.has(value);
}

/**
 * Longest run of characters whose codes step by +1 (or -1).
 *
 * @example
 * longestSequentialRun('xxabcdefyy'); // 6
 */
export function longestSequentialRun(value: string): number {
  let best = value.length > 0 ? 1 : 0;
  let up = 1;
  let down = 1;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    best = Math.max(best, up, down);
  }
  return best;
}

const KEYBOARD = /qwerty|asdfgh|zxcvbn|qazwsx|abc123|password|passw0rd|letmein|iloveyou/i;
const STAND_IN = /demo|mock|lorem|foobar|supersecret|my[-_]?secret|secret123|not[-_]?a[-_]?real|notreal|fixme|goes[-_]?here|key[-_]?here|token[-_]?here|test[-_]?(?:key|token|secret|pass)|^(?:none|null|undefined|string|true|false|tbd|n\/a)$/i;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/**
 * A value that stands in for a secret rather than being one: the shared placeholder list
 * (example, xxxx, ${VAR}, <token>, changeme, your_api_key, redacted, ...), ellipses and
 * bullets, stand-in words (demo, mock, supersecret, test-key, ...), too few distinct
 * characters, long alphabetic or numeric sequences, keyboard walks.
 *
 * @example
 * isPlaceholderValue('sk_live_xxxxxxxxxxxxxxxxxxxxxxxx'); // true
 * isPlaceholderValue('ghp_abcdefghijklmnopqrstuvwxyz0123456789'); // true (sequence)
 */
export function isPlaceholderValue(value: string): boolean {
  if (isDocumentedExample(value) || looksLikePlaceholder(value)) return true;
  if (/\.\.\.|…|•|\*{3}|#{4}|X{6}|0{8}|_{4}|-{4}/.test(value)) return true;
  if (/EXAMPLE|TODO|PLACEHOLDER|HERE$/i.test(value)) return true;
  if (KEYBOARD.test(value) || STAND_IN.test(value) || KEYBOARD.test(value.replace(/[013457@$]/g, (c) => LEET[c]!))) return true;
  if (longestSequentialRun(value) >= 6) return true;
  const distinct = new Set(value).size;
  return value.length >= 8 && distinct < Math.min(6, Math.ceil(value.length / 4));
}

/**
 * @example
 * isUuid('550e8400-e29b-41d4-a716-446655440000'); // true
 */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/**
 * Hex of a digest length: MD5 32, SHA-1/git 40, SHA-224 56, SHA-256 64, SHA-384 96, SHA-512 128.
 *
 * @example
 * isHexDigest('d41d8cd98f00b204e9800998ecf8427e'); // true
 */
export function isHexDigest(value: string): boolean {
  return /^[0-9a-f]+$/i.test(value) && [32, 40, 56, 64, 96, 128].includes(value.length);
}

/**
 * File paths, URLs, e-mail addresses, dates, versions, plain numbers.
 *
 * @example
 * isNonSecretShape('/etc/ssl/private/key.pem'); // true
 */
export function isNonSecretShape(value: string): boolean {
  if (/^[a-z][a-z0-9+.-]{1,15}:\/\//i.test(value) || value.startsWith('data:')) return true;
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|\\\\)/.test(value)) return true;
  if (/^[\w.-]+\/[\w./-]+\.[a-z]{1,5}$/i.test(value)) return true;
  if (/^[\w.+-]+@[\w-]+\.[\w.-]+$/.test(value)) return true;
  if (/^[\d\s.:/+-]+$/.test(value)) return true;
  if (/^v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/.test(value)) return true;
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return true;
  return false;
}

/**
 * A reference to a secret rather than the secret itself: env lookups, template expressions,
 * SCREAMING_CASE variable names; and, for unquoted values (`code`), member access
 * (`config.apiKey`) and calls, which inside quotes would be literal strings.
 *
 * @example
 * isReference('os.environ', true); // true
 * isReference('OPENAI_API_KEY'); // true
 */
export function isReference(value: string, code = false): boolean {
  if (/^[$%@&]|\$\{|\{\{|\}\}|process\.env|os\.environ|getenv|secrets\.|env\(|vault:|ENV\[/i.test(value)) return true;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return true;
  if (!code) return false;
  return /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\(\))?$/.test(value) || /^[A-Za-z_$][\w$]*\(.*\)$/.test(value);
}

/**
 * Character classes present: lower, upper, digit, symbol (0..4).
 *
 * @example
 * charClasses('aB3!'); // 4
 */
export function charClasses(value: string): number {
  return (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/\d/.test(value) ? 1 : 0) + (/[^A-Za-z0-9]/.test(value) ? 1 : 0);
}

/** Passwords that documentation, tutorials and local docker-compose files use as stand-ins. */
export const DEFAULT_PASSWORDS: ReadonlySet<string> = new Set([
  'postgres', 'password', 'pass', 'passwd', 'pwd', 'root', 'admin', 'guest', 'mysql', 'mariadb', 'mongo', 'mongodb',
  'redis', 'rabbitmq', 'secret', 'test', 'testing', 'user', 'username', 'changeme', 'changeit', 'example', 'mypassword',
  'mysecretpassword', 'default', 'demo', 'dev', 'local', 'sa', 'toor', 'qwerty', 'letmein', '123456', '12345678',
  'admin123', 'pass123', 'p@ssw0rd', 'p@ssword', 'db', 'app', 'docker', 'foo', 'bar', 'foobar', 'hunter2', 'pw', 'token',
]);

