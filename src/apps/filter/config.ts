import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WardenError } from '../../core/errors.js';
import { resolveInputs, type InputFile } from '../../io/inputs.js';
import { loadModel } from '../../ml/model-file.js';
import { parseRunConfig, type OutputFormat, type RunConfig, type StageRef } from '../../pipeline/spec.js';
import { FILTER_NAMES, type FilterName, type LlmErrorPolicy } from './judgment.js';
import { hazardLabel } from './labels.js';
import { loadPromptTemplate } from './llm-judge/index.js';
import { loadTermList } from './terms.js';

/** What `warden filter run` takes (the CLI flags, camel-cased). */
export interface FilterRunOptions {
  input: string[];
  splits?: string[] | undefined;
  output: string;
  /** Cascade stages in order; each judges only what the one before escalated. */
  filters: FilterName[];
  blocklist?: string | undefined;
  minDistinctTerms?: number | undefined;
  wordBoundaries?: boolean | undefined;
  classifier?: string | undefined;
  /** Model label whose probability is the hazard score (default: guessed, see `hazardLabel`). */
  classifierLabel?: string | undefined;
  threshold?: number | undefined;
  chunkTokens?: number | undefined;
  llm?: LlmFlags | undefined;
  onLlmError?: LlmErrorPolicy | undefined;
  /** Fraction of the input bytes per checkpoint (one shard = one checkpoint). */
  saveEvery?: number | undefined;
  workers?: number | undefined;
  labelField?: string | undefined;
  outputFormat?: OutputFormat | undefined;
  textField?: string | undefined;
  idField?: string | undefined;
  onError?: 'fail' | 'skip' | undefined;
}

export interface LlmFlags {
  endpoint?: string | undefined;
  model?: string | undefined;
  promptFile?: string | undefined;
  concurrency?: number | undefined;
  maxRetries?: number | undefined;
  timeoutMs?: number | undefined;
  /** Store URL or 'off'; default `sqlite:<run dir>/llm-cache.sqlite`. */
  cache?: string | undefined;
  apiKeyEnv?: string | undefined;
}

export const FILTER_DEFAULTS = { minDistinctTerms: 2, threshold: 0.5, chunkTokens: 8192, saveEvery: 0.01, onLlmError: 'flag' } as const;

/** The runner refuses shards above this size (`part_size_mb` maximum). */
const MAX_PART_MB = 4096;

/** The cascade as it was configured, recovered from a run's config (for reports and rethreshold). */
export interface FilterSpec {
  filters: FilterName[];
  onLlmError: LlmErrorPolicy;
  labelField?: string;
  blocklist?: { file: string; minDistinctTerms: number; wordBoundaries: boolean };
  classifier?: { model: string; label?: string; threshold: number; chunkTokens: number };
  llm?: { endpoint: string; model: string };
}

const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** A `module:` reference to one of this app's stages (worker threads import it themselves). */
function stageRef(file: string, name: string, options: Record<string, unknown>): StageRef {
  return { module: new URL(`./stages/${file}${EXT}`, import.meta.url).href, export: name, with: options };
}

/**
 * Checks the options, reads what must exist now (inputs, term file, model, prompt) so that a
 * mistake fails before any shard runs, and builds the pipeline config of the cascade: one
 * module stage per filter, in `--filters` order, then the decision stage.
 *
 * @example
 * const { config } = await buildFilterRunConfig({ input: ['c.jsonl'], output: 'out/f', filters: ['blocklist'], blocklist: 'terms.txt' });
 */
