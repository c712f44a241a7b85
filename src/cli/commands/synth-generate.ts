import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { WardenError } from '../../core/errors.js';
import { ProgressBar } from '../../core/progress.js';
import {
  batchFirstRound,
  generate,
  GenerateRunDir,
  formatSummary,
  loadPrompts,
  type BatchMode,
  type GenerateConfig,
  type GenerateManifest,
  type Invocation,
} from '../../apps/synth/generate/index.js';
import { DEFAULT_NEAR_DUP } from '../../apps/synth/index.js';
import { batchApiFor, type BatchApi } from '../../llm/batch/index.js';
import { createProvider, llmHelpEpilogue, PLACEHOLDER_API_KEY, resolveLlmConfig, type LlmProvider } from '../../llm/index.js';
import { openStore, type Store } from '../../store/index.js';
import { addGlobalFlags, examples, parseIntFlag, splitList, type GlobalFlags } from '../common.js';
import { batchPollingFromEnv, commandLine } from '../invocation.js';

interface GenerateFlags extends GlobalFlags {
  prompts: string[];
  model?: string;
  samples?: number;
  out: string;
  fallbackModels: string[];
  batch: BatchMode;
  maxReprompts: number;
  concurrency: number;
  cache: boolean;
  seed?: number;
  nearDup: number;
  force?: boolean;
}

/** The same bound as a prompt file's `samples`. */
const MAX_SAMPLES = 100_000;

interface ResumeFlags extends GlobalFlags {
  concurrency?: number;
}

/**
 * `warden synth generate` and `warden synth resume`: prompt files sent to one model, rows
 * validated and de-duplicated, a resumable run directory.
 *
 * @example
 * synth.addCommand(generateCommand()).addCommand(resumeCommand());
 */
