/**
 * The seven instruct stages as runner steps: which files each reads and writes under the run
 * directory, which options go into its completion record, and the call into the stage module.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WardenError } from '../../../core/errors.js';
import type { LlmProvider } from '../../../llm/index.js';
import { redactUrl } from '../../../store/index.js';
import { alignFile, type AlignReport } from '../align/index.js';
import { assemble } from '../assemble/index.js';
import type { ExportFormat } from '../assemble/types.js';
import { classifyPairsFile } from '../classify/index.js';
import { availableOnlineSources, collectRecords, OFFLINE_SOURCES, onlineSettings, type OfflineSource } from '../collect/index.js';
import { filterRecordsFile } from '../filter/index.js';
import { reviewBatch, type ReviewSummary } from '../review/index.js';
import { STRUCTURE_DEFAULTS, structureFile } from '../structure/index.js';
import { manifestPath } from './manifest.js';
import type { PipelineStep, StepResult } from './runner.js';
import type { InstructPipelineOptions, LlmStage } from './types.js';

/** File names inside the run directory, one per stage output. */
export const PIPELINE_FILES = {
  records: 'records.jsonl',
  relevant: 'relevant.jsonl',
  rejected: 'rejected.jsonl',
  pairs: 'pairs.jsonl',
  classified: 'classified.jsonl',
  reviewed: 'reviewed.jsonl',
  aligned: 'aligned.jsonl',
  dataset: 'dataset',
} as const;

export const DEFAULT_ALIGN_RATIO = 0.2;
export const DEFAULT_REVIEWER = 'auto';
/** A threshold below every score: approves every pending pair (`--review-pending approve`). */
const APPROVE_ALL = -1;

/**
 * The store URL collect, review and align use.
 *
 * @example
 * pipelineDb({ out: 'run' }); // 'sqlite:run/instruct.db'
 */
export function pipelineDb(options: Pick<InstructPipelineOptions, 'db' | 'out'>): string {
  return options.db ?? `sqlite:${join(options.out, 'instruct.db')}`;
}

/**
 * The steps for these options. `llm` is the provider for the stages in `options.llmStages`;
 * its model and endpoint go into those stages' options so a different model re-runs them.
 *
 * @example
 * const steps = instructSteps({ out: 'run', offline: 'data/instruct/sources' });
 */
