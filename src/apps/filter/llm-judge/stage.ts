import type OpenAI from 'openai';
import { WardenError } from '../../../core/errors.js';
import { isPlainObject, type Rec } from '../../../io/record.js';
import type { ShardContext, Stage } from '../../../pipeline/stage.js';
import { JudgeCache } from './cache.js';
import { createJudgeClient, judgeText, type JudgeAnswer } from './judge.js';
import { addOutcome, emptyLlmCounts, mergeLlmCounts, type LlmJudgeCounts, type LlmJudgment, type LlmOutcome } from './judgment.js';
import { mapLimit } from './limit.js';
import { parseLlmJudgeOptions, type LlmJudgeOptions, type LlmJudgeOptionsInput } from './options.js';
import { loadPromptTemplate, type PromptTemplate } from './prompt.js';

/** The stage name: its judgment is `judgments.llm`, its drops/rejects say stage 'llm'. */
export const LLM_STAGE_NAME = 'llm';

/**
 * The LLM judge of the filter cascade. Only records that the previous stage escalated
 * (`judgments.<stage>.escalate === true`) are judged; the others pass through as the same
 * object. A judged record gets `judgments.llm` (see LlmJudgment) and keeps every other field.
 * The stage never drops: removal is decided at the end of the cascade from `escalate`.
 */
export class LlmJudgeStage implements Stage {
  readonly name = LLM_STAGE_NAME;
  /** Totals since this instance was built (one per worker; a redone shard counts twice). */
  readonly counts: LlmJudgeCounts = emptyLlmCounts();
  private cache: JudgeCache | undefined;
  private opening: Promise<void> | undefined;

  constructor(
    readonly options: LlmJudgeOptions,
    readonly template: PromptTemplate,
    private readonly client: OpenAI,
  ) {}

  init(): Promise<void> {
    this.opening ??= this.openCache();
    return this.opening;
  }

  private async openCache(): Promise<void> {
    if (this.options.cache !== 'off') this.cache = await JudgeCache.open(this.options.cache);
  }

  async *run(input: AsyncIterable<Rec[]>, ctx: ShardContext): AsyncIterable<Rec[]> {
    await this.init();
    const shardCounts = emptyLlmCounts();
    const field = this.options.text_field ?? ctx.fields.text;
    for await (const batch of input) {
      const todo: number[] = [];
      batch.forEach((record, i) => {
        if (isEscalated(record, this.options.escalated_by)) todo.push(i);
      });
      const answers = await mapLimit(todo, this.options.concurrency, (i) => this.judge(batch[i]!, field));
      const byIndex = new Map(todo.map((i, k) => [i, answers[k]!]));
      const out: Rec[] = [];
      batch.forEach((record, i) => {
        shardCounts.seen++;
        const answer = byIndex.get(i);
        if (!answer) {
          shardCounts.skipped++;
          out.push(record);
          return;
        }
        if (answer === 'no-text') {
          ctx.fail(this.name, record, new WardenError('W_IO_BAD_RECORD', `escalated record has no string field "${field}" to judge`));
          return;
        }
        const judged = this.decide(record, answer, shardCounts, ctx);
        if (judged) out.push(judged);
      });
      yield out;
    }
    mergeLlmCounts(this.counts, shardCounts);
    const errors = shardCounts.errors.flag + shardCounts.errors.pass + shardCounts.errors.fail;
    if (errors > 0) ctx.log.warn({ shard: ctx.shard, stage: this.name, errors: shardCounts.errors, kinds: nonZero(shardCounts.error_kinds) }, 'llm judge: records without a verdict');
    ctx.log.debug({ shard: ctx.shard, stage: this.name, counts: shardCounts }, 'llm judge: shard done');
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    await this.cache?.close();
    this.cache = undefined;
    this.opening = undefined;
  }