export function generateCommand(): Command {
  const command = new Command('generate')
    .summary('generate training rows from prompt files with an LLM: validated, de-duplicated, resumable')
    .description(
      'Sends each prompt file (Markdown with YAML front matter: label, segment_type, language(s), samples, description) ' +
        'to one model and writes <out>/<prompt-name>.jsonl. JSON lines are pulled out of the answer (fences, prose, ' +
        'numbering, trailing commas and JSON arrays are handled); every row gets the `synth validate` checks plus the ' +
        "prompt file's label, segment types, languages and length bounds; near duplicates within a file are dropped. When " +
        'rows are missing, a follow-up asks for exactly the missing number and quotes the rejections, up to --max-reprompts ' +
        'times. Each row carries meta: {model, prompt_file, prompt_sha256, generated_at, attempt}.\n\n' +
        'One model per run. --fallback-models is used only when the current model is out of quota (429 ' +
        'insufficient_quota, or rate limits that outlast the retries); the switch is recorded in manifest.json and in ' +
        "each row's meta.fallback_from.\n\n" +
        '--out is the run directory: manifest.json (config hash, prompt hashes, per-file counts, rejections by reason, ' +
        're-prompts, model chain, usage, cost, tokens/s) and _done/ markers. Re-running the same command, or ' +
        '`warden synth resume DIR`, skips finished files and continues partial ones without duplicating rows; Ctrl+C ' +
        'saves the run and exits 2. Answers are cached in DIR/llm-cache.sqlite (WARDEN_LLM_CACHE overrides it, --no-cache ' +
        'bypasses it).\n\n' +
        'The LLM comes from the environment: WARDEN_LLM_BASE_URL and WARDEN_LLM_MODEL (Ollama, vLLM, llama.cpp, LM Studio), ' +
        'or OPENAI_API_KEY / ANTHROPIC_API_KEY. --batch auto sends large first rounds through the provider batch API.\n\n' +
        'Exit codes: 0 every file complete, 1 some file fell short of --samples after re-prompts, 2 error (re-run to resume).',
    )
    .requiredOption('--prompts <paths...>', 'prompt files, or directories of *.md prompt files')
    .requiredOption('--out <dir>', 'run directory: one JSONL per prompt file, manifest.json')
    .option('--model <model>', 'model to use (default: WARDEN_LLM_MODEL)')
    .option('--samples <n>', "rows per prompt file (default: each file's samples, else 25)", parseIntFlag('--samples'))
    .addOption(new Option('--fallback-models <list>', 'models to switch to, in order, when the quota is exhausted').argParser(splitList).default([], 'none'))
    .addOption(new Option('--batch <mode>', 'send first rounds through the provider batch API').choices(['auto', 'on', 'off']).default('auto'))
    .option('--max-reprompts <n>', 'follow-up requests per prompt file for missing rows', parseCount('--max-reprompts'), 3)
    .option('--concurrency <n>', 'requests in flight at once', parseIntFlag('--concurrency'), 4)
    .option('--no-cache', 'bypass the LLM response cache')
    .option('--seed <n>', 'sampling seed sent with every request', parseCount('--seed'))
    .option('--near-dup <jaccard>', 'drop rows this similar to a kept row of the same file (0 turns it off)', parseJaccard, DEFAULT_NEAR_DUP)
    .option('--force', 'start the run directory over instead of resuming it');
  addGlobalFlags(command);
  examples(command, [
    'warden synth generate --prompts prompts/preclassifier --model gpt-4o-mini --samples 25 --out gen/run1',
    'WARDEN_LLM_BASE_URL=http://localhost:11434/v1 WARDEN_LLM_MODEL=llama3.1 warden synth generate --prompts prompts/preclassifier --out gen/local',
    'warden synth generate --prompts prompts/preclassifier/edge-cases.md --samples 60 --fallback-models gpt-4o,gpt-4.1-mini --out gen/edge',
    'warden synth generate --prompts prompts/preclassifier --out gen/run1      # same command again: resumes',
    'warden synth resume gen/run1',
    'warden synth validate gen/run1/*.jsonl && warden synth combine gen/run1/*.jsonl -o data/combined.jsonl --dedupe',
  ]);
  command.addHelpText('after', llmHelpEpilogue());
  return command.action(async function generateAction(flags: GenerateFlags, self: Command) {
    // Before anything else: no LLM, no run (W_LLM_NOT_CONFIGURED says what to set).
    const llm = openLlm('warden synth generate', { model: flags.model, noCache: !flags.cache, out: flags.out, batch: flags.batch });
    if (flags.samples !== undefined && flags.samples > MAX_SAMPLES) throw new WardenError('W_USAGE', `--samples must be at most ${MAX_SAMPLES} per prompt file (got ${flags.samples})`);
    const prompts = await loadPrompts(flags.prompts);
    const config: GenerateConfig = {
      model: llm.provider.model,
      fallback_models: flags.fallbackModels.filter((m) => m !== llm.provider.model),
      samples: flags.samples ?? null,
      max_reprompts: flags.maxReprompts,
      seed: flags.seed ?? null,
      near_dup: flags.nearDup,
    };
    const invocation: Invocation = { prompts: flags.prompts.map((p) => resolve(p)), out: resolve(flags.out), concurrency: flags.concurrency, batch: flags.batch, no_cache: !flags.cache };
    await runGeneration(llm, prompts, config, invocation, commandLine(self), flags, flags.force ?? false);
  });
}

export function resumeCommand(): Command {
  const command = new Command('resume')
    .summary('continue a `synth generate` run: unfinished prompt files, batches in flight')
    .description(
      'Reads DIR/manifest.json and runs the recorded command again with the same prompt files, models and settings: ' +
        'finished prompt files are skipped, partial ones continue from their saved rows, and first-round batches still ' +
        'in flight at the provider are collected instead of sent again. Prompt files must be unchanged (their sha256 ' +
        'is in the manifest).\n\nExit codes: as for `synth generate`.',
    )
    .argument('<dir>', 'run directory written by `warden synth generate --out DIR`')
    .option('--concurrency <n>', 'requests in flight at once (default: as recorded)', parseIntFlag('--concurrency'));
  addGlobalFlags(command);
  examples(command, ['warden synth resume gen/run1', 'warden synth resume gen/run1 --concurrency 2 --json']);
  command.addHelpText('after', llmHelpEpilogue());
  return command.action(async function resumeAction(dir: string, flags: ResumeFlags) {
    const runDir = new GenerateRunDir(dir);
    if (!runDir.exists()) throw new WardenError('W_IO_NOT_FOUND', 'no manifest.json here; pass the --out directory of a `warden synth generate` run', { where: dir });
    const manifest = await runDir.readManifest();
    const llm = openLlm('warden synth resume', { model: manifest.config.model, noCache: manifest.invocation.no_cache, out: dir, batch: manifest.invocation.batch });
    const prompts = await loadPrompts(manifest.invocation.prompts);
    const invocation: Invocation = { ...manifest.invocation, out: resolve(dir), concurrency: flags.concurrency ?? manifest.invocation.concurrency };
    await runGeneration(llm, prompts, manifest.config, invocation, manifest.command, flags, false);
  });
}

