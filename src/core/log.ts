import { pino, type Logger } from 'pino';

export type { Logger };

export interface LogOptions {
  verbose?: boolean;
  quiet?: boolean;
  /** Force JSON lines even on a TTY (e.g. `--json`). */
  json?: boolean;
}

/**
 * The process logger: human-readable on a terminal, JSON lines otherwise, always on stderr so
 * stdout stays for results. Log only ids, counts and masked previews, never raw text.
 *
 * @example
 * const log = createLogger({ verbose: true });
 * log.debug({ shard: 3 }, 'shard done');
 */
export function createLogger(options: LogOptions = {}): Logger {
  const level = options.quiet ? 'warn' : options.verbose ? 'debug' : 'info';
  const pretty = !options.json && process.stderr.isTTY === true;
  if (pretty) {
    return pino({
      level,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino({ level, base: undefined }, pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything, for library callers and tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
