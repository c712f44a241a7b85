import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { WardenError } from '../../core/errors.js';
import {
  AgentDashboard,
  AgentRunDir,
  DEFAULT_PLAN,
  formatAgentSummary,
  loadPlan,
  normalisePlan,
  parseWeights,
  runAgent,
  type AgentInvocation,
  type AgentPlan,
} from '../../apps/synth/agent/index.js';
import { batchApiFor } from '../../llm/batch/index.js';
import { createProvider, llmHelpEpilogue, resolveLlmConfig } from '../../llm/index.js';
import { addGlobalFlags, examples, parseIntFlag, type GlobalFlags } from '../common.js';
import { batchPollingFromEnv, commandLine } from '../invocation.js';

interface AgentFlags extends GlobalFlags {
  records?: number;
  out?: string;
  plan?: string;
  seed: number;
  checkpointEvery: number;
  batch: 'auto' | 'on' | 'off';
  model?: string;
  scenarios?: string;
  channels?: string;
  obfuscations?: string;
  maxAttempts: number;
  concurrency: number;
  cache: boolean;
  force?: boolean;
  resume?: string;
}

/** Most records per run: the final records.jsonl is sorted in memory. */
const MAX_RECORDS = 50_000;

/**
 * `warden synth dlp-agent`: DLP records written by an LLM (prose with placeholders), filled and
 * labelled exactly by Warden, through the batch layer, resumable.
 *
 * @example
 * synth.addCommand(dlpAgentCommand());
 */