interface OpenedLlm {
  provider: LlmProvider & { close(): Promise<void> };
  /** The provider's batch API: with --batch on always, with auto only at the official endpoints. */
  batchApi: BatchApi | undefined;
}

function openLlm(command: string, options: { model: string | undefined; noCache: boolean; out: string; batch: BatchMode }): OpenedLlm {
  const config = resolveLlmConfig(process.env, { model: options.model, noCache: options.noCache, defaultCache: `sqlite:${resolve(options.out, 'llm-cache.sqlite')}` }, command);
  const provider = createProvider(config);
  const official = config.baseURL === undefined || /^https:\/\/api\.(?:openai|anthropic)\.com(?:\/|$)/.test(config.baseURL);
  const batchApi =
    options.batch === 'on' || (options.batch === 'auto' && official)
      ? batchApiFor(config.provider, { baseURL: config.baseURL, apiKey: config.apiKey ?? PLACEHOLDER_API_KEY, ...(config.maxRetries !== undefined ? { maxRetries: config.maxRetries } : {}) })
      : undefined;
  return { provider, batchApi };
}

async function runGeneration(
  llm: OpenedLlm,
  prompts: Awaited<ReturnType<typeof loadPrompts>>,
  config: GenerateConfig,
  invocation: Invocation,
  commandLine: string[],
  flags: GlobalFlags,
  force: boolean,
): Promise<void> {
  const runDir = new GenerateRunDir(invocation.out);
  const quiet = (flags.quiet ?? false) || (flags.json ?? false);
  const bar = new ProgressBar({ label: 'generate', unit: ' rows', ...(quiet ? { enabled: false } : {}) });
  const progress = function onProgress(manifest: GenerateManifest): void {
    const requested = manifest.prompts.reduce((n, p) => n + p.requested, 0);
    const accepted = manifest.prompts.reduce((n, p) => n + Math.min(p.accepted, p.requested), 0);
    const done = manifest.prompts.filter((p) => p.status === 'complete' || p.status === 'short').length;
    bar.update(accepted, `of ${requested}, ${done}/${manifest.prompts.length} files, ${manifest.models.current}`);
  };
  let store: Store | undefined;
  const openTracker = async function openTracker(): Promise<Store> {
    store ??= await openStore(`sqlite:${resolve(runDir.root, 'batches.sqlite')}`);
    return store;
  };
  // Ctrl+C: calls and batch waits stop, the manifest is saved, a re-run resumes (a second Ctrl+C kills).
  const controller = new AbortController();
  const onInterrupt = function onInterrupt(): void {
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  try {
    const firstRound = llm.batchApi
      ? batchFirstRound({ mode: invocation.batch, provider: llm.provider, api: llm.batchApi, store: openTracker, seed: config.seed ?? undefined, concurrency: invocation.concurrency, ...batchPollingFromEnv() })
      : undefined;
    const { manifest, exitCode } = await generate({
      provider: llm.provider,
      prompts,
      config,
      invocation,
      command: commandLine,
      force,
      firstRound,
      signal: controller.signal,
      onProgress: progress,
      onSwitch: (from, to, reason) => {
        if (!quiet) process.stderr.write(`\nwarden: ${from} is out of quota (${reason}); switching to ${to}\n`);
      },
    });
    bar.done();
    process.stdout.write(flags.json ? JSON.stringify(manifest) + '\n' : formatSummary(manifest, runDir.manifestPath));
    process.exitCode = exitCode;
  } finally {
    process.off('SIGINT', onInterrupt);
    await store?.close();
    await llm.provider.close();
  }
}



function parseCount(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new WardenError('W_USAGE', `${name} must be a whole number from 0 (got "${value}")`);
    return n;
  };
}

function parseJaccard(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new WardenError('W_USAGE', `--near-dup must be a number from 0 to 1 (got "${value}")`);
  return n;
}
