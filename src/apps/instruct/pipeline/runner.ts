/**
 * Runs file-in/file-out steps in order over one run directory with completion records in
 * pipeline.json: a step whose inputs, options and outputs match its `done` entry is skipped,
 * so a re-run resumes at the first incomplete step and a changed option (or input) re-runs
 * that step, whose new output then re-runs every later step. Steps write their outputs
 * atomically, so a step killed mid-way leaves no partial output and simply runs again.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { sha256, stableStringify } from '../../../core/hash.js';
import { isWardenError, WardenError } from '../../../core/errors.js';
import { combineHashes, hashPath } from './fingerprint.js';
import { lockRunDir, manifestPath, readManifest, writeManifest } from './manifest.js';
import type { FileHash, PipelineManifest, PipelineStatus, StageEntry, StageName, StageOutcome } from './types.js';

/** What a step's run returns. */
export interface StepResult {
  report: unknown;
  /** One line of counts for progress output. */
  summary: string;
  /** Set when the step finished but later steps must wait (pairs awaiting review). */
  halt?: { reason: string; pending: number; command: string };
}

/** One stage as the runner sees it. */
export interface PipelineStep {
  name: StageName;
  /** Files or folders read (collect's snapshot folder, the previous stage's output). */
  inputs: string[];
  /** Files or folders written; `run` must write exactly these, each atomically. */
  outputs: string[];
  /** Everything besides the inputs that changes the outputs; hashed into the completion record. */
  options: unknown;
  /**
   * True when the result also depends on state outside the inputs (review decisions in the
   * store): an up-to-date step still runs, into temporary paths, and counts as skipped when
   * its outputs come out identical.
   */
  volatile?: boolean;
  run(outputs: string[]): Promise<StepResult>;
}

export interface Selection {
  from?: StageName;
  until?: StageName;
  only?: StageName;
}

export interface RunStepsResult {
  status: PipelineStatus;
  outcomes: StageOutcome[];
  halt?: StepResult['halt'];
}

const CHECK_PREFIX = '.check-';

/**
 * Runs `steps` in `dir` (created if missing) under its lock.
 *
 * @example
 * const result = await runSteps('out', steps, {}, (line) => console.error(line));
 * result.outcomes.map((o) => o.status); // ['skipped', 'ran', ...]
 */
export async function runSteps(dir: string, steps: readonly PipelineStep[], selection: Selection = {}, progress?: (line: string) => void): Promise<RunStepsResult> {
  const names = steps.map((s) => s.name);
  const indexOf = (name: StageName | undefined, flag: string): number | undefined => {
    if (name === undefined) return undefined;
    const index = names.indexOf(name);
    if (index < 0) throw new WardenError('W_USAGE', `${flag} ${name}: not a stage of this pipeline (${names.join(', ')})`);
    return index;
  };
  if (selection.only && (selection.from || selection.until)) throw new WardenError('W_USAGE', '--only cannot be combined with --from or --until');
  const only = indexOf(selection.only, '--only');
  const from = only ?? indexOf(selection.from, '--from') ?? names.length;
  const until = only ?? indexOf(selection.until, '--until') ?? names.length - 1;
  const first = only ?? 0;
  if (from !== names.length && from > until) throw new WardenError('W_USAGE', `--from ${names[from]} comes after --until ${names[until]}`);

  await mkdir(dir, { recursive: true });
  const release = await lockRunDir(dir);
  try {
    await removeLeftovers(dir);
    const manifest = await readManifest(dir);
    manifest.status = 'running';
    const outcomes: StageOutcome[] = steps.map((s) => ({ stage: s.name, status: 'not-run', reason: 'not reached', seconds: 0, outputs: s.outputs.map((o) => manifestPath(dir, o)) }));
    let status: PipelineStatus = 'complete';
    let halt: StepResult['halt'];
    for (let index = first; index <= until; index++) {
      const step = steps[index]!;
      const outcome = outcomes[index]!;
      const forced = index >= from ? (only !== undefined ? '--only' : '--from') : undefined;
      const tag = `[${index + 1}/${steps.length}] ${step.name}`;
      const result = await runOne(dir, manifest, step, forced, outcome, (why) => progress?.(`${tag}: running (${why})`));
      progress?.(`${tag}: ${outcome.status} (${outcome.reason})${outcome.summary ? `: ${outcome.summary}` : ''}  ${outcome.seconds.toFixed(2)} s`);
      if (result?.halt) {
        halt = result.halt;
        status = 'waiting-for-review';
        break;
      }
    }
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status !== 'not-run') continue;
      if (halt) outcome.reason = 'waits for review';
      else if (index < first) outcome.reason = `before --only ${names[first]}`;
      else outcome.reason = `after --${only !== undefined ? 'only' : 'until'} ${names[until]}`;
    }
    // Complete means every stage was checked in this run; --only/--until leave it 'stopped'.
    if (status === 'complete' && (first !== 0 || until !== names.length - 1)) status = 'stopped';
    manifest.status = status;
    await writeManifest(dir, manifest);
    return { status, outcomes, ...(halt ? { halt } : {}) };
  } finally {
    await release();
  }
}