export async function buildFilterRunConfig(options: FilterRunOptions): Promise<{ config: RunConfig; files: InputFile[] }> {
  const filters = checkFilters(options);
  const output = resolve(options.output);
  const onLlmError = options.onLlmError ?? FILTER_DEFAULTS.onLlmError;
  const saveEvery = options.saveEvery ?? FILTER_DEFAULTS.saveEvery;
  if (!(saveEvery > 0 && saveEvery <= 1)) throw new WardenError('W_USAGE', `--save-every must be a fraction in (0, 1] (got ${saveEvery})`);
  const threshold = options.threshold ?? FILTER_DEFAULTS.threshold;
  if (!(threshold >= 0 && threshold <= 1)) throw new WardenError('W_USAGE', `--threshold must be in [0, 1] (got ${threshold})`);

  const files = await resolveInputs(options.input.map((p) => resolve(p)), { splits: options.splits });
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const format = options.outputFormat ?? defaultOutputFormat(files, options.input);
  const stages: StageRef[] = [];
  let hazard: string | undefined;
  for (const [i, filter] of filters.entries()) {
    const previous = i === 0 ? null : filters[i - 1]!;
    if (filter === 'blocklist') {
      const terms = await loadTermList(resolve(options.blocklist!));
      stages.push(
        stageRef('blocklist', 'createBlocklistStage', {
          terms_file: terms.path,
          terms_sha256: terms.sha256,
          min_distinct_terms: options.minDistinctTerms ?? FILTER_DEFAULTS.minDistinctTerms,
          word_boundaries: options.wordBoundaries ?? false,
          previous,
          on_llm_error: onLlmError,
        }),
      );
    } else if (filter === 'classifier') {
      const dir = resolve(options.classifier!);
      const model = await loadModel(dir);
      hazard = hazardLabel(model.manifest.labels, options.classifierLabel, dir);
      stages.push(
        stageRef('classifier', 'createClassifierStage', {
          model_dir: dir,
          model_sha256: model.manifest.weights.sha256,
          label: hazard,
          threshold,
          chunk_tokens: options.chunkTokens ?? FILTER_DEFAULTS.chunkTokens,
          previous,
          on_llm_error: onLlmError,
        }),
      );
    } else {
      stages.push(stageRef('llm', 'createCascadeLlmStage', await llmOptions(options.llm ?? {}, previous!, onLlmError, output, options.textField)));
    }
  }
  stages.push(
    stageRef('decision', 'createDecisionStage', {
      run_dir: output,
      filters,
      on_llm_error: onLlmError,
      output_format: format,
      ...(options.labelField ? { label_field: options.labelField } : {}),
      ...(hazard ? { hazard_label: hazard } : {}),
    }),
  );
  const config = parseRunConfig({
    input: options.input.map((p) => resolve(p)),
    ...(options.splits ? { splits: options.splits } : {}),
    output,
    output_format: format,
    part_size_mb: partSizeMb(saveEvery, total),
    // Removed records go to removed/ in the output format; the runner's dropped/ copy is not needed.
    keep_dropped: false,
    ...(options.textField ? { text_field: options.textField } : {}),
    ...(options.idField !== undefined ? { id_field: options.idField } : {}),
    ...(options.onError ? { on_error: options.onError } : {}),
    ...(options.workers ? { workers: options.workers } : {}),
    stages,
  });
  return { config, files };
}

function checkFilters(options: FilterRunOptions): FilterName[] {
  const filters = options.filters;
  if (filters.length === 0) throw new WardenError('W_USAGE', `--filters needs at least one of ${FILTER_NAMES.join(', ')}`);
  for (const f of filters) {
    if (!FILTER_NAMES.includes(f)) throw new WardenError('W_USAGE', `unknown filter "${f}" in --filters (known: ${FILTER_NAMES.join(', ')})`);
  }
  if (new Set(filters).size !== filters.length) throw new WardenError('W_USAGE', `--filters names a stage twice (${filters.join(',')})`);
  const need = (filter: FilterName, given: unknown, flag: string) => {
    if (filters.includes(filter) && !given) throw new WardenError('W_USAGE', `--filters includes ${filter}: ${flag} is required`);
    if (!filters.includes(filter) && given) throw new WardenError('W_USAGE', `${flag} is given but --filters (${filters.join(',')}) does not include ${filter}`);
  };
  need('blocklist', options.blocklist, '--blocklist');
  need('classifier', options.classifier, '--classifier');
  need('llm', options.llm?.endpoint, '--llm-endpoint');
  if (filters.includes('llm') && !options.llm?.model) throw new WardenError('W_USAGE', '--filters includes llm: --llm-model is required');
  if (filters[0] === 'llm') {
    throw new WardenError('W_USAGE', 'llm cannot be the first filter: the judge only sees what an earlier stage escalated (e.g. --filters blocklist,classifier,llm)');
  }
  const minTerms = options.minDistinctTerms ?? FILTER_DEFAULTS.minDistinctTerms;
  if (!Number.isInteger(minTerms) || minTerms < 1) throw new WardenError('W_USAGE', `--min-distinct-terms must be a positive integer (got ${minTerms})`);
  const chunk = options.chunkTokens ?? FILTER_DEFAULTS.chunkTokens;
  if (!Number.isInteger(chunk) || chunk < 16) throw new WardenError('W_USAGE', `--chunk-tokens must be an integer >= 16 (got ${chunk})`);
  return [...filters];
}

