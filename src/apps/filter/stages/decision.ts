import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { WardenError } from '../../../core/errors.js';
import type { Compression } from '../../../io/formats.js';
import type { Rec } from '../../../io/record.js';
import { openRecordWriter, type RecordWriter } from '../../../io/writer.js';
import { RunDir, type ShardPlan } from '../../../pipeline/run-dir.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../../pipeline/spec.js';
import type { ShardContext, Stage } from '../../../pipeline/stage.js';
import { FILTER_NAMES, LLM_ERROR_POLICIES, decide, judgmentsOf, restoreRecord } from '../judgment.js';
import { JudgmentsWriter, judgmentColumns, judgmentRow, type JudgmentRow } from '../judgments-file.js';
import { truthOf } from '../labels.js';
import { filterPaths } from '../layout.js';
import { parseStageOptions } from './options.js';

export const decisionStageOptions = z
  .object({
    run_dir: z.string().min(1),
    filters: z.array(z.enum(FILTER_NAMES)).min(1),
    on_llm_error: z.enum(LLM_ERROR_POLICIES).default('flag'),
    output_format: z.enum(OUTPUT_FORMATS),
    label_field: z.string().min(1).optional(),
    /** The classifier's hazard label, so a label field holding it counts as hazardous. */
    hazard_label: z.string().min(1).optional(),
  })
  .strict();
export type DecisionStageOptions = z.input<typeof decisionStageOptions>;

export const DECISION_STAGE_NAME = 'decision';

/**
 * The end of the cascade. Decides kept or removed from the stages' judgments, logs one row per
 * record to `judgments/<shard>.parquet`, writes removed records to `removed/` (same format and
 * name as the shard's kept output) and passes kept records on to the run's output. Records leave
 * without the judgments the cascade put on them, so both outputs hold the input records
 * unchanged (JSONL lines byte for byte). Its files are committed before the runner writes the
 * shard's completion marker, and a redone shard overwrites them: resume never duplicates.
 */
class DecisionStage implements Stage {
  readonly name = DECISION_STAGE_NAME;
  readonly preservesRecords = true;
  private readonly options: z.output<typeof decisionStageOptions>;
  private plan: Map<string, ShardPlan> | undefined;

  constructor(options: z.output<typeof decisionStageOptions>) {
    this.options = options;
  }

  async init(): Promise<void> {
    if (this.plan) return;
    const dir = new RunDir(this.options.run_dir);
    let shards: ShardPlan[];
    try {
      shards = JSON.parse(await readFile(dir.planPath, 'utf8')) as ShardPlan[];
    } catch (cause) {
      throw new WardenError('W_RUN_MISMATCH', `the decision stage cannot read the run plan: ${(cause as Error).message}`, { where: dir.planPath, cause });
    }
    this.plan = new Map(shards.map((s) => [s.id, s]));
  }

  async *run(input: AsyncIterable<Rec[]>, ctx: ShardContext): AsyncIterable<Rec[]> {
    await this.init();
    const shard = this.plan!.get(ctx.shard);
    if (!shard) throw new WardenError('W_RUN_MISMATCH', `shard ${ctx.shard} is not in the run plan`, { where: this.options.run_dir });
    const { filters, on_llm_error: policy, label_field: labelField, hazard_label: hazard } = this.options;
    const paths = filterPaths(this.options.run_dir);
    const split = shard.part.split ?? null;
    const removedWriter: RecordWriter = await openRecordWriter(paths.removedFile(shard.output), writerKind(this.options.output_format));
    let judgments: JudgmentsWriter | undefined;
    let committed = false;
    try {
      judgments = await JudgmentsWriter.open(paths.judgmentsFile(shard.id), judgmentColumns(filters));
      let row = 0;
      for await (const batch of input) {
        const kept: Rec[] = [];
        const removed: Rec[] = [];
        const rows: JudgmentRow[] = [];
        for (const record of batch) {
          const j = judgmentsOf(record);
          const decision = decide(j, filters, policy);
          j.decision = decision;
          const id = record[ctx.fields.id];
          const text = record[ctx.fields.text];
          rows.push(
            judgmentRow(
              {
                id: id === undefined || id === null ? `${ctx.shard}#${row}` : String(id),
                split,
                chars: typeof text === 'string' ? text.length : 0,
                label: labelField ? truthOf(record[labelField], hazard) : null,
              },
              j,
              filters,
              policy,
            ),
          );
          row++;
          restoreRecord(record);
          if (decision.removed) {
            removed.push(record);
            ctx.drop(this.name, record, `removed by ${decision.stage}`);
          } else kept.push(record);
        }
        await judgments.write(rows);
        await removedWriter.write(removed, true);
        yield kept;
      }
      await judgments.close();
      await removedWriter.close();
      committed = true;
    } finally {
      if (!committed) {
        await judgments?.abort();
        await removedWriter.abort();
      }
    }
  }
}

function writerKind(format: OutputFormat): { format: 'jsonl' | 'parquet' | 'hf'; compression: Compression } {
  if (format === 'jsonl.gz') return { format: 'jsonl', compression: 'gzip' };
  if (format === 'jsonl.zst') return { format: 'jsonl', compression: 'zstd' };
  return { format, compression: 'none' };
}

/**
 * Stage factory for `module:` stage references.
 *
 * @example
 * const stage = createDecisionStage({ run_dir: 'out/run', filters: ['blocklist', 'classifier'], output_format: 'jsonl' });
 */
export function createDecisionStage(options: Record<string, unknown>): Stage {
  return new DecisionStage(parseStageOptions(decisionStageOptions, options, DECISION_STAGE_NAME));
}
