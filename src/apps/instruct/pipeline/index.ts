/**
 * `warden instruct run`: collect → filter → structure → classify → review → align → assemble in
 * one run directory, resumable. See runner.ts for the skip/resume rules and stages.ts for the
 * files each stage reads and writes.
 */
import { join } from 'node:path';
import { WardenError } from '../../../core/errors.js';
import { requireLlm } from '../../../llm/index.js';
import { EXPORT_FORMATS } from '../assemble/types.js';
import { checkOutsideSnapshots, OFFLINE_SOURCES } from '../collect/index.js';
import { MANIFEST_FILE } from './manifest.js';
import { runSteps } from './runner.js';
import { instructSteps, PIPELINE_FILES } from './stages.js';
import { REVIEW_PENDING_POLICIES, type InstructPipelineOptions, type PipelineResult } from './types.js';

export { hashPath, hashFile } from './fingerprint.js';
export { MANIFEST_FILE, readManifest } from './manifest.js';
export { runSteps, type PipelineStep, type RunStepsResult, type Selection, type StepResult } from './runner.js';
export { DEFAULT_ALIGN_RATIO, DEFAULT_REVIEWER, PIPELINE_FILES, instructSteps, pipelineDb, reviewCommand } from './stages.js';
export * from './types.js';

/**
 * Runs the instruct pipeline in `options.out`. Up-to-date stages are skipped; the run stops
 * after review (status `waiting-for-review`, exit 0 in the CLI) while pairs are pending unless
 * `reviewPending` is `approve` or `reject`.
 *
 * @example
 * const result = await runInstructPipeline({ out: 'run', offline: 'data/instruct/sources', autoApproveAbove: 0.5, reviewPending: 'reject' });
 * result.dataset; // 'run/dataset'
 */
export async function runInstructPipeline(options: InstructPipelineOptions): Promise<PipelineResult> {
  checkOptions(options);
  const llm = options.llmStages?.length ? requireLlm(`warden instruct run --llm ${options.llmStages.join(',')}`) : undefined;
  try {
    const steps = instructSteps(options, llm);
    const selection = { ...(options.from ? { from: options.from } : {}), ...(options.until ? { until: options.until } : {}), ...(options.only ? { only: options.only } : {}) };
    const run = await runSteps(options.out, steps, selection, options.progress);
    const reviewed = run.outcomes.find((o) => o.stage === 'review');
    const assembled = run.outcomes.find((o) => o.stage === 'assemble');
    const pending = reviewed && reviewed.status !== 'not-run' ? (reviewed.report as { pending?: number } | undefined)?.pending : undefined;
    return {
      out: options.out,
      status: run.status,
      stages: run.outcomes,
      ...(pending !== undefined ? { pending } : {}),
      ...(run.halt ? { reviewCommand: run.halt.command } : {}),
      ...(assembled && assembled.status !== 'not-run' ? { dataset: join(options.out, PIPELINE_FILES.dataset) } : {}),
      manifest: join(options.out, MANIFEST_FILE),
    };
  } finally {
    await llm?.close();
  }
}

function checkOptions(options: InstructPipelineOptions): void {
  const unit = (name: string, value: number | undefined, low: number, high: number, lowOpen = false) => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || (lowOpen ? value <= low : value < low) || value > high) throw new WardenError('W_USAGE', `${name} must be a number from ${low}${lowOpen ? ' (exclusive)' : ''} to ${high} (got ${value})`);
  };
  unit('--filter-threshold', options.filterThreshold, 0, 1);
  unit('--min-confidence', options.minConfidence, 0, 1);
  unit('--auto-approve-above', options.autoApproveAbove, 0, 1);
  unit('--align-ratio', options.alignRatio, 0, 0.99);
  if (options.reviewPending && !REVIEW_PENDING_POLICIES.includes(options.reviewPending)) throw new WardenError('W_USAGE', `--review-pending must be ${REVIEW_PENDING_POLICIES.join(', ')} (got "${options.reviewPending}")`);
  const badSources = (options.sources ?? []).filter((name) => !(OFFLINE_SOURCES as readonly string[]).includes(name));
  if (badSources.length) throw new WardenError('W_USAGE', `--sources: unknown source "${badSources[0]}" (use ${OFFLINE_SOURCES.join(',')})`);
  const badFormats = (options.formats ?? []).filter((f) => !(EXPORT_FORMATS as readonly string[]).includes(f));
  if (badFormats.length || options.formats?.length === 0) throw new WardenError('W_USAGE', `--formats takes a comma-separated list of ${EXPORT_FORMATS.join(', ')} (got "${(options.formats ?? []).join(',')}")`);
  if (options.offline) checkOutsideSnapshots(options.offline, options.out);
}