/** Runs or skips one step, recording it; returns the step's result when it ran. */
async function runOne(dir: string, manifest: PipelineManifest, step: PipelineStep, forced: string | undefined, outcome: StageOutcome, announce: (why: string) => void): Promise<StepResult | undefined> {
  const inputs: FileHash[] = [];
  for (const input of step.inputs) {
    const hash = await hashPath(input);
    if (hash === undefined) throw new WardenError('W_USAGE', `stage ${step.name} needs ${input}, which does not exist: run the earlier stages first (without --only/--from)`, { where: input });
    inputs.push({ path: manifestPath(dir, input), sha256: hash });
  }
  const inputSha = combineHashes(inputs.map((i) => i.sha256));
  const optionsHash = sha256(stableStringify(step.options ?? null));
  const previous = manifest.stages[step.name];
  const stale = forced ?? (await staleness(previous, inputSha, optionsHash, step.outputs, dir));
  const started = performance.now();
  const entry: StageEntry = { status: 'running', inputs, input_sha256: inputSha, options: step.options ?? null, options_hash: optionsHash, outputs: [], started_at: new Date().toISOString() };

  if (stale === undefined && !step.volatile) {
    Object.assign(outcome, { status: 'skipped', reason: 'up to date', seconds: 0, summary: previous?.summary, report: previous?.report });
    return undefined;
  }
  if (stale === undefined) {
    // Up to date by its record, but its result lives partly in a store: recompute beside the
    // real outputs and keep those when nothing changed, so later steps stay skipped.
    const checks = step.outputs.map((o) => join(dirname(o), `${CHECK_PREFIX}${basename(o)}`));
    announce('checking the store for new decisions');
    let result: StepResult;
    try {
      result = await step.run(checks);
    } catch (error) {
      await Promise.all(checks.map((c) => rm(c, { recursive: true, force: true })));
      // The stage's earlier outputs still stand (its record stays done); the run did not complete.
      manifest.status = 'failed';
      await writeManifest(dir, manifest);
      throw withStage(step, error);
    }
    const same = (await Promise.all(checks.map(hashPath))).every((hash, i) => hash === previous!.outputs[i]?.sha256);
    if (same && !result.halt) {
      await Promise.all(checks.map((c) => rm(c, { recursive: true, force: true })));
      Object.assign(outcome, { status: 'skipped', reason: 'up to date (store state unchanged)', seconds: seconds(started), summary: result.summary, report: result.report });
      return undefined;
    }
    for (const [i, check] of checks.entries()) {
      if (!existsSync(check)) continue;
      // A file is replaced atomically by the rename; a folder must be removed first.
      await rename(check, step.outputs[i]!).catch(async () => {
        await rm(step.outputs[i]!, { recursive: true, force: true });
        await rename(check, step.outputs[i]!);
      });
    }
    return finish(dir, manifest, step, entry, outcome, result, 'store state changed', started);
  }

  manifest.stages[step.name] = entry;
  await writeManifest(dir, manifest);
  announce(stale);
  let result: StepResult;
  try {
    result = await step.run(step.outputs);
  } catch (error) {
    Object.assign(entry, { status: 'failed', finished_at: new Date().toISOString(), error: error instanceof Error ? error.message : String(error) });
    manifest.status = 'failed';
    await writeManifest(dir, manifest);
    throw withStage(step, error);
  }
  return finish(dir, manifest, step, entry, outcome, result, stale, started);
}

async function finish(dir: string, manifest: PipelineManifest, step: PipelineStep, entry: StageEntry, outcome: StageOutcome, result: StepResult, reason: string, started: number): Promise<StepResult> {
  const outputs: FileHash[] = [];
  for (const output of step.outputs) {
    const hash = await hashPath(output);
    if (hash === undefined) throw new WardenError('W_INTERNAL', `stage ${step.name} finished without writing ${output}`, { where: output });
    outputs.push({ path: manifestPath(dir, output), sha256: hash });
  }
  const secs = seconds(started);
  Object.assign(entry, { status: result.halt ? 'waiting' : 'done', outputs, finished_at: new Date().toISOString(), seconds: secs, summary: result.summary, report: result.report });
  manifest.stages[step.name] = entry;
  await writeManifest(dir, manifest);
  Object.assign(outcome, { status: result.halt ? 'waiting' : 'ran', reason, seconds: secs, summary: result.summary, report: result.report });
  return result;
}

/** Keeps a stage error's code and file:line message, and says which stage and that a re-run resumes there. */
function withStage(step: PipelineStep, error: unknown): unknown {
  if (!isWardenError(error)) return error;
  return new WardenError(error.code, `${error.message} (in stage ${step.name}; fix it and re-run the same command: finished stages are skipped)`, { cause: error });
}

/** Why a step must run, or undefined when its completion record still holds. */
async function staleness(previous: StageEntry | undefined, inputSha: string, optionsHash: string, outputs: readonly string[], dir: string): Promise<string | undefined> {
  if (!previous) return 'first run';
  if (previous.status === 'running' || previous.status === 'failed') return `previous run ${previous.status === 'running' ? 'interrupted' : 'failed'}`;
  if (previous.status === 'waiting') return 'pairs were awaiting review';
  if (previous.options_hash !== optionsHash) return 'options changed';
  if (previous.input_sha256 !== inputSha) return 'input changed';
  if (previous.outputs.length !== outputs.length) return 'outputs changed';
  for (const [i, output] of outputs.entries()) {
    const recorded = previous.outputs[i];
    if (!recorded || recorded.path !== manifestPath(dir, output)) return 'outputs changed';
    const hash = await hashPath(output);
    if (hash === undefined) return `${recorded.path} is missing`;
    if (hash !== recorded.sha256) return `${recorded.path} was modified`;
  }
  return undefined;
}

/**
 * What a killed run left behind: recomputed outputs and atomic writes' temp files. Safe to
 * remove: the lock is held, so nothing else writes here.
 */
async function removeLeftovers(dir: string): Promise<void> {
  for (const entry of await readdir(dir)) {
    if (entry.startsWith(CHECK_PREFIX) || entry.startsWith('.tmp-')) await rm(join(dir, entry), { recursive: true, force: true });
  }
}

function seconds(started: number): number {
  return Math.round(performance.now() - started) / 1000;
}
