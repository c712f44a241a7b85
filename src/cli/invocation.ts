import type { Command } from 'commander';
import { WardenError } from '../core/errors.js';

/**
 * The command line as typed (`synth generate ...`), from the root command's raw arguments, for
 * run manifests.
 *
 * @example
 * commandLine(command); // ['synth', 'generate', '--prompts', 'prompts/preclassifier', ...]
 */
export function commandLine(command: Command): string[] {
  let root = command;
  while (root.parent) root = root.parent;
  // commander keeps the argv given to parse() as `rawArgs` (untyped); the process argv otherwise.
  const raw = (root as unknown as { rawArgs?: unknown }).rawArgs;
  return (Array.isArray(raw) ? (raw as string[]) : process.argv).slice(2);
}

/**
 * WARDEN_BATCH_POLL_MS shortens the first poll delay of LLM batch runs (tests, fast local batch
 * servers); unset: the batch runner's defaults.
 *
 * @example
 * runBatch(items, { ...batchPollingFromEnv(), store, runId, provider });
 */
export function batchPollingFromEnv(env: NodeJS.ProcessEnv = process.env): { pollMs?: number; maxPollMs?: number } {
  const raw = env.WARDEN_BATCH_POLL_MS;
  if (raw === undefined || raw.trim() === '') return {};
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1 || ms > 3_600_000) throw new WardenError('W_CONFIG_INVALID', `WARDEN_BATCH_POLL_MS must be an integer from 1 to 3600000 (got "${raw.slice(0, 40)}")`);
  return { pollMs: ms, maxPollMs: Math.max(ms, 1000) };
}