export function dlpAgentCommand(): Command {
  const command = new Command('dlp-agent')
    .summary('generate DLP records with an LLM: planned scenario mix, specialist prompts, exact spans, resumable')
    .description(
      'A planner draws each record\'s scenario (legal, finance, hr, security, casual), channel (email, chat), recipient ' +
        'class, target sensitivity, obfuscation and number of messages from a seeded PRNG (--plan YAML or the flags ' +
        '--scenarios/--channels/--obfuscations; same seed and plan, same tasks). A specialist prompt per scenario ' +
        '(prompts/dlp-agent/*.md) asks the model, with JSON-schema structured output, for a subject, the messages of a ' +
        'message or thread, and attachment names, holding placeholders such as {{PAN_1}} or {{NAME_2}} where sensitive ' +
        'values go. Warden fills the placeholders with seeded values from the DLP generator (Luhn-valid cards, SSNs in ' +
        'issued ranges, libphonenumber phones, provider-shaped keys, ...), computes the spans exactly, applies the planned ' +
        'obfuscation with span remapping, and derives the labels by the DLP rule set. An answer that breaks the schema, ' +
        'misses or invents placeholders, or holds a raw sensitive-looking value (found by Warden\'s detection engine ' +
        'outside the planted spans) is refused and asked again with the reasons, up to --max-attempts.\n\n' +
        'Requests go through the batch runner: with --batch on (or auto at api.openai.com / api.anthropic.com) large ' +
        'rounds use OpenAI Batch / Anthropic Message Batches, small ones concurrent calls. A checkpoint is written every ' +
        '--checkpoint-every records. Ctrl+C finishes the current write, saves and exits 130; after a crash or an error ' +
        '(exit 2), running the same command again (or --resume DIR) continues without duplicating or dropping a record: ' +
        'answers already received (batches in flight included) are collected, not asked again.\n\n' +
        'DIR receives records.jsonl (DLP record format, task order), manifest.json (plan, model, usage, cost, counts, ' +
        'rejects by reason, validator summary), checkpoint.json, run.json and batches.sqlite. The records are checked ' +
        'by the same validator as `warden synth validate-dlp`.\n\n' +
        'On a TTY a live panel shows progress, records/s, batches, errors, rejects, tokens and cost; otherwise a plain ' +
        'line per 10 s and per round; --quiet shows nothing.\n\n' +
        'Exit codes: 0 every record made and valid; 1 the validator found problems or some tasks were abandoned; ' +
        '2 error (re-run to resume); 130 interrupted (re-run to resume).',
    )
    .option('--records <n>', `records to generate (at most ${MAX_RECORDS})`, parseIntFlag('--records'))
    .option('--out <dir>', 'run directory (records.jsonl, manifest.json, checkpoint)')
    .option('--plan <file>', 'YAML plan: weights per scenarios, channels, recipients, sensitivity, obfuscation, turns')
    .option('--seed <n>', 'seed of the plan and of the filled values', parseSeed, 42)
    .option('--checkpoint-every <n>', 'write a checkpoint every N accepted records', parseIntFlag('--checkpoint-every'), 50)
    .addOption(new Option('--batch <mode>', 'provider batch API: auto (official endpoints, large rounds), on, off').choices(['auto', 'on', 'off']).default('auto'))
    .option('--model <model>', 'model to use (default: WARDEN_LLM_MODEL)')
    .option('--scenarios <list>', 'scenario weights, e.g. legal=3,finance=2,hr (overrides the plan file)')
    .option('--channels <list>', 'channel weights, e.g. email=3,chat=1')
    .option('--obfuscations <list>', 'obfuscation weights, e.g. none=8,base64=1,split=1')
    .option('--max-attempts <n>', 'answers judged per record before it is abandoned', parseIntFlag('--max-attempts'), 4)
    .option('--concurrency <n>', 'concurrent requests (small rounds, or --batch off)', parseIntFlag('--concurrency'), 4)
    .option('--no-cache', 'bypass the LLM response cache (DIR/llm-cache.sqlite)')
    .option('--resume <dir>', 'continue the run in DIR with its recorded settings')
    .option('--force', 'start the run directory over');
  addGlobalFlags(command);
  examples(command, [
    'warden synth dlp-agent --records 200 --out gen/dlp-agent --model gpt-4o-mini',
    'WARDEN_LLM_BASE_URL=http://127.0.0.1:11434/v1 WARDEN_LLM_MODEL=llama3.1:8b warden synth dlp-agent --records 50 --out gen/local --batch off',
    'warden synth dlp-agent --records 5000 --out gen/big --plan plan.yaml --seed 7 --checkpoint-every 100 --batch on',
    'warden synth dlp-agent --records 100 --out gen/legal --scenarios legal=3,hr --obfuscations none=3,split=1',
    'warden synth dlp-agent --resume gen/big          # after Ctrl+C or a crash',
    'warden synth validate-dlp gen/dlp-agent/records.jsonl',
  ]);
  command.addHelpText('after', '\nPlan file (YAML; axes left out keep the defaults):\n  scenarios: {legal: 3, finance: 3, hr: 2, security: 2, casual: 2}\n  channels: {email: 3, chat: 2}\n  recipients: {internal: 50, partner: 20, webmail: 13, competitor: 7, suspicious: 10}\n  sensitivity: {public: 1, internal: 2, confidential: 3, restricted: 4}\n  obfuscation: {none: 70, base64: 5, homoglyph: 4, zero-width: 5, spelled-digits: 5, at-dot: 5, split: 6}\n  turns: {1: 4, 2: 3, 3: 2, 4: 1}\n');
  command.addHelpText('after', llmHelpEpilogue());
  return command.action(async function dlpAgentAction(flags: AgentFlags, self: Command) {
    const resumed = flags.resume ? await new AgentRunDir(resolve(flags.resume)).readRun() : undefined;
    if (flags.resume && !resumed) throw new WardenError('W_IO_NOT_FOUND', 'no run.json here; pass the --out directory of a `warden synth dlp-agent` run', { where: flags.resume });
    const out = resumed ? resolve(flags.resume!) : flags.out;
    // Before anything else: no LLM, no run (W_LLM_NOT_CONFIGURED says what to set).
    const noCache = resumed ? resumed.invocation.no_cache : !flags.cache;
    const llmConfig = resolveLlmConfig(process.env, { model: resumed?.config.model ?? flags.model, noCache, defaultCache: out ? `sqlite:${resolve(out, 'llm-cache.sqlite')}` : undefined }, 'warden synth dlp-agent');
    if (!out) throw new WardenError('W_USAGE', '--out DIR is required (or --resume DIR)');
    const records = resumed?.config.records ?? flags.records;
    if (records === undefined) throw new WardenError('W_USAGE', '--records N is required (or --resume DIR)');
    if (records > MAX_RECORDS) throw new WardenError('W_USAGE', `--records must be at most ${MAX_RECORDS} (got ${records}); split the job over several run directories`);
    const plan = resumed ? resumed.config.plan : await planFrom(flags);
    const batch = resumed?.invocation.batch ?? flags.batch;
    const official = llmConfig.baseURL === undefined || /^https:\/\/api\.(?:openai|anthropic)\.com(?:\/|$)/.test(llmConfig.baseURL);
    const api =
      batch === 'on' || (batch === 'auto' && official)
        ? batchApiFor(llmConfig)
        : undefined;
    const invocation: AgentInvocation = {
      out: resolve(out),
      plan_file: resumed ? resumed.invocation.plan_file : flags.plan ? resolve(flags.plan) : null,
      batch,
      checkpoint_every: resumed && flags.checkpointEvery === 50 ? resumed.invocation.checkpoint_every : flags.checkpointEvery,
      no_cache: noCache,
    };
    const quiet = (flags.quiet ?? false) || (flags.json ?? false);
    const dashboard = new AgentDashboard({ stream: process.stderr, quiet });
    const provider = createProvider(llmConfig);
    const controller = new AbortController();
    const onInterrupt = function onInterrupt(): void {
      dashboard.note('dlp-agent: interrupted: finishing the current write and saving (Ctrl+C again kills)');
      controller.abort();
    };
    process.once('SIGINT', onInterrupt);
    try {
      const result = await runAgent({
        records,
        seed: resumed?.config.seed ?? flags.seed,
        plan,
        provider,
        api,
        invocation,
        command: resumed?.command ?? commandLine(self),
        maxAttempts: resumed?.config.max_attempts ?? flags.maxAttempts,
        minBatchItems: batch === 'on' ? 1 : 20,
        concurrency: flags.concurrency,
        ...batchPollingFromEnv(),
        force: flags.force ?? false,
        signal: controller.signal,
        dashboard,
      });
      dashboard.finish();
      if (result.status === 'interrupted') {
        process.stderr.write(`dlp-agent: interrupted with ${result.done}/${result.total} records saved in ${invocation.out}; resume with: warden synth dlp-agent --resume ${invocation.out}\n`);
      } else {
        process.stdout.write(flags.json ? JSON.stringify(result.manifest) + '\n' : formatAgentSummary(result.manifest, invocation.out));
      }
      process.exitCode = result.exitCode;
    } finally {
      process.off('SIGINT', onInterrupt);
      await provider.close();
    }
  });
}

async function planFrom(flags: AgentFlags): Promise<AgentPlan> {
  const base = flags.plan ? await loadPlan(flags.plan) : structuredClone(DEFAULT_PLAN);
  const overrides: Record<string, Record<string, number>> = {};
  if (flags.scenarios) overrides.scenarios = parseWeights(flags.scenarios);
  if (flags.channels) overrides.channels = parseWeights(flags.channels);
  if (flags.obfuscations) overrides.obfuscation = parseWeights(flags.obfuscations);
  return Object.keys(overrides).length > 0 ? normalisePlan({ ...base, ...overrides }, 'flags') : base;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new WardenError('W_USAGE', `--seed must be a whole number from 0 to 4294967295 (got "${value}")`);
  return n;
}


