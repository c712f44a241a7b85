import type { Logger } from 'pino';
import { stableStringify } from '../../../core/hash.js';
import { errorMessage } from '../../../core/errors.js';
import { watchGuardConfig, type GuardConfig } from '../config.js';
import type { GuardEngine } from '../engine.js';

/**
 * The config with every policy in shadow mode (`warden guard serve --shadow`): decide and record,
 * pass every response through unchanged.
 *
 * @example
 * withShadow(defaultGuardConfig()).policies.default.mode; // 'shadow'
 */
export function withShadow(config: GuardConfig): GuardConfig {
  const policies = Object.fromEntries(Object.entries(config.policies).map(([id, policy]) => [id, { ...policy, mode: 'shadow' as const }]));
  return { ...config, policies };
}

export interface ReloadOptions {
  file: string;
  engine: GuardEngine;
  /** The config the server started with: server and auth changes are reported, not applied. */
  initial: GuardConfig;
  shadow?: boolean;
  logger?: Logger;
  debounceMs?: number;
  /** Called after each successful swap (tests, metrics). */
  onReload?: (config: GuardConfig) => void;
}

/**
 * Hot reload for `serve`: watches the config file and swaps the engine's policies when a valid
 * new version appears. The swap is one assignment inside the engine, so requests in flight
 * finish on the policies they started with and none is dropped. An invalid file is logged
 * (file, line, field) and the running policies stay. Returns a stop function.
 *
 * @example
 * const stop = watchAndReload({ file: 'guard.yaml', engine, initial: config, logger });
 */
export function watchAndReload(options: ReloadOptions): () => void {
  const log = options.logger;
  const restartOnly = (config: GuardConfig) => stableStringify({ server: config.server, auth: config.auth, upstreams: config.upstreams, audit: config.audit, stream: config.stream });
  const startedWith = restartOnly(options.initial);
  return watchGuardConfig(
    options.file,
    function applyConfig(config, loaded) {
      const next = options.shadow ? withShadow(config) : config;
      try {
        options.engine.reload(next);
      } catch (error) {
        log?.warn({ file: options.file, code: (error as { code?: string }).code }, `guard config not reloaded: ${errorMessage(error)}`);
        return;
      }
      log?.info({ file: options.file, hash: loaded.hash, policies: Object.keys(config.policies) }, 'guard policies reloaded');
      if (restartOnly(config) !== startedWith) log?.warn({ file: options.file }, 'server, auth, upstream, audit or stream settings changed: restart to apply them');
      options.onReload?.(next);
    },
    function reportInvalid(error) {
      log?.warn({ file: options.file, code: (error as { code?: string }).code }, `guard config not reloaded: ${error.message}`);
    },
    options.debounceMs === undefined ? {} : { debounceMs: options.debounceMs },
  );
}
