import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import { sha256, stableStringify } from '../../../core/hash.js';
import { runBatch, type BatchApi } from '../../../llm/batch/index.js';
import { costUsd, parseJsonAnswer, type BatchItem, type BatchResult, type LlmProvider } from '../../../llm/index.js';
import { openStore, type Store } from '../../../store/index.js';
import { validateDlp, type DlpValidateReport } from '../dlp/validate.js';
import type { AgentDashboard } from './dashboard.js';
import { fillAnswer } from './fill.js';
import { planTasks, type AgentPlan, type AgentTask } from './plan.js';
import { loadPromptSet, requestFor, type PromptSet } from './prompts.js';
import { AgentRunDir, PartialWriter, type AgentConfig, type AgentInvocation, type Checkpoint, type RunFile, type TaskState } from './state.js';

export interface AgentRunOptions {
  records: number;
  seed: number;
  plan: AgentPlan;
  provider: LlmProvider;
  /** The provider's batch API; absent: concurrent calls only. */
  api?: BatchApi | undefined;
  invocation: AgentInvocation;
  command: string[];
  /** Answers judged per task before it is abandoned (default 4). */
  maxAttempts?: number;
  /** Fewer pending tasks than this go as concurrent calls (default 20; --batch on: 1). */
  minBatchItems?: number;
  concurrency?: number;
  pollMs?: number;
  maxPollMs?: number;
  force?: boolean;
  signal?: AbortSignal;
  dashboard?: AgentDashboard;
  /** Prompt templates (default prompts/dlp-agent). */
  prompts?: PromptSet;
}

export interface AgentManifest {
  generator: string;
  status: 'complete' | 'short';
  config: AgentConfig;
  config_hash: string;
  command: string[];
  model: string;
  provider: string;
  endpoint: string;
  requested: number;
  records: number;
  abandoned: string[];
  rounds: number;
  rejects: Record<string, number>;
  errors: Record<string, number>;
  usage: { inputTokens: number; outputTokens: number; answers: number; costUsd: number | null };
  validation: { records: number; problems: number; byCode: DlpValidateReport['byCode'] };
  distributions: DlpValidateReport['distributions'];
  finished_at: string;
}

export type AgentRunResult =
  | { status: 'complete' | 'short'; manifest: AgentManifest; validation: DlpValidateReport; exitCode: 0 | 1 }
  | { status: 'interrupted'; done: number; total: number; exitCode: 130 };

const ITEM_ID = (task: AgentTask, st: TaskState): string => `${task.id}.a${st.a + 1}.f${st.f}`;

/**
 * Agentic DLP generation: the plan's tasks go to the specialist prompts through the batch
 * runner (remote batches for large rounds, concurrent calls for small ones), each answer is
 * filled and checked (fillAnswer); refused answers are asked again with the reasons, up to
 * maxAttempts. Accepted records are appended to records.partial.jsonl with a checkpoint every
 * `checkpoint_every` records; Ctrl+C (signal) finishes the write, saves and returns
 * 'interrupted'; an error saves and throws. Re-running continues from the checkpoint: answers
 * already in the batch tracker are reused, never asked again. At the end records.jsonl (in task
 * order) and manifest.json are written atomically and checked by the DLP validator.
 *
 * @example
 * const result = await runAgent({ records: 100, seed: 42, plan: DEFAULT_PLAN, provider, invocation, command: [] });
 * result.exitCode; // 0 when every record validates
 */
