import type { Rec } from '../../../io/record.js';
import type { ShardContext, Stage } from '../../../pipeline/stage.js';
import { createLlmJudgeStage } from '../llm-judge/index.js';

/**
 * The LLM judge (src/apps/filter/llm-judge) as a cascade stage. The judge itself is a plain
 * pipeline stage that adds `judgments.llm`; inside the cascade the decision stage strips the
 * judgments again, so the wrapped stage may say it preserves records, which lets JSONL outputs
 * copy input lines byte for byte. Everything else is the judge's own.
 *
 * @example
 * const stage = await createCascadeLlmStage({ endpoint: 'http://127.0.0.1:8000/v1', model: 'm', escalated_by: 'classifier' });
 */
export async function createCascadeLlmStage(options: Record<string, unknown>): Promise<Stage> {
  const judge = await createLlmJudgeStage(options);
  return {
    name: judge.name,
    preservesRecords: true,
    init: () => judge.init(),
    run: (input: AsyncIterable<Rec[]>, ctx: ShardContext) => judge.run(input, ctx),
    close: () => judge.close(),
  };
}
