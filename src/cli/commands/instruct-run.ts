import { Command, InvalidArgumentError } from 'commander';
import { OFFLINE_SOURCES } from '../../apps/instruct/collect/index.js';
import {
  LLM_STAGES,
  REVIEW_PENDING_POLICIES,
  STAGE_NAMES,
  runInstructPipeline,
  type InstructPipelineOptions,
  type LlmStage,
  type PipelineResult,
  type ReviewPendingPolicy,
  type StageName,
} from '../../apps/instruct/pipeline/index.js';
import { WardenError } from '../../core/errors.js';
import { llmHelpEpilogue } from '../../llm/index.js';
import { addGlobalFlags, examples, parseIntFlag, splitList, type GlobalFlags } from '../common.js';

interface RunFlags extends GlobalFlags {
  out: string;
  offline?: string;
  sources?: string;
  since?: string;
  db?: string;
  filterModel?: string;
  filterThreshold?: number;
  seed?: number;
  templatesPerRecord?: number;
  workers?: number;
  classifyModel?: string;
  minConfidence?: number;
  reviewer?: string;
  autoApproveAbove?: number;
  reviewPending: string;
  alignRatio?: number;
  formats?: string;
  llm?: string;
  from?: string;
  until?: string;
  only?: string;
}

function parseUnit(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`${flag} must be a number from 0 to 1 (got "${value}")`);
    return n;
  };
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError(`--seed must be an integer from 0 to 4294967295 (got "${value}")`);
  return n;
}

function parseStage(flag: string, value: string | undefined): StageName | undefined {
  if (value === undefined) return undefined;
  if (!(STAGE_NAMES as readonly string[]).includes(value)) throw new WardenError('W_USAGE', `${flag} must name a stage: ${STAGE_NAMES.join(', ')} (got "${value}")`);
  return value as StageName;
}

function parseLlmStages(value: string | undefined): LlmStage[] | undefined {
  if (value === undefined) return undefined;
  const names = splitList(value);
  if (names.length === 1 && names[0] === 'all') return [...LLM_STAGES];
  const bad = names.filter((n) => !(LLM_STAGES as readonly string[]).includes(n));
  if (!names.length || bad.length) throw new WardenError('W_USAGE', `--llm takes a comma-separated list of ${LLM_STAGES.join(', ')} or all (got "${value}")`);
  return names as LlmStage[];
}

function parseDate(value: string): Date {
  const time = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+Z?)?$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new WardenError('W_USAGE', `--since must be a date like 2024-01-01 (got "${value}")`);
  return new Date(time);
}

/**
 * The stage table and what to do next, for people.
 *
 * @example
 * process.stdout.write(renderRun(await runInstructPipeline(options)));
 */
export function renderRun(result: PipelineResult): string {
  const lines = ['STAGE      STATUS    SECONDS  WHY / COUNTS'];
  for (const s of result.stages) {
    lines.push(`${s.stage.padEnd(9)}  ${s.status.padEnd(8)}  ${s.seconds.toFixed(2).padStart(7)}  ${s.reason}${s.summary ? `: ${s.summary}` : ''}`);
  }
  if (result.status === 'waiting-for-review') {
    lines.push(`${result.pending} pairs await review: run \`${result.reviewCommand}\` then re-run this command (or pass --review-pending approve|reject)`);
  } else if (result.status === 'complete') {
    lines.push(`dataset with its card: ${result.dataset}/README.md`);
  } else {
    lines.push('stopped as asked (--until/--only); re-run without them to go on');
  }
  lines.push(`manifest: ${result.manifest}`);
  return lines.join('\n') + '\n';
}