export async function runAgent(options: AgentRunOptions): Promise<AgentRunResult> {
  const maxAttempts = options.maxAttempts ?? 4;
  const prompts = options.prompts ?? loadPromptSet();
  const config: AgentConfig = {
    records: options.records,
    seed: options.seed,
    plan: options.plan,
    model: options.provider.model,
    max_attempts: maxAttempts,
    prompts_sha256: sha256(stableStringify({ system: prompts.system, specialists: prompts.specialists })),
  };
  const hash = sha256(stableStringify(config));
  const dir = new AgentRunDir(options.invocation.out);
  await mkdir(dir.root, { recursive: true });
  const previous = await dir.readRun();
  if (previous && previous.config_hash !== hash) {
    if (!options.force) throw new WardenError('W_RUN_MISMATCH', 'this run directory holds a run with another configuration (records, seed, plan, model, attempts or prompts); pass the same flags, --resume DIR, or --force to start over', { where: dir.root });
  }
  if (options.force) await dir.clear();
  const run: RunFile = { version: 1, config, config_hash: hash, invocation: options.invocation, command: options.command };
  await dir.writeRun(run);
  const tasks = planTasks(options.plan, options.records, options.seed);
  const cp: Checkpoint = (await dir.readCheckpoint(hash)) ?? {
    version: 1,
    config_hash: hash,
    written: 0,
    bytes: 0,
    round: 0,
    tasks: {},
    rejects: {},
    errors: {},
    usage: { inputTokens: 0, outputTokens: 0, answers: 0 },
    saved_at: '',
  };
  await dir.cutPartial(cp.bytes);
  const state = (t: AgentTask): TaskState => (cp.tasks[t.index] ??= { s: 'todo', a: 0, f: 0 });
  const writer = await PartialWriter.open(dir.path('partial'), cp.bytes);
  let store: Store | undefined;
  let doneHere = 0;
  const cost = (): number | null => costUsd(config.model, cp.usage.inputTokens, cp.usage.outputTokens);
  const progress = (force = false): void =>
    options.dashboard?.update(
      {
        done: cp.written,
        total: options.records,
        doneHere,
        abandoned: Object.values(cp.tasks).filter((t) => t.s === 'abandoned').length,
        round: cp.round,
        rejects: cp.rejects,
        errors: cp.errors,
        inputTokens: cp.usage.inputTokens,
        outputTokens: cp.usage.outputTokens,
        costUsd: cost(),
      },
      force,
    );
  const save = async (): Promise<void> => {
    await writer.sync();
    cp.bytes = writer.bytes;
    await dir.writeCheckpoint(cp);
  };
  const bump = (counts: Record<string, number>, key: string): void => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  try {
    progress(true);
    for (;;) {
      const pending = tasks.filter((t) => state(t).s === 'todo');
      if (pending.length === 0) break;
      if (options.signal?.aborted) return await interrupted();
      cp.round++;
      const items: BatchItem[] = pending.map((t) => ({ id: ITEM_ID(t, state(t)), request: requestFor(prompts, t, state(t).r ?? [], (options.seed + t.index) >>> 0) }));
      store ??= await openStore(`sqlite:${dir.path('tracker')}`);
      let results: BatchResult[];
      try {
        const report = await runBatch(items, {
          store,
          runId: `dlp-agent-${hash.slice(0, 16)}`,
          provider: options.provider,
          api: options.api,
          minBatchItems: options.minBatchItems ?? 20,
          concurrency: options.concurrency ?? 4,
          ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
          ...(options.maxPollMs !== undefined ? { maxPollMs: options.maxPollMs } : {}),
          onEvent: (event) => options.dashboard?.batch(event),
          signal: options.signal,
        });
        results = report.results;
      } catch (error) {
        if (options.signal?.aborted) return await interrupted();
        throw error;
      }
      let failed = 0;
      for (let i = 0; i < pending.length; i++) {
        const task = pending[i]!;
        const st = state(task);
        const result = results[i]!;
        if (!result.ok) {
          // Transport failure (after the provider's and the runner's retries): a new item id next time.
          st.f++;
          failed++;
          bump(cp.errors, result.kind);
          continue;
        }
        st.a++;
        cp.usage.inputTokens += result.response.usage.inputTokens;
        cp.usage.outputTokens += result.response.usage.outputTokens;
        cp.usage.answers++;
        const json = result.response.json ?? parseJsonAnswer(result.response.text);
        const outcome = json === undefined ? { rejections: [{ code: 'unparseable', message: 'the answer was not the JSON object the schema asks for' }] } : fillAnswer(task, json, { seed: options.seed, model: result.response.model || config.model, attempt: st.a });
        if ('record' in outcome) {
          await writer.append(JSON.stringify(outcome.record));
          st.s = 'done';
          delete st.r;
          cp.written++;
          doneHere++;
          if (cp.written % options.invocation.checkpoint_every === 0) await save();
        } else {
          for (const code of new Set(outcome.rejections.map((r) => r.code))) bump(cp.rejects, code);
          st.r = outcome.rejections.map((r) => r.message.slice(0, 300));
          if (st.a >= maxAttempts) {
            st.s = 'abandoned';
            options.dashboard?.note(`dlp-agent: ${task.id} abandoned after ${st.a} refused answers (${[...new Set(outcome.rejections.map((r) => r.code))].join(', ')})`);
          }
        }
        progress();
        if (options.signal?.aborted) return await interrupted();
      }
      await save();
      progress(true);
      if (failed > 0) {
        const kinds = Object.entries(cp.errors).map(([k, n]) => `${k} ${n}`).join(', ');
        throw new WardenError('W_LLM_UNAVAILABLE', `${failed} request(s) of round ${cp.round} failed after every retry (errors so far: ${kinds}); ${cp.written}/${options.records} records are saved: rerun the same command (or --resume ${dir.root}) to continue`);
      }
    }
    return await finish();
  } catch (error) {
    await save().catch(() => undefined);
    throw error;
  } finally {
    await writer.close().catch(() => undefined);
    await store?.close();
  }

  async function interrupted(): Promise<AgentRunResult> {
    await save();
    progress(true);
    return { status: 'interrupted', done: cp.written, total: options.records, exitCode: 130 };
  }

  async function finish(): Promise<AgentRunResult> {
    await save();
    const lines = (await readFile(dir.path('partial'), 'utf8')).split('\n').filter((l) => l.trim() !== '');
    const byIndex = new Map<number, string>();
    for (const line of lines) {
      const index = (JSON.parse(line) as { meta: { index: number } }).meta.index;
      if (byIndex.has(index)) throw new WardenError('W_INTERNAL', `task ${index} was written twice to ${dir.path('partial')}`);
      byIndex.set(index, line);
    }
    const ordered = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
    await writeFileAtomic(dir.path('records'), ordered.length > 0 ? ordered.join('\n') + '\n' : '');
    const validation = await validateDlp([dir.path('records')]);
    const abandoned = tasks.filter((t) => state(t).s === 'abandoned').map((t) => t.id);
    const manifest: AgentManifest = {
      generator: 'warden-dlp-agent/1',
      status: abandoned.length > 0 ? 'short' : 'complete',
      config,
      config_hash: hash,
      command: options.command,
      model: config.model,
      provider: options.provider.kind,
      endpoint: options.provider.endpoint,
      requested: options.records,
      records: ordered.length,
      abandoned,
      rounds: cp.round,
      rejects: cp.rejects,
      errors: cp.errors,
      usage: { ...cp.usage, costUsd: cost() },
      validation: { records: validation.records, problems: validation.problems, byCode: validation.byCode },
      distributions: validation.distributions,
      finished_at: new Date().toISOString(),
    };
    await writeFileAtomic(dir.path('manifest'), JSON.stringify(manifest, null, 2) + '\n');
    progress(true);
    const exitCode = validation.problems > 0 || abandoned.length > 0 ? 1 : 0;
    return { status: manifest.status, manifest, validation, exitCode };
  }
}
