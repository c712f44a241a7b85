import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, WardenError } from '../../../core/errors.js';
import { sha256 } from '../../../core/hash.js';
import { WARDEN_VERSION } from '../../../core/version.js';
import { LlmError } from '../../../llm/errors.js';
import { costUsd } from '../../../llm/prices.js';
import type { ChatRequest, LlmProvider } from '../../../llm/types.js';
import { DEFAULT_SCHEMA, type DatasetSchema } from '../schema.js';
import { AcceptedRows } from './accept.js';
import {
  configHash,
  emptyUsage,
  GenerateRunDir,
  newEntry,
  type GenerateConfig,
  type GenerateManifest,
  type Invocation,
  type PromptEntry,
} from './manifest.js';
import { ModelChain, quotaReason } from './models.js';
import type { PromptFile } from './prompt-file.js';
import { runPrompt, type Ask, type PrefetchedAnswer } from './prompt-run.js';
import { addUsage, BATCH_PRICE_FACTOR, type BatchUsage } from './usage.js';
import { mismatchMessage, pool, Semaphore } from './util.js';

/** Fetches the first round of several prompt files at once (a batch API); see batch.ts. */
export type FirstRoundFetcher = (
  jobs: { prompt: PromptFile; missing: number }[],
  model: string,
  hooks: BatchHooks,
) => Promise<Map<string, PrefetchedAnswer[]>>;

/** How a first-round fetcher records its batches in the manifest (for `synth resume`). */
export interface BatchHooks {
  signal: AbortSignal | undefined;
  /** The run's config hash: stable across re-runs, so batch runs named from it are found again. */
  runKey: string;
  /** Before anything is sent: the tracker's run id and the prompt files in it. */
  onRun(runId: string, prompts: string[]): Promise<void>;
  /** A remote batch was submitted or collected. */
  onRemote(runId: string, remoteId: string, event: 'submitted' | 'collected'): void;
}

export interface GenerateOptions {
  provider: LlmProvider;
  prompts: PromptFile[];
  config: GenerateConfig;
  invocation: Invocation;
  /** The command line, recorded in the manifest. */
  command: string[];
  schema?: DatasetSchema;
  /** Start over: ignore (and replace) an existing run in the directory. */
  force?: boolean;
  /** Sends first rounds through a batch API; undefined sends every request as a chat call. */
  firstRound?: FirstRoundFetcher | undefined;
  now?: () => Date;
  /** Called after every round and every finished file. */
  onProgress?: (manifest: GenerateManifest) => void;
  /** Cancels the run (Ctrl+C): calls and batch waits stop, the manifest is saved, a re-run resumes. */
  signal?: AbortSignal | undefined;
  /** Called when the run switches to a fallback model. */
  onSwitch?: (from: string, to: string, reason: string) => void;
}

export interface GenerateResult {
  manifest: GenerateManifest;
  /** 0 every file full, 1 some file fell short of its samples after re-prompts. */
  exitCode: 0 | 1;
}

