import { z } from 'zod';
import { WardenError } from '../../../core/errors.js';
import type { Rec } from '../../../io/record.js';
import { TextClassifier, type RowFields } from '../../../ml/classifier.js';
import type { ShardContext, Stage } from '../../../pipeline/stage.js';
import { chunkSpans } from '../chunks.js';
import { FILTER_NAMES, LLM_ERROR_POLICIES, judgmentsOf, reachesStage } from '../judgment.js';
import { hazardLabel } from '../labels.js';
import { parseStageOptions } from './options.js';

export const classifierStageOptions = z
  .object({
    model_dir: z.string().min(1),
    /** sha256 of the weights when the run was planned; a different model fails the run. */
    model_sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    /** Model label whose probability is the hazard score (default: see `hazardLabel`). */
    label: z.string().min(1).optional(),
    threshold: z.number().min(0).max(1).default(0.5),
    chunk_tokens: z.number().int().min(16).max(1_000_000).default(8192),
    previous: z.enum(FILTER_NAMES).nullable().default(null),
    on_llm_error: z.enum(LLM_ERROR_POLICIES).default('flag'),
  })
  .strict();
export type ClassifierStageOptions = z.input<typeof classifierStageOptions>;

/**
 * Cascade stage 2 (usually): a model trained with `warden train classifier` scores every token
 * chunk of each escalated record; the max, mean and min chunk scores are logged (so
 * `warden filter rethreshold` can move the threshold later without rescoring) and the record is
 * escalated when the max reaches the threshold.
 */
class ClassifierStage implements Stage {
  readonly name = 'classifier';
  readonly preservesRecords = true;
  private readonly options: z.output<typeof classifierStageOptions>;
  private model: TextClassifier | undefined;
  private labelIndex = -1;

  constructor(options: z.output<typeof classifierStageOptions>) {
    this.options = options;
  }

  async init(): Promise<void> {
    if (this.model) return;
    const model = await TextClassifier.load(this.options.model_dir);
    if (this.options.model_sha256 && model.manifest.weights.sha256 !== this.options.model_sha256) {
      throw new WardenError('W_RUN_MISMATCH', 'the classifier model changed since the run was planned', { where: this.options.model_dir });
    }
    this.labelIndex = model.labels.indexOf(hazardLabel(model.labels, this.options.label, this.options.model_dir));
    this.model = model;
  }

  /** Hazard probability of every chunk: max, mean and min. */
  score(text: string, fields?: RowFields): { max: number; mean: number; min: number; chunks: number } {
    const model = this.model!;
    const k = this.labelIndex;
    let max = 0;
    let min = 1;
    let sum = 0;
    const chunks = chunkSpans(text, this.options.chunk_tokens, (start, end) => {
      const p = model.probabilities(start === 0 && end === text.length ? text : text.slice(start, end), fields)[k]!;
      if (p > max) max = p;
      if (p < min) min = p;
      sum += p;
    });
    // An empty text is one empty chunk: the model still gives it a (usually low) score.
    if (chunks === 0) {
      const p = model.probabilities('', fields)[k]!;
      return { max: p, mean: p, min: p, chunks: 1 };
    }
    return { max, mean: sum / chunks, min, chunks };
  }

  async *run(input: AsyncIterable<Rec[]>, ctx: ShardContext): AsyncIterable<Rec[]> {
    await this.init();
    const { previous, on_llm_error: policy, threshold } = this.options;
    const field = ctx.fields.text;
    const withFields = this.model!.manifest.input.featureTokens.length > 0;
    for await (const batch of input) {
      for (const record of batch) {
        if (!reachesStage(record, previous, policy)) continue;
        const started = performance.now();
        const text = record[field];
        const s = this.score(typeof text === 'string' ? text : '', withFields ? (record as RowFields) : undefined);
        judgmentsOf(record).classifier = { max: s.max, mean: s.mean, min: s.min, chunks: s.chunks, escalate: s.max >= threshold, ms: performance.now() - started };
      }
      yield batch;
    }
  }
}

/**
 * Stage factory for `module:` stage references; the executor's `init()` loads the model once
 * per worker.
 *
 * @example
 * const stage = createClassifierStage({ model_dir: 'models/demo-filter', threshold: 0.5 });
 */
export function createClassifierStage(options: Record<string, unknown>): Stage {
  return new ClassifierStage(parseStageOptions(classifierStageOptions, options, 'classifier'));
}
