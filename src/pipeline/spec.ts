import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { loadConfigFile } from '../core/config.js';

const stageRef = z.union([
  z.string().min(1).transform((use) => ({ use, with: {} as Record<string, unknown> })),
  z
    .object({
      use: z.string().min(1).describe('built-in stage name'),
      with: z.record(z.string(), z.unknown()).default({}),
    })
    .strict(),
  z
    .object({
      module: z.string().min(1).describe('path or URL of an ES module exporting a stage factory'),
      export: z.string().default('default'),
      with: z.record(z.string(), z.unknown()).default({}),
    })
    .strict(),
]);

export type StageRef = { use: string; with: Record<string, unknown> } | { module: string; export: string; with: Record<string, unknown> };

export const OUTPUT_FORMATS = ['jsonl', 'jsonl.gz', 'jsonl.zst', 'parquet', 'hf'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A pipeline run as written in `pipeline.yaml`; CLI flags override fields. */
export const runConfigSchema = z
  .object({
    input: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])),
    splits: z.array(z.string().min(1)).optional(),
    text_field: z.string().min(1).default('text'),
    id_field: z.string().min(1).default('id'),
    require_text: z.boolean().default(true),
    on_error: z.enum(['fail', 'skip']).default('fail'),
    output: z.string().min(1),
    output_format: z.enum(OUTPUT_FORMATS).default('jsonl'),
    part_size_mb: z.number().positive().max(4096).default(64),
    keep_dropped: z.boolean().default(true),
    workers: z.number().int().min(1).max(256).optional(),
    stages: z.array(stageRef).default([]),
  })
  .strict();

export type RunConfig = z.output<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;

/** Loads `pipeline.yaml`, resolving input, output and module paths against its folder. */
export async function loadRunConfig(file: string): Promise<RunConfig> {
  const { value } = await loadConfigFile(file, runConfigSchema, { envPrefix: 'WARDEN_RUN_' });
  return resolvePaths(value, dirname(resolve(file)));
}

export function resolvePaths(config: RunConfig, base: string): RunConfig {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  return {
    ...config,
    input: config.input.map(abs),
    output: abs(config.output),
    stages: config.stages.map((stage) =>
      'module' in stage && !/^[a-z]+:/.test(stage.module) ? { ...stage, module: pathToFileURL(abs(stage.module)).href } : stage,
    ),
  };
}

/** Validates a config built in code (same rules and defaults as the YAML form). */
export function parseRunConfig(input: RunConfigInput): RunConfig {
  return runConfigSchema.parse(input);
}