/** `warden instruct run`: the seven stages as one resumable command. */
export function instructRunCommand(): Command {
  const command = new Command('run')
    .summary('run collect → filter → structure → classify → review → align → assemble as one resumable pipeline')
    .description(
      'Runs every instruct stage into one folder (--out): records.jsonl, relevant.jsonl + rejected.jsonl, pairs.jsonl, ' +
        'classified.jsonl, reviewed.jsonl, aligned.jsonl and dataset/ (with its README.md card), the store instruct.db and ' +
        'pipeline.json, which records per stage its status, input and output sha256, options and hash, times and report.\n\n' +
        'Re-running the same command skips every stage whose record still holds (same input bytes, same options, outputs ' +
        'unchanged on disk) and resumes at the first one that does not; changing an option re-runs that stage, and its new ' +
        'output re-runs the stages after it. Stages write their outputs atomically, so a run killed mid-stage leaves no ' +
        'partial file and that stage runs again. --from STAGE forces a stage and the later ones, --until STAGE stops after ' +
        'one, --only STAGE runs just one (its input must exist).\n\n' +
        'Review: pairs are loaded into the store and those with metadata.score above --auto-approve-above are approved. ' +
        'While pairs are still pending, --review-pending decides: wait (default) stops after review with exit 0 and prints ' +
        'the `warden instruct review` command to decide them in the terminal; re-running this command then picks the ' +
        'decisions up from the store (review is re-checked on every run). approve approves every pending pair (recorded ' +
        'as reviewer auto); reject builds the dataset from the approved pairs only and leaves the rest pending. The default ' +
        'is wait because review is the human check: a dataset is never built silently from unreviewed pairs.\n\n' +
        'Collect reads --offline DIR, or with --since the sources\' APIs: NVD (NVD_API_KEY optional), arXiv, CISA KEV, and ' +
        'GitHub advisories and OpenCVE when GITHUB_TOKEN or OPENCVE_USERNAME/OPENCVE_PASSWORD are set (--sources picks); ' +
        'with neither it takes OUT/records.jsonl as written by `warden instruct collect --out OUT` (for URLs or page ' +
        'limits of your own), recorded by hash like any output.\n\n' +
        'Everything works offline without an LLM; --llm STAGES switches on the LLM configured in the environment for ' +
        'filter (judge), structure (rewrite), classify and align. Exit 0 when complete, stopped or waiting for review; 2 ' +
        'on an error (the message names the stage and file).',
    )
    .option('-o, --out <dir>', 'run folder for every output and pipeline.json', 'instruct-out')
    .option('--offline <dir>', 'snapshot folder for collect (else --since for online collection, else OUT/records.jsonl from `warden instruct collect`)')
    .option('--sources <list>', `collect sources: ${OFFLINE_SOURCES.join(',')} (default all found)`)
    .option('--since <date>', 'collect records modified on or after this date')
    .option('--db <url>', 'store for collect and review: sqlite:PATH or postgres://... (default sqlite:OUT/instruct.db)')
    .option('--filter-model <dir>', 'relevance classifier (default the bundled one)')
    .option('--filter-threshold <x>', 'relevance threshold, 0 to 1', parseUnit('--filter-threshold'))
    .option('--seed <n>', 'seed for structure, align and assemble (default 42)', parseSeed)
    .option('--templates-per-record <n>', 'structure: templates per record (default 2)', parseIntFlag('--templates-per-record'))
    .option('-w, --workers <n>', 'structure: worker threads (same output for any number)', parseIntFlag('--workers'))
    .option('--classify-model <dir>', 'domain classifier (default the bundled one)')
    .option('--min-confidence <x>', 'classify: smallest domain confidence kept, 0 to 1', parseUnit('--min-confidence'))
    .option('--reviewer <id>', 'reviewer id recorded for automatic approvals', 'auto')
    .option('--auto-approve-above <score>', 'review: approve pairs whose metadata.score is above this, 0 to 1', parseUnit('--auto-approve-above'))
    .option('--review-pending <policy>', `pairs still pending after review: ${REVIEW_PENDING_POLICIES.join(', ')}`, 'wait')
    .option('--align-ratio <x>', 'share of the aligned output that is security-aligned examples (default 0.2)', parseUnit('--align-ratio'))
    .option('--formats <list>', 'assemble export formats (default all: jsonl,chat,sharegpt,parquet,hf)')
    .option('--llm <stages>', `use the configured LLM in these stages: ${LLM_STAGES.join(',')} or all`)
    .option('--from <stage>', `re-run this stage and every later one: ${STAGE_NAMES.join(', ')}`)
    .option('--until <stage>', 'stop after this stage')
    .option('--only <stage>', 'run only this stage');
  addGlobalFlags(command);
  examples(command, [
    'warden instruct run --offline data/instruct/sources --out run1',
    'warden instruct run --offline data/instruct/sources --out run1 --auto-approve-above 0.6 --review-pending reject',
    'warden instruct review --db sqlite:run1/instruct.db -i run1/classified.jsonl -o run1/reviewed.jsonl   # then re-run the first command',
    'warden instruct run --offline data/instruct/sources --out run1 --seed 7            # re-runs structure and what follows',
    'warden instruct run --offline data/instruct/sources --out run1 --from classify --until review',
    'warden instruct run --offline ~/snapshots --out run2 --only assemble --formats jsonl,hf --json',
    'WARDEN_LLM_BASE_URL=http://localhost:11434/v1 WARDEN_LLM_MODEL=llama3.1 warden instruct run --offline data/instruct/sources --out run3 --llm filter,classify',
  ]);
  command.addHelpText('after', llmHelpEpilogue());
  return command.action(async function instructRunAction(flags: RunFlags) {
    const options: InstructPipelineOptions = {
      out: flags.out,
      ...(flags.offline ? { offline: flags.offline } : {}),
      ...(flags.sources ? { sources: splitList(flags.sources) } : {}),
      ...(flags.since ? { since: parseDate(flags.since) } : {}),
      ...(flags.db ? { db: flags.db } : {}),
      ...(flags.filterModel ? { filterModel: flags.filterModel } : {}),
      ...(flags.filterThreshold !== undefined ? { filterThreshold: flags.filterThreshold } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.templatesPerRecord !== undefined ? { templatesPerRecord: flags.templatesPerRecord } : {}),
      ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
      ...(flags.classifyModel ? { classifyModel: flags.classifyModel } : {}),
      ...(flags.minConfidence !== undefined ? { minConfidence: flags.minConfidence } : {}),
      ...(flags.reviewer ? { reviewer: flags.reviewer } : {}),
      ...(flags.autoApproveAbove !== undefined ? { autoApproveAbove: flags.autoApproveAbove } : {}),
      reviewPending: flags.reviewPending as ReviewPendingPolicy,
      ...(flags.alignRatio !== undefined ? { alignRatio: flags.alignRatio } : {}),
      ...(flags.formats ? { formats: splitList(flags.formats) } : {}),
      ...(flags.llm ? { llmStages: parseLlmStages(flags.llm)! } : {}),
      ...(flags.from ? { from: parseStage('--from', flags.from)! } : {}),
      ...(flags.until ? { until: parseStage('--until', flags.until)! } : {}),
      ...(flags.only ? { only: parseStage('--only', flags.only)! } : {}),
      ...(flags.quiet ? {} : { progress: (line: string) => process.stderr.write(`${line}\n`) }),
    };
    const result = await runInstructPipeline(options);
    if (flags.json) process.stdout.write(JSON.stringify(result) + '\n');
    else if (!flags.quiet) process.stdout.write(renderRun(result));
    // --quiet keeps warnings: the run did not finish, and this says why.
    else if (result.status === 'waiting-for-review') process.stderr.write(`${result.pending} pairs await review: run \`${result.reviewCommand}\` then re-run\n`);
  });
}
