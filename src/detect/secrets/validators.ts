/**
 * Checksum and structure validators for secret formats that have them. Pure functions.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 (IEEE 802.3, as zlib) of the UTF-8 bytes of an ASCII string.
 *
 * @example
 * crc32('123456789'); // 0xcbf43926
 */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62_UPPER_FIRST = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE62_LOWER_FIRST = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Base62 of a non-negative integer, left-padded with '0' to `width`.
 *
 * @example
 * base62(61, 2); // '0z'
 */
export function base62(value: number, width = 6, alphabet = BASE62_UPPER_FIRST): string {
  let out = '';
  let n = value;
  do {
    out = alphabet[n % 62]! + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(width, '0');
}

/**
 * GitHub-style token checksum (ghp_/gho_/ghu_/ghs_/ghr_, and npm_ which copies the format):
 * `prefix_` + 30 random base62 chars + 6 chars that are the base62 CRC-32 of the random part.
 * Public write-ups differ on the digit order of the base62 alphabet (0-9A-Za-z vs 0-9a-zA-Z),
 * so both are accepted; a random string still passes with odds of about 1 in 2.8e10.
 *
 * @example
 * githubChecksumValid(githubStyleToken('ghp_', 'a'.repeat(30))); // true
 */
export function githubChecksumValid(token: string): boolean {
  const underscore = token.indexOf('_');
  const body = token.slice(underscore + 1);
  if (body.length !== 36) return false;
  const random = body.slice(0, 30);
  const sum = body.slice(30);
  const crc = crc32(random);
  return base62(crc, 6, BASE62_UPPER_FIRST) === sum || base62(crc, 6, BASE62_LOWER_FIRST) === sum;
}

/**
 * Builds a token with a valid GitHub-style checksum (for tests and evaluation data).
 *
 * @example
 * githubStyleToken('ghp_', 'x'.repeat(30)).length; // 40
 */
export function githubStyleToken(prefix: string, random30: string): string {
  return prefix + random30 + base62(crc32(random30));
}

/**
 * Bytes of a base64 or base64url string (padding optional); undefined when not base64.
 *
 * @example
 * decodeBase64('aGk')?.toString(); // 'hi'
 */
export function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return undefined;
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function decodeJson(part: string): unknown {
  const bytes = decodeBase64(part);
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JWT structure: three base64url parts; the header decodes to a JSON object with a string
 * `alg` other than `none` (an unsigned token is no credential: anyone can mint one), the
 * payload to a JSON object, and the signature has at least 16 chars. The jwt.io sample token
 * ("John Doe") is rejected.
 *
 * @example
 * jwtValid('eyJhbGciOiJub25lIn0.eyJhIjoxfQ.'); // false (alg none)
 */
export function jwtValid(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const header = decodeJson(parts[0]!);
  if (!isObject(header) || typeof header.alg !== 'string') return false;
  const payload = decodeJson(parts[1]!);
  if (!isObject(payload)) return false;
  if (header.alg.toLowerCase() === 'none' || parts[2]!.length < 16) return false;
  if (payload.name === 'John Doe' || payload.sub === '1234567890') return false;
  return true;
}

/**
 * PEM private-key block: the BEGIN and END labels agree and the body holds a real key (at
 * least 64 base64 chars once headers, the armor checksum line, whitespace and JSON `\n` escapes
 * are removed). Truncated
 * doc snippets (`MIIE...`) never reach here: '.' is not part of the body pattern.
 *
 * @example
 * pemPaired('RSA PRIVATE KEY', 'MIIEow...', 'EC PRIVATE KEY'); // false
 */
export function pemPaired(beginLabel: string, body: string, endLabel: string): boolean {
  if (beginLabel !== endLabel) return false;
  const payload = body
    .replace(/\\[nr]/g, '\n')
    .split('\n')
    .filter((line) => !line.includes(':') && !/^\s*=[A-Za-z0-9+/]{4}\s*$/.test(line))
    .join('')
    .replace(/[\s\\]/g, '');
  if (payload.length < 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) return false;
  return new Set(payload).size >= 16;
}

/**
 * Discord bot tokens start with the bot's user id (a snowflake: 17-20 decimal digits) in
 * base64; the next part is a timestamp, the last an HMAC.
 *
 * @example
 * discordTokenValid('MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.' + 'x'.repeat(38)); // true
 */
export function discordTokenValid(token: string): boolean {
  const id = decodeBase64(token.split('.')[0] ?? '');
  return id !== undefined && /^\d{17,20}$/.test(id.toString('latin1'));
}

/**
 * HTTP Basic credentials: base64 of `user:password` with a non-empty password.
 *
 * @example
 * basicCredentialsValid('dXNlcjpzM2NyZXQh'); // true ('user:s3cret!')
 */
export function basicCredentialsValid(value: string): boolean {
  const bytes = decodeBase64(value);
  if (!bytes) return false;
  const text = bytes.toString('utf8');
  const colon = text.indexOf(':');
  return colon > 0 && colon < text.length - 1 && /^[\x20-\x7e]+$/.test(text);
}