export function instructSteps(options: InstructPipelineOptions, llm?: LlmProvider): PipelineStep[] {
  const out = options.out;
  const file = (name: keyof typeof PIPELINE_FILES): string => join(out, PIPELINE_FILES[name]);
  const db = pipelineDb(options);
  // As recorded in the options: a SQLite file inside the run folder by its relative path, so a
  // run folder reached by another path (or moved) still resumes; a server URL without secrets.
  const dbKey = db.startsWith('sqlite:') ? `sqlite:${manifestPath(out, db.slice('sqlite:'.length))}` : redactUrl(db);
  const seed = options.seed ?? STRUCTURE_DEFAULTS.seed;
  const llmFor = (stage: LlmStage): LlmProvider | undefined => (options.llmStages?.includes(stage) ? llm : undefined);
  const llmId = (stage: LlmStage): { model: string; endpoint: string } | null => {
    const provider = llmFor(stage);
    return provider ? { model: provider.model, endpoint: provider.endpoint } : null;
  };
  // Offline, every source whose snapshot is present; online (--since), every API source whose
  // credentials are in the environment (NVD_API_KEY, GITHUB_TOKEN, OPENCVE_USERNAME/PASSWORD).
  const online = !options.offline && options.since ? onlineSettings(options.online) : undefined;
  const sources = (options.sources?.length ? options.sources : options.offline ? [...OFFLINE_SOURCES] : online ? availableOnlineSources(online) : ['nvd']) as OfflineSource[];

  const collect: PipelineStep = {
    name: 'collect',
    inputs: options.offline ? [options.offline] : [],
    outputs: [file('records')],
    options: { sources, mode: options.offline ? 'offline' : options.since ? 'online' : 'external', since: options.since?.toISOString() ?? null, db: dbKey },
    async run(outputs) {
      if (!options.offline && !options.since) {
        // Collected outside the pipeline (`warden instruct collect --out DIR`, e.g. online GHSA
        // or arXiv): the records file is this stage's output, recorded by hash like any other.
        if (existsSync(outputs[0]!)) return { report: { external: true }, summary: `${outputs[0]} as collected by \`warden instruct collect\`` };
        throw new WardenError('W_USAGE', `give --offline DIR (snapshot files) or --since DATE (online collection), or collect into ${out} first with \`warden instruct collect --out ${out}\``);
      }
      const report = await collectRecords({
        sources,
        ...(options.offline ? { offline: options.offline } : { online: online! }),
        db,
        ...(options.since ? { since: options.since } : {}),
        exportPath: outputs[0]!,
        reportPath: join(out, 'collect-report.json'),
        requireAll: Boolean(options.sources?.length),
      });
      const t = report.totals;
      return { report, summary: `${report.exported} records (${t.new} new, ${t.updated} updated, ${t.unchanged} unchanged, ${t.failed} failed)` };
    },
  };

  const filter: PipelineStep = {
    name: 'filter',
    inputs: [file('records')],
    outputs: [file('relevant'), file('rejected')],
    options: { model: options.filterModel ? resolve(options.filterModel) : null, threshold: options.filterThreshold ?? null, llm: llmId('filter') },
    async run(outputs) {
      const provider = llmFor('filter');
      const report = await filterRecordsFile(file('records'), outputs[0]!, {
        rejectedOut: outputs[1]!,
        ...(options.filterModel ? { model: options.filterModel } : {}),
        ...(options.filterThreshold !== undefined ? { threshold: options.filterThreshold } : {}),
        ...(provider ? { llm: provider, db } : {}),
      });
      return { report, summary: `${report.kept} kept, ${report.rejected} rejected of ${report.records}` };
    },
  };

  const structure: PipelineStep = {
    name: 'structure',
    inputs: [file('relevant')],
    outputs: [file('pairs')],
    options: { seed, templatesPerRecord: options.templatesPerRecord ?? STRUCTURE_DEFAULTS.templatesPerRecord, llm: llmId('structure') },
    async run(outputs) {
      const provider = llmFor('structure');
      const report = await structureFile(file('relevant'), outputs[0]!, { seed, templatesPerRecord: options.templatesPerRecord ?? STRUCTURE_DEFAULTS.templatesPerRecord, ...(options.workers ? { workers: options.workers } : {}), ...(provider ? { rewrite: provider } : {}) });
      return { report, summary: `${report.pairs} pairs from ${report.records} records` };
    },
  };

  const classify: PipelineStep = {
    name: 'classify',
    inputs: [file('pairs'), file('relevant')],
    outputs: [file('classified')],
    options: { model: options.classifyModel ? resolve(options.classifyModel) : null, minConfidence: options.minConfidence ?? null, llm: llmId('classify') },
    async run(outputs) {
      const provider = llmFor('classify');
      const report = await classifyPairsFile(file('pairs'), outputs[0]!, {
        records: file('relevant'),
        ...(options.classifyModel ? { model: options.classifyModel } : {}),
        ...(options.minConfidence !== undefined ? { minConfidence: options.minConfidence } : {}),
        ...(provider ? { llm: provider } : {}),
      });
      return { report, summary: `${report.pairs} pairs, ${report.pairs - report.unlabelled} with a domain, ${report.unlabelled} unlabelled` };
    },
  };

  const pending = options.reviewPending ?? 'wait';
  const review: PipelineStep = {
    name: 'review',
    inputs: [file('classified')],
    outputs: [file('reviewed')],
    options: { db: dbKey, reviewer: options.reviewer ?? DEFAULT_REVIEWER, autoApproveAbove: options.autoApproveAbove ?? null, pending },
    // Decisions taken in `warden instruct review` live in the store, not in the input file.
    volatile: true,
    async run(outputs) {
      const base = { input: file('classified'), out: outputs[0]!, db, reviewer: options.reviewer ?? DEFAULT_REVIEWER };
      let summary: ReviewSummary = await reviewBatch({ ...base, ...(options.autoApproveAbove !== undefined ? { autoApproveAbove: options.autoApproveAbove } : {}) });
      if (summary.pending > 0 && pending === 'approve') summary = await reviewBatch({ ...base, autoApproveAbove: APPROVE_ALL });
      const line = `${summary.approved} approved (${summary.autoApproved} automatically), ${summary.rejected} rejected, ${summary.pending} pending of ${summary.total}`;
      const result: StepResult = { report: summary, summary: line };
      if (summary.pending > 0 && pending === 'wait') {
        result.halt = { reason: 'pairs await review', pending: summary.pending, command: reviewCommand(options) };
      }
      return result;
    },
  };

  const ratio = options.alignRatio ?? DEFAULT_ALIGN_RATIO;
  const align: PipelineStep = {
    name: 'align',
    inputs: [file('reviewed')],
    outputs: [file('aligned')],
    options: { ratio, seed, llm: llmId('align') },
    async run(outputs) {
      const provider = llmFor('align');
      const report: AlignReport = await alignFile(file('reviewed'), outputs[0]!, { ratio, seed, db, ...(provider ? { llm: provider } : {}) });
      return { report, summary: `${report.input} reviewed pairs + ${report.generated} aligned pairs` };
    },
  };

  const formats = options.formats as ExportFormat[] | undefined;
  const upstream = Object.fromEntries([collect, filter, structure, classify, review, align].map((step) => [step.name, step.options]));
  const assembleStep: PipelineStep = {
    name: 'assemble',
    inputs: [file('aligned')],
    outputs: [file('dataset')],
    // The earlier stages' options go into the dataset card, so a card says how its data was made.
    options: { formats: formats ?? null, seed, upstream },
    async run(outputs) {
      const report = await assemble({ input: file('aligned'), out: outputs[0]!, seed, upstream, ...(formats ? { formats } : {}) });
      const removed = Object.values(report.removed).reduce((a, b) => a + b, 0);
      return { report, summary: `${report.splits.train} train, ${report.splits.validation} validation, ${report.splits.test} test (${removed} removed)` };
    },
  };

  return [collect, filter, structure, classify, review, align, assembleStep];
}

/**
 * The command that opens the terminal review for this run's pairs.
 *
 * @example
 * reviewCommand({ out: 'run' }); // 'warden instruct review --db sqlite:run/instruct.db -i run/classified.jsonl -o run/reviewed.jsonl'
 */
export function reviewCommand(options: Pick<InstructPipelineOptions, 'db' | 'out'>): string {
  return `warden instruct review --db ${redactUrl(pipelineDb(options))} -i ${join(options.out, PIPELINE_FILES.classified)} -o ${join(options.out, PIPELINE_FILES.reviewed)}`;
}