/**
 * Generates one JSONL file per prompt file in the run directory `invocation.out`, resuming a
 * previous run of the same configuration: finished files (marker in `_done/`) are skipped,
 * partial ones continue from their saved rows. Throws on a failure that is not a quota (after
 * saving the manifest with the error), so a re-run picks up where this one stopped.
 *
 * @example
 * const { manifest, exitCode } = await generate({ provider, prompts, config, invocation, command: process.argv.slice(2) });
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const now = options.now ?? (() => new Date());
  const { config, prompts, provider } = options;
  const dir = new GenerateRunDir(options.invocation.out);
  const hash = configHash(config, prompts);
  const manifest = await openManifest(dir, options, hash, now());
  const baseUsage = { ...manifest.usage };
  // Batch answers do not pass through provider.chat, so their usage is added here.
  const batchUsage: BatchUsage = { requests: 0, input: 0, output: 0, cost: 0 };
  const chain = new ModelChain([config.model, ...config.fallback_models], Math.max(0, manifest.models.chain.indexOf(manifest.models.current)), manifest.models.switches);

  let writing = Promise.resolve();
  const save = (): Promise<void> => {
    manifest.updated_at = now().toISOString();
    manifest.usage = addUsage(baseUsage, provider, batchUsage);
    manifest.models.current = chain.current;
    const snapshot = JSON.parse(JSON.stringify(manifest)) as GenerateManifest;
    writing = writing.catch(() => undefined).then(() => dir.writeManifest(snapshot));
    return writing;
  };

  const limit = new Semaphore(options.invocation.concurrency);
  const ask: Ask = async function askWithChain(request: ChatRequest, prompt: string) {
    for (;;) {
      const model = chain.current;
      try {
        const response = await limit.run(() => provider.chat({ ...request, model }, { noCache: options.invocation.no_cache, ...(options.signal ? { signal: options.signal } : {}) }));
        return { response, model };
      } catch (error) {
        const reason = quotaReason(error);
        if (reason === undefined) throw error;
        const next = chain.advance(model, prompt, reason, now());
        if (next === undefined) {
          const tried = chain.models.join(', ');
          const status = (error as { status?: unknown }).status;
          throw new LlmError('rate_limit', `every model of the chain is out of quota or rate-limited (${tried}): ${errorMessage(error)}; add one with --fallback-models or wait, then re-run the same command to resume`, {
            status: typeof status === 'number' ? status : undefined,
            cause: error,
          });
        }
        if (next !== model) options.onSwitch?.(model, next, reason);
        await save();
      }
    }
  };

  // Which prompt files still need work.
  const todo: { prompt: PromptFile; entry: PromptEntry; rows: AcceptedRows }[] = [];
  for (const prompt of prompts) {
    const entry = manifest.prompts.find((e) => e.name === prompt.name)!;
    const marker = await dir.readMarker(prompt.name);
    if (marker && (marker.status === 'complete' || entry.reprompts >= config.max_reprompts)) {
      entry.status = marker.status;
      continue;
    }
    const rows = new AcceptedRows(prompt, schema, config.near_dup);
    if (!options.force) await rows.load(dir.outputPath(prompt.name));
    entry.accepted = rows.rows.length;
    entry.status = 'pending';
    todo.push({ prompt, entry, rows });
  }
  await save();

  let failure: unknown;
  const stopped = (): boolean => failure !== undefined;
  let prefetched = new Map<string, PrefetchedAnswer[]>();
  const fresh = todo.filter((t) => t.entry.attempts === 0);
  if (options.firstRound && fresh.length) {
    try {
      const hooks: BatchHooks = {
        runKey: hash,
        signal: options.signal,
        async onRun(runId, names) {
          if (!manifest.batches.some((b) => b.run_id === runId)) manifest.batches.push({ run_id: runId, prompts: names, remote: [], status: 'running' });
          await save();
        },
        onRemote(runId, remoteId, event) {
          const run = manifest.batches.find((b) => b.run_id === runId);
          if (!run) return;
          const remote = run.remote.find((r) => r.id === remoteId);
          if (remote) remote.status = event;
          else run.remote.push({ id: remoteId, status: event });
          save().catch(() => undefined);
        },
      };
      prefetched = await options.firstRound(
        fresh.map((t) => ({ prompt: t.prompt, missing: t.entry.requested - t.rows.rows.length })),
        chain.current,
        hooks,
      );
      for (const run of manifest.batches) if (run.status === 'running') run.status = 'collected';
      for (const answers of prefetched.values()) {
        for (const a of answers) {
          if (!a.result) continue;
          const { usage, model } = a.result.response;
          batchUsage.requests++;
          batchUsage.input += usage.inputTokens;
          batchUsage.output += usage.outputTokens;
          const cost = costUsd(model, usage.inputTokens, usage.outputTokens);
          batchUsage.cost = batchUsage.cost === null || cost === null ? null : batchUsage.cost + cost * BATCH_PRICE_FACTOR;
        }
      }
    } catch (error) {
      failure = error;
    }
  }

  await pool(todo, options.invocation.concurrency, async function runOne({ prompt, entry, rows }) {
    if (stopped()) return;
    delete entry.error;
    try {
      await runPrompt(
        {
          prompt,
          entry,
          rows,
          schema,
          maxReprompts: config.max_reprompts,
          seed: config.seed ?? undefined,
          primaryModel: config.model,
          ask,
          now,
          stopped,
          checkpoint: async function checkpoint() {
            await rows.save(dir.outputPath(prompt.name));
            await save();
            options.onProgress?.(manifest);
          },
        },
        prefetched.get(prompt.name),
      );
      if (entry.status === 'complete' || entry.status === 'short') {
        await rows.save(dir.outputPath(prompt.name));
        const output = rows.rows.map((r) => JSON.stringify(r) + '\n').join('');
        await dir.writeMarker({ name: prompt.name, status: entry.status, rows: rows.rows.length, output_sha256: sha256(output), reprompts: entry.reprompts, finished_at: now().toISOString() });
      } else if (entry.status === 'running') entry.status = 'pending';
    } catch (error) {
      failure ??= error;
      entry.status = 'failed';
      entry.error = errorMessage(error);
    }
    await save();
    options.onProgress?.(manifest);
  });

  if (failure !== undefined) {
    for (const t of todo) if (t.entry.status === 'running') t.entry.status = 'pending';
    manifest.status = 'failed';
    manifest.error = errorMessage(failure);
    await save();
    throw failure;
  }
  const short = manifest.prompts.some((e) => e.status === 'short');
  manifest.status = short ? 'short' : 'complete';
  delete manifest.error;
  manifest.finished_at = now().toISOString();
  await save();
  return { manifest, exitCode: short ? 1 : 0 };
}

async function openManifest(dir: GenerateRunDir, options: GenerateOptions, hash: string, at: Date): Promise<GenerateManifest> {
  const { config, prompts } = options;
  const requested = (p: PromptFile): number => config.samples ?? p.samples;
  if (dir.exists() && !options.force) {
    const old = await dir.readManifest();
    if (old.config_hash !== hash) {
      throw new WardenError('W_RUN_MISMATCH', `${dir.root} holds a run with another configuration (${mismatchMessage(old, config, prompts)}); pick a new --out, or pass --force to start over there`);
    }
    old.command = options.command;
    old.invocation = options.invocation;
    old.config = config;
    old.status = 'running';
    old.sessions = (old.sessions ?? 1) + 1;
    delete old.finished_at;
    for (const p of prompts) if (!old.prompts.some((e) => e.name === p.name)) old.prompts.push(newEntry(p, requested(p), dir.outputPath(p.name)));
    return old;
  }
  if (options.force) await rm(join(dir.root, '_done'), { recursive: true, force: true });
  const chain = [config.model, ...config.fallback_models];
  return {
    warden: WARDEN_VERSION,
    kind: 'synth-generate',
    status: 'running',
    command: options.command,
    created_at: at.toISOString(),
    updated_at: at.toISOString(),
    config,
    config_hash: hash,
    invocation: options.invocation,
    prompts: prompts.map((p) => newEntry(p, requested(p), dir.outputPath(p.name))),
    models: { chain, current: chain[0]!, switches: [] },
    usage: emptyUsage(),
    batches: [],
    sessions: 1,
  };
}
