import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import { parseConfigText } from '../../core/config.js';
import { WardenError, isWardenError } from '../../core/errors.js';
import { closed, policySchema } from './policy/schema.js';

const port = z.number().int().min(0).max(65535);
const positiveInt = (max: number) => z.number().int().min(1).max(max);
const identifier = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and . _ : - only');

const serverSchema = closed(z.object({
    host: z.string().min(1).max(255).default('127.0.0.1'),
    port: port.default(8080),
    /** Enforced on the bytes actually read, not on Content-Length. */
    body_limit_bytes: positiveInt(64 * 1024 * 1024).default(1024 * 1024),
    /** Requests in flight beyond this answer 503 with Retry-After. */
    max_concurrency: positiveInt(100_000).default(64),
    /** Per-request time budget: the scan budget and the overall cutoff. */
    request_timeout_ms: positiveInt(600_000).default(2000),
    /** A body not fully received in this time is cut off (slowloris). */
    body_timeout_ms: positiveInt(600_000).default(5000),
    /** Per API key, or per client IP when auth is off. */
    rate_limit: closed(z.object({ requests_per_minute: positiveInt(10_000_000).default(600), burst: positiveInt(1_000_000).default(100) }))
      .default({ requests_per_minute: 600, burst: 100 }),
  }));

export const AUTH_SCOPES = ['guard', 'audit', 'proxy'] as const;

const keySchema = closed(z.object({
    id: identifier,
    tenant: identifier.optional(),
    /** sha256 hex of the key: keys are never stored in clear. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the lower-case sha256 hex (64 chars) of the key'),
    /** guard: /v1/guard, /v1/scan, /v1/guard/batch; audit: GET /v1/audit; proxy: the OpenAI/Anthropic routes. */
    scopes: z.array(z.enum(AUTH_SCOPES)).min(1).default(['guard', 'proxy']),
    /** Policy applied to this key's requests when they name none. */
    policy: identifier.optional(),
  }));

const authSchema = closed(z.object({ required: z.boolean().default(false), keys: z.array(keySchema).max(10_000).default([]) }))
  .superRefine(function uniqueKeys(auth, ctx) {
    const seen = new Set<string>();
    auth.keys.forEach((key, i) => {
      if (seen.has(key.id)) ctx.addIssue({ code: 'custom', path: ['keys', i, 'id'], message: `duplicate key id "${key.id}"` });
      seen.add(key.id);
    });
  });

const upstream = (baseUrl: string, envName: string) =>
  closed(z.object({
      base_url: z.url({ protocol: /^https?$/ }).default(baseUrl),
      /** Server-side key, read from this environment variable (never from the file). */
      api_key_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name').default(envName),
      timeout_ms: positiveInt(3_600_000).default(60_000),
      /** Forward the client's own key when it sends one; otherwise use the server-side key. */
      pass_client_key: z.boolean().default(true),
    }));

const openaiUpstream = upstream('https://api.openai.com/v1', 'OPENAI_API_KEY');
const anthropicUpstream = upstream('https://api.anthropic.com', 'ANTHROPIC_API_KEY');

export const guardConfigSchema = closed(z.object({
    version: z.literal(1).default(1),
    server: serverSchema.default(serverSchema.parse({})),
    auth: authSchema.default({ required: false, keys: [] }),
    upstreams: closed(z.object({ openai: openaiUpstream.default(openaiUpstream.parse({})), anthropic: anthropicUpstream.default(anthropicUpstream.parse({})) }))
      .default({ openai: openaiUpstream.parse({}), anthropic: anthropicUpstream.parse({}) }),
    audit: closed(z.object({ db: z.string().min(1).max(2048).default('sqlite:./warden.db'), retention_days: positiveInt(36_500).default(30) }))
      .default({ db: 'sqlite:./warden.db', retention_days: 30 }),
    stream: closed(z.object({ hold_back_chars: positiveInt(65_536).default(256) }))
      .default({ hold_back_chars: 256 }),
    default_policy: identifier.default('default'),
    policies: z.record(identifier, policySchema).default({ default: policySchema.parse({}) }),
  }))
  .superRefine(function policiesExist(config, ctx) {
    if (Object.keys(config.policies).length === 0) ctx.addIssue({ code: 'custom', path: ['policies'], message: 'define at least one policy' });
    else if (!(config.default_policy in config.policies)) {
      ctx.addIssue({ code: 'custom', path: ['default_policy'], message: `no policy named "${config.default_policy}" (defined: ${Object.keys(config.policies).join(', ')})` });
    }
    config.auth.keys.forEach((key, i) => {
      if (key.policy !== undefined && !(key.policy in config.policies)) {
        ctx.addIssue({ code: 'custom', path: ['auth', 'keys', i, 'policy'], message: `no policy named "${key.policy}"` });
      }
    });
  });

