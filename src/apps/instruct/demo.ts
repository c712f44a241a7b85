import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reviewCommand, runInstructPipeline, type InstructPipelineOptions, type PipelineResult } from './pipeline/index.js';

/** The shape `warden demo` runs (structural, so the demo app is not imported). */
export interface InstructDemoStep {
  title: string;
  run(ctx: { dataDir: string; outDir: string; workers?: number }): Promise<string[]>;
}

/** The bundled offline sources: 250 NVD CVEs, an ICS ATT&CK slice, 100 CAPEC patterns. */
export const INSTRUCT_DEMO_SOURCES = fileURLToPath(new URL('../../../data/instruct/sources', import.meta.url));

/** Approves the pairs whose review score (geometric mean of relevance and top domain confidence) is above it: most of the bundled ones. */
export const DEMO_AUTO_APPROVE_ABOVE = 0.5;

function stageLines(result: PipelineResult): string[] {
  return result.stages.map((s) => `${s.stage.padEnd(9)} ${s.status.padEnd(7)} ${s.summary ?? s.reason}`);
}

/**
 * The instruction-dataset pipeline, offline, in template mode (no LLM): the seven stages over
 * the bundled sources with auto-approval above 0.5; the pairs still pending stay in the store
 * for `warden instruct review`. A second run of the same command shows the resume: every stage
 * is skipped.
 */
export const instructDemoStep: InstructDemoStep = {
  title: 'Instruction dataset: collect → filter → structure → classify → review → align → assemble on the bundled NVD/ATT&CK/CAPEC slices',
  async run({ outDir }) {
    const out = join(outDir, 'instruct');
    // A fresh run each time, so the demo shows every stage working rather than a resume.
    await rm(out, { recursive: true, force: true });
    const options: InstructPipelineOptions = { out, offline: INSTRUCT_DEMO_SOURCES, autoApproveAbove: DEMO_AUTO_APPROVE_ABOVE, reviewPending: 'reject' };
    const first = await runInstructPipeline(options);
    const lines = stageLines(first);
    if (first.pending) lines.push(`${first.pending} pairs scored ${DEMO_AUTO_APPROVE_ABOVE} or less stay pending: review them with \`${reviewCommand(options)}\``);
    const started = performance.now();
    const again = await runInstructPipeline(options);
    const skipped = again.stages.filter((s) => s.status === 'skipped').length;
    lines.push(`same command again: ${skipped} of ${again.stages.length} stages skipped as up to date (${((performance.now() - started) / 1000).toFixed(2)} s); stage records in ${first.manifest}`);
    lines.push(`dataset → ${first.dataset}/ (README.md card, jsonl, chat, sharegpt, parquet, hf)`);
    return lines;
  },
};