  private async judge(record: Rec, field: string): Promise<(JudgeAnswer & { ms: number }) | 'no-text'> {
    const text = record[field];
    if (typeof text !== 'string') return 'no-text';
    const started = performance.now();
    const answer = await judgeText({ client: this.client, options: this.options, template: this.template, cache: this.cache }, text);
    return { ...answer, ms: Math.round(performance.now() - started) };
  }

  /** Applies the on_error policy and writes the judgment; undefined when the record was failed. */
  private decide(record: Rec, answer: JudgeAnswer & { ms: number }, counts: LlmJudgeCounts, ctx: ShardContext): Rec | undefined {
    let outcome: LlmOutcome;
    if (answer.verdict !== null) outcome = answer.verdict === 1 ? 'flagged' : 'passed';
    else outcome = this.options.on_error === 'flag' ? 'error_flagged' : this.options.on_error === 'pass' ? 'error_passed' : 'error_failed';
    addOutcome(counts, outcome, answer);
    if (outcome === 'error_failed') {
      // With --on-error fail this throws and stops the run; with skip the record goes to rejects.
      ctx.fail(this.name, record, new WardenError('W_RUN_STAGE', `llm judge (on_error fail): ${answer.error_kind}: ${answer.error}`));
      return undefined;
    }
    const judgment: LlmJudgment = {
      verdict: answer.verdict,
      raw: answer.raw,
      ...(answer.error !== undefined ? { error: answer.error, error_kind: answer.error_kind } : {}),
      cached: answer.cached,
      ms: answer.ms,
      attempts: answer.attempts,
      truncated: answer.truncated,
      outcome,
      escalate: outcome === 'flagged' || outcome === 'error_flagged',
    };
    const judgments = isPlainObject(record.judgments) ? record.judgments : {};
    return { ...record, judgments: { ...judgments, [this.name]: judgment } };
  }
}

/**
 * Builds the judge from plain data (`{module, export: 'createLlmJudgeStage', with: options}`
 * in a pipeline, so worker threads and BullMQ workers build their own). Loads and checks the
 * prompt template now, so a bad file fails before any shard starts; the cache opens in init.
 *
 * @example
 * const stage = await createLlmJudgeStage({ endpoint: 'http://127.0.0.1:8000/v1', model: 'qwen2.5-7b-instruct',
 *   concurrency: 8, on_error: 'flag', cache: 'sqlite:out/run/llm-cache.sqlite' });
 */
export async function createLlmJudgeStage(options: LlmJudgeOptionsInput | Readonly<Record<string, unknown>>): Promise<LlmJudgeStage> {
  const parsed = parseLlmJudgeOptions(options);
  const template = await loadPromptTemplate(parsed.prompt_file);
  if (parsed.prompt_sha256 !== undefined && parsed.prompt_sha256 !== template.sha256) {
    throw new WardenError('W_CONFIG_INVALID', `the LLM prompt template changed: sha256 ${template.sha256}, the run expects ${parsed.prompt_sha256}; restore it or start a new run`, {
      where: template.source,
    });
  }
  return new LlmJudgeStage(parsed, template, createJudgeClient(parsed));
}

/**
 * Whether the cascade escalated a record to the judge: `judgments[by].escalate === true`, or
 * with 'auto' the last judgment (key order = cascade order) that has an `escalate` boolean.
 *
 * @example
 * isEscalated({ judgments: { blocklist: { escalate: true }, classifier: { escalate: false } } }, 'auto'); // false
 */
export function isEscalated(record: Rec, by: string): boolean {
  const judgments = record.judgments;
  if (!isPlainObject(judgments)) return false;
  if (by !== 'auto') {
    const own = judgments[by];
    return isPlainObject(own) && own.escalate === true;
  }
  let last: unknown;
  for (const [key, value] of Object.entries(judgments)) {
    if (key !== LLM_STAGE_NAME && isPlainObject(value) && typeof value.escalate === 'boolean') last = value.escalate;
  }
  return last === true;
}

function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}