async function llmOptions(llm: LlmFlags, previous: FilterName, onError: LlmErrorPolicy, runDir: string, textField: string | undefined): Promise<Record<string, unknown>> {
  const promptFile = llm.promptFile ? resolve(llm.promptFile) : undefined;
  const template = await loadPromptTemplate(promptFile);
  return {
    endpoint: llm.endpoint,
    model: llm.model,
    ...(promptFile ? { prompt_file: promptFile } : {}),
    prompt_sha256: template.sha256,
    ...(llm.concurrency ? { concurrency: llm.concurrency } : {}),
    ...(llm.maxRetries !== undefined ? { max_retries: llm.maxRetries } : {}),
    ...(llm.timeoutMs ? { timeout_ms: llm.timeoutMs } : {}),
    on_error: onError,
    cache: llm.cache ?? `sqlite:${resolve(runDir, 'llm-cache.sqlite')}`,
    ...(llm.apiKeyEnv ? { api_key_env: llm.apiKeyEnv } : {}),
    ...(textField ? { text_field: textField } : {}),
    escalated_by: previous,
  };
}

/**
 * Shard size for `--save-every F`: F × the input bytes, so each finished shard is one checkpoint
 * (shards are numbered, so any F gives distinct names). Compressed, Arrow and CSV files are
 * never cut, so there a checkpoint is at least one file. Shards are capped at the runner's 4 GB
 * (a corpus over 400 GB checkpoints more often than every 1 %).
 *
 * @example
 * partSizeMb(0.01, 2 * 1024 ** 3); // 20.48 (MB per shard of a 2 GiB input)
 */
export function partSizeMb(saveEvery: number, totalBytes: number): number {
  const mb = (saveEvery * Math.max(totalBytes, 1)) / (1024 * 1024);
  return Math.min(MAX_PART_MB, mb);
}

/**
 * Outputs keep the input format: JSONL (same compression), Parquet, or a HF dataset; else JSONL.
 *
 * @example
 * defaultOutputFormat(await resolveInputs(['a.jsonl.zst']), ['a.jsonl.zst']); // 'jsonl.zst'
 */
export function defaultOutputFormat(files: readonly InputFile[], inputs: readonly string[]): OutputFormat {
  const first = files[0];
  if (!first) return 'jsonl';
  const same = files.every((f) => f.format === first.format && f.compression === first.compression);
  if (!same) return 'jsonl';
  if (first.format === 'parquet') return 'parquet';
  const hfFolder = (p: string) => existsSync(join(p, 'state.json')) || existsSync(join(p, 'dataset_dict.json'));
  if (first.format === 'arrow' && inputs.every(hfFolder)) return 'hf';
  if (first.format === 'jsonl') return first.compression === 'gzip' ? 'jsonl.gz' : first.compression === 'zstd' ? 'jsonl.zst' : 'jsonl';
  return 'jsonl';
}

/**
 * Recovers the cascade from a filter run's pipeline config (`manifest.json`), so reports and
 * `rethreshold` need nothing but the run directory.
 *
 * @example
 * const spec = filterSpecOf((await new RunDir('out/f').readManifest()).config);
 * spec.filters; // ['blocklist', 'classifier']
 */
export function filterSpecOf(config: RunConfig): FilterSpec {
  const byExport = new Map<string, Record<string, unknown>>();
  for (const stage of config.stages) if ('module' in stage) byExport.set(stage.export, stage.with);
  const decision = byExport.get('createDecisionStage');
  if (!decision) throw new WardenError('W_RUN_MISMATCH', 'not a filter run: the pipeline has no decision stage', { where: config.output });
  const spec: FilterSpec = {
    filters: decision.filters as FilterName[],
    onLlmError: (decision.on_llm_error as LlmErrorPolicy | undefined) ?? 'flag',
    ...(typeof decision.label_field === 'string' ? { labelField: decision.label_field } : {}),
  };
  const b = byExport.get('createBlocklistStage');
  if (b) spec.blocklist = { file: String(b.terms_file), minDistinctTerms: Number(b.min_distinct_terms ?? 2), wordBoundaries: b.word_boundaries === true };
  const c = byExport.get('createClassifierStage');
  if (c) {
    spec.classifier = {
      model: String(c.model_dir),
      ...(typeof c.label === 'string' ? { label: c.label } : {}),
      threshold: Number(c.threshold ?? 0.5),
      chunkTokens: Number(c.chunk_tokens ?? 8192),
    };
  }
  const l = byExport.get('createCascadeLlmStage');
  if (l) spec.llm = { endpoint: String(l.endpoint), model: String(l.model) };
  return spec;
}
