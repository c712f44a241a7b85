import type { GenericKind } from './generic-rules.js';

/**
 * How the generic detector reads a name (`STRIPE_API_KEY_PROD`, `clientSecret`, `x-api-key`):
 * which names hold passwords, secrets or auth headers, and which only talk about them.
 */

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'pw']);
const SECRET_WORDS = new Set([
  'secret', 'token', 'apikey', 'credential', 'credentials', 'auth', 'authorization', 'bearer', 'pat',
  'secretkey', 'accesskey', 'privatekey', 'clientsecret', 'authtoken', 'accesstoken', 'refreshtoken', 'apitoken',
  'apisecret', 'sessiontoken', 'signingkey', 'encryptionkey', 'masterkey', 'appkey', 'appsecret', 'licensekey',
]);
/** A trailing word that makes the name describe something about the secret, not the secret. */
const NOT_VALUE = new Set([
  'id', 'ids', 'name', 'names', 'url', 'uri', 'endpoint', 'path', 'file', 'filename', 'type', 'method', 'mode',
  'length', 'len', 'size', 'count', 'limit', 'limits', 'ttl', 'expiry', 'expires', 'expiration', 'exp', 'in', 'at',
  'header', 'prefix', 'suffix', 'field', 'env', 'var', 'variable', 'ref', 'arn', 'version', 'provider', 'policy',
  'region', 'format', 'hash', 'hashed', 'digest', 'algorithm', 'alg', 'scope', 'scopes', 'usage', 'index', 'store',
  'manager', 'rotation', 'template', 'hint', 'label', 'description', 'desc', 'enabled', 'required', 'min', 'max',
  'timeout', 'window', 'user', 'username', 'email', 'host', 'port', 'location', 'dir', 'folder', 'encoding',
  'schema', 'class', 'kind', 'tokens', 'keys', 'secrets', 'lifetime', 'validity', 'duration', 'reset', 'strength',
  'regex', 'pattern', 'input', 'placeholder', 'color', 'source', 'command', 'cmd', 'script', 'fingerprint', 'salt',
  'rounds', 'prompt', 'changed', 'updated', 'created', 'valid', 'check', 'verify', 'validator', 'stats', 'cost',
  'price', 'budget', 'estimate', 'estimator', 'counter', 'tokenizer', 'column',
]);
/** A word before 'key' that makes it a data key, not a secret key. */
const DATA_KEY = new Set([
  'public', 'pub', 'primary', 'foreign', 'sort', 'partition', 'cache', 'idempotency', 'object', 'map', 'dict',
  'hash', 'row', 'unique', 'composite', 'lookup', 'index', 'group', 'shard', 'routing', 'translation', 'i18n',
  'locale', 'message', 'react', 'list', 'item', 'host', 'known', 'field', 'column', 'table', 'json', 'yaml',
  'config', 'setting', 'metric', 'label', 'tag', 'attribute', 'property', 'prop', 'entry', 'node', 'element',
  'record', 'dedup', 'dedupe', 'bucket', 'sequence', 'redis', 's3', 'cursor', 'next', 'prev', 'page',
  'order', 'join', 'the', 'a', 'hot', 'short', 'shortcut', 'keyboard', 'key', 'function', 'fn', 'dimension',
  'feature', 'query', 'gpg', 'pgp',
]);
export interface NameInfo {
  kind: GenericKind;
  /** The name alone says little ('key', 'token'): demand a stronger value. */
  weak: boolean;
}

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_.-]+/)
    .filter(Boolean);
}

/** Words that may follow the secret word in a name without changing what it names (API_KEY_PROD). */
const VALUE_SUFFIX = new Set([
  'value', 'string', 'str', 'data', 'material', 'b64', 'base64', 'hex', 'raw', 'plain', 'plaintext', 'secret', 'key',
  'token', 'prod', 'production', 'dev', 'development', 'test', 'live', 'staging', 'stage', 'sandbox', 'old', 'new',
  'current', 'primary', 'secondary', 'backup', 'v1', 'v2', 'v3', 'encoded', 'base',
]);

function isSecretWord(w: string): boolean {
  return SECRET_WORDS.has(w) || (w.endsWith('token') && w !== 'tokens') || (w.endsWith('secret') && w.length > 6) || /^(?:api|access|secret|private|client|signing|encryption|master|app|license)key$/.test(w);
}

/**
 * What a name says about its value: a password, a secret, an auth header, or nothing. The
 * secret word must end the name, or be followed only by qualifiers (`API_KEY_PROD`): in
 * `keyTag`, `tokenBucket` or `passThrough` it describes something else.
 *
 * @example
 * classifyName('STRIPE_API_KEY_PROD'); // { kind: 'secret', weak: false }
 * classifyName('max_tokens'); // undefined
 */
export function classifyName(name: string): NameInfo | undefined {
  const ws = words(name);
  if (ws.length === 0 || ws.length > 8) return undefined;
  if (NOT_VALUE.has(ws[ws.length - 1]!)) return undefined;
  if (ws.length === 1 && (ws[0] === 'authorization' || ws[0] === 'auth')) return { kind: 'auth', weak: false };
  let i = ws.length - 1;
  while (i > 0 && (VALUE_SUFFIX.has(ws[i]!) || /^\d+$/.test(ws[i]!)) && !isSecretWord(ws[i]!) && ws[i] !== 'key') i--;
  const w = ws[i]!;
  if (PASSWORD_WORDS.has(w) || w.endsWith('password') || w.endsWith('passwd')) return { kind: 'password', weak: w === 'pass' || w === 'pw' };
  if (isSecretWord(w)) return { kind: 'secret', weak: ws.length === 1 && (w === 'token' || w === 'auth') };
  if (w !== 'key') return undefined;
  const before = ws[i - 1];
  if (before === undefined) return { kind: 'secret', weak: true };
  if (DATA_KEY.has(before)) return undefined;
  if (PASSWORD_WORDS.has(before)) return { kind: 'password', weak: false };
  return { kind: 'secret', weak: false };
}

/** Words before a name that say nothing about it ('your API key', not 'your key'). */
const FILLER_WORDS = new Set(['the', 'a', 'an', 'your', 'my', 'our', 'their', 'this', 'that', 'new', 'old', 'is', 'of', 'for', 'to', 'and', 'with', 'as', 'here', 'set', 'use']);

/**
 * The word before a name, when one space separates them and it is not filler.
 *
 * @example
 * previousWord('your API key', 9); // 'API'
 */
export function previousWord(text: string, start: number): string | undefined {
  if (text[start - 1] !== ' ') return undefined;
  let s = start - 1;
  while (s > 0 && s > start - 22 && /[A-Za-z]/.test(text[s - 1]!)) s--;
  const word = text.slice(s, start - 1);
  if (word.length < 2 || word.length > 20 || FILLER_WORDS.has(word.toLowerCase())) return undefined;
  return /[A-Za-z0-9_.-]/.test(text[s - 1] ?? ' ') ? undefined : word;
}