export type GuardConfig = z.output<typeof guardConfigSchema>;
export type GuardServerConfig = GuardConfig['server'];
export type GuardKey = GuardConfig['auth']['keys'][number];

export interface LoadedGuardConfig {
  config: GuardConfig;
  /** The raw text (its hash identifies the policy version in logs). */
  source: string;
  file: string;
  /** sha256 hex of the source, first 16 chars. */
  hash: string;
}

/**
 * The configuration used when no file is given: one `default` policy with the built-in
 * actions, explain-only on at 0.7, block threshold 80; server on 127.0.0.1:8080, no auth.
 *
 * @example
 * defaultGuardConfig().policies.default.block_threshold; // 80
 */
export function defaultGuardConfig(): GuardConfig {
  return guardConfigSchema.parse({});
}

/**
 * Validates guard.yaml text. Errors are W_POLICY_INVALID and name the file, the line and the
 * field (`guard.yaml:14: field "policies.default.rules.2.action": Invalid option ...`).
 *
 * @example
 * const config = parseGuardConfig('default_policy: strict\npolicies:\n  strict: {block_threshold: 50}\n', 'guard.yaml');
 */
export function parseGuardConfig(text: string, file: string): GuardConfig {
  try {
    return parseConfigText(text, file, guardConfigSchema);
  } catch (error) {
    if (isWardenError(error) && (error.code === 'W_CONFIG_PARSE' || error.code === 'W_CONFIG_INVALID')) {
      throw new WardenError('W_POLICY_INVALID', error.where ? error.message.slice(error.where.length + 2) : error.message, {
        ...(error.where ? { where: error.where } : {}),
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Reads and validates a guard.yaml (or .json) file.
 *
 * @example
 * const { config } = await loadGuardConfig('examples/guard/guard.yaml');
 */
export async function loadGuardConfig(file: string): Promise<LoadedGuardConfig> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (cause) {
    throw new WardenError('W_IO_NOT_FOUND', `cannot read guard config: ${(cause as Error).message}`, { where: file, cause });
  }
  return { config: parseGuardConfig(source, file), source, file, hash: createHash('sha256').update(source).digest('hex').slice(0, 16) };
}

export interface WatchOptions {
  /** Quiet period after the last change before reloading (editors write in several steps). */
  debounceMs?: number;
}

/**
 * Watches a guard config for changes and reloads it after a quiet period. A valid new file is
 * passed to `onChange`; an invalid one goes to `onError` and the caller keeps its current
 * config (nothing is swapped). Unchanged content is ignored. The directory is watched, so
 * editors that replace the file (write + rename) are seen too. Returns a function that stops.
 *
 * @example
 * const stop = watchGuardConfig('guard.yaml', (c) => engine.reload(c), (e) => log.warn(e.message));
 */
export function watchGuardConfig(
  file: string,
  onChange: (config: GuardConfig, loaded: LoadedGuardConfig) => void,
  onError: (error: Error) => void,
  options: WatchOptions = {},
): () => void {
  const path = resolve(file);
  const name = basename(path);
  const debounceMs = options.debounceMs ?? 200;
  let timer: NodeJS.Timeout | undefined;
  let lastHash: string | undefined;
  let closed = false;
  let running = Promise.resolve();
  // The hash of the file as it is now, so that touching it without changes is not a reload.
  readFile(path, 'utf8')
    .then((s) => (lastHash ??= createHash('sha256').update(s).digest('hex').slice(0, 16)))
    .catch(() => undefined);

  const reload = async function reloadGuardConfig(): Promise<void> {
    if (closed) return;
    try {
      const loaded = await loadGuardConfig(path);
      if (closed || loaded.hash === lastHash) return;
      lastHash = loaded.hash;
      onChange(loaded.config, loaded);
    } catch (error) {
      // Invalid or unreadable (mid-write, deleted): report it; the caller keeps what it runs, and the next event retries.
      if (!closed) onError(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => (running = running.then(reload)), debounceMs);
  };
  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, function onConfigEvent(_event, changed) {
    if (changed === null || changed === name) schedule();
  });
  watcher.on('error', (error) => onError(error));
  return function stopWatching() {
    closed = true;
    clearTimeout(timer);
    watcher.close();
  };
}
