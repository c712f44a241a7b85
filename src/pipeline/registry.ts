import type { z } from 'zod';
import { WardenError } from '../core/errors.js';
import type { StageRef } from './spec.js';
import type { Stage } from './stage.js';
import { LengthFilterStage, lengthFilterOptions } from './stages/length-filter.js';
import { SampleStage, sampleOptions } from './stages/sample.js';
import { SelectStage, selectOptions } from './stages/select.js';
import { TextStatsStage, textStatsOptions } from './stages/text-stats.js';

export interface StageDefinition {
  description: string;
  options: z.ZodType;
  create(options: never): Stage | Promise<Stage>;
}

function define<S extends z.ZodType>(description: string, options: S, create: (o: z.output<S>) => Stage | Promise<Stage>): StageDefinition {
  return { description, options, create: create as (o: never) => Stage };
}

/**
 * Built-in stages by name. Later capabilities (scanner, classifier, filter cascade) register
 * theirs here too, so `warden run` YAML and the worker threads resolve names the same way.
 */
export const BUILTIN_STAGES: Record<string, StageDefinition> = {
  'text-stats': define('add stats {chars, words, lines, non_ascii, digits, upper_ratio}', textStatsOptions, () => new TextStatsStage()),
  'length-filter': define('drop records outside min_chars/max_chars/min_words', lengthFilterOptions, (o) => new LengthFilterStage(o)),
  sample: define('keep a deterministic fraction of records (hash of seed and id)', sampleOptions, (o) => new SampleStage(o)),
  select: define('keep only the listed fields', selectOptions, (o) => new SelectStage(o)),
};

/** A module stage exports a factory: `(options) => Stage | Promise<Stage>`. */
export type StageFactory = (options: Record<string, unknown>) => Stage | Promise<Stage>;

/** Builds the stages of a pipeline; each worker calls this once. */
export async function createStages(refs: readonly StageRef[]): Promise<Stage[]> {
  const stages: Stage[] = [];
  for (const [index, ref] of refs.entries()) {
    stages.push(await createStage(ref, index));
  }
  const names = new Set<string>();
  for (const stage of stages) {
    if (names.has(stage.name)) {
      throw new WardenError('W_CONFIG_INVALID', `two stages are named "${stage.name}"; stats and drop reasons need unique names`);
    }
    names.add(stage.name);
  }
  return stages;
}

async function createStage(ref: StageRef, index: number): Promise<Stage> {
  if ('use' in ref) {
    const definition = BUILTIN_STAGES[ref.use];
    if (!definition) {
      throw new WardenError('W_RUN_UNKNOWN_STAGE', `stages[${index}]: unknown stage "${ref.use}" (built-in: ${Object.keys(BUILTIN_STAGES).join(', ')})`);
    }
    const parsed = definition.options.safeParse(ref.with);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new WardenError('W_CONFIG_INVALID', `stages[${index}] (${ref.use}): field "with.${issue.path.join('.')}": ${issue.message}`);
    }
    return definition.create(parsed.data as never);
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(ref.module)) as Record<string, unknown>;
  } catch (cause) {
    throw new WardenError('W_RUN_UNKNOWN_STAGE', `stages[${index}]: cannot import module ${ref.module}: ${(cause as Error).message}`, { cause });
  }
  const factory = module[ref.export];
  if (typeof factory !== 'function') {
    throw new WardenError('W_RUN_UNKNOWN_STAGE', `stages[${index}]: module ${ref.module} has no function export "${ref.export}"`);
  }
  const stage = await (factory as StageFactory)(ref.with);
  if (!stage || typeof stage.run !== 'function' || typeof stage.name !== 'string') {
    throw new WardenError('W_RUN_UNKNOWN_STAGE', `stages[${index}]: ${ref.module}#${ref.export} did not return a stage ({name, run})`);
  }
  return stage;
}
