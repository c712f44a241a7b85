import { Command, Option } from 'commander';
import type { FilterRunOptions } from '../../apps/filter/config.js';
import { FILTER_DEFAULTS } from '../../apps/filter/config.js';
import { FILTER_NAMES, LLM_ERROR_POLICIES, type FilterName, type LlmErrorPolicy } from '../../apps/filter/judgment.js';
import type { Confusion, FilterReport } from '../../apps/filter/report.js';
import { rethreshold } from '../../apps/filter/rethreshold.js';
import { runFilter } from '../../apps/filter/run.js';
import { WardenError } from '../../core/errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../pipeline/spec.js';
import { formatStatsTable } from '../../pipeline/stats.js';
import { addGlobalFlags, collect, examples, loggerFor, parseIntFlag, splitList, type GlobalFlags } from '../common.js';
import { addExecutorFlags, executorFromFlags, type ExecutorFlags } from '../executor.js';

interface FilterFlags extends GlobalFlags, ExecutorFlags {
  input?: string[];
  splits?: string[];
  output?: string;
  filters?: string[];
  blocklist?: string;
  minDistinctTerms: number;
  wordBoundaries?: boolean;
  classifier?: string;
  classifierLabel?: string;
  threshold: number;
  chunkTokens: number;
  llmEndpoint?: string;
  llmModel?: string;
  llmPrompt?: string;
  llmConcurrency?: number;
  llmMaxRetries?: number;
  llmTimeoutMs?: number;
  llmCache?: string;
  llmApiKeyEnv?: string;
  onLlmError: LlmErrorPolicy;
  saveEvery: number;
  logJudgments?: string | boolean;
  workers?: number;
  labelField?: string;
  resume?: boolean;
  force?: boolean;
  outputFormat?: OutputFormat;
  textField?: string;
  idField?: string;
  onError?: 'fail' | 'skip';
  progress?: boolean;
}

function fraction(name: string, { allowZero }: { allowZero: boolean }) {
  return (value: string): number => {
    const x = Number(value);
    const ok = Number.isFinite(x) && x <= 1 && (allowZero ? x >= 0 : x > 0);
    if (!ok) throw new WardenError('W_USAGE', `${name} must be a number in ${allowZero ? '[0, 1]' : '(0, 1]'} (got "${value}")`);
    return x;
  };
}

function nonNegativeInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new WardenError('W_USAGE', `${name} must be a non-negative integer (got "${value}")`);
    return n;
  };
}

/** `--log-judgments` alone logs every judgment; with N, the first N. */
function judgmentLimit(value: string | boolean | undefined): number | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return Number.POSITIVE_INFINITY;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new WardenError('W_USAGE', `--log-judgments takes a positive number of rows (got "${value}")`);
  return n;
}

function filterNames(list: string[]): FilterName[] {
  for (const name of list) {
    if (!(FILTER_NAMES as readonly string[]).includes(name)) throw new WardenError('W_USAGE', `unknown filter "${name}" in --filters (known: ${FILTER_NAMES.join(', ')})`);
  }
  return list as FilterName[];
}

/** Without --filters: the stages whose inputs are given, in cascade order. */
function impliedFilters(flags: FilterFlags): FilterName[] {
  const filters: FilterName[] = [];
  if (flags.blocklist) filters.push('blocklist');
  if (flags.classifier) filters.push('classifier');
  if (flags.llmEndpoint) filters.push('llm');
  if (filters.length === 0) throw new WardenError('W_USAGE', 'nothing to filter with: give --blocklist and/or --classifier (or --filters)');
  return filters;
}

function runSubcommand(): Command {
  const command = new Command('run')
    .summary('filter a corpus through the blocklist → classifier → LLM-judge cascade (resumable)')
    .description(
      'Runs the hazard-filter cascade over JSONL/Parquet/Arrow/CSV files, folders, globs or a Hugging Face save_to_disk folder. ' +
        'Each stage judges only what the stage before it escalated: the blocklist escalates a record with at least --min-distinct-terms ' +
        'distinct terms; the classifier scores every --chunk-tokens chunk of an escalated record and escalates when the max chunk score ' +
        'reaches --threshold; the optional LLM judge answers 0/1. A record is removed when the last stage escalates it.\n\n' +
        'The run directory (--output) holds output/ (kept records, input format unless --output-format), removed/ (same format), ' +
        'judgments/*.parquet (id, split, per-stage verdicts, scores, matched terms, timings), report.json, report.html and, with ' +
        '--log-judgments, judgments.csv. Every --save-every fraction of the input is one checkpoint; running the same command again ' +
        'resumes after a crash or Ctrl-C, a different configuration is refused (W_RUN_MISMATCH) unless --force.\n\n' +
        'Tokens are approximated as 4 characters (chunks are cut at whitespace); see `warden filter rethreshold` to move the threshold later.\n\n' +
        'Exit codes: 0 the run finished (removed records are a result, not a failure), 2 usage, input or run error.',
    )
    .option('-i, --input <path>', 'input file, folder, quoted glob or HF dataset folder (repeatable)', collect)
    .option('--splits <list>', 'DatasetDict splits to read, comma-separated', splitList)
    .option('-o, --output <dir>', 'run directory')
    .option('--filters <list>', `cascade stages in order, comma-separated: ${FILTER_NAMES.join(',')} (default: those whose flags are given, in that order)`, splitList)
    .option('--blocklist <file>', 'term list, one term per line (# comments), matched case-insensitively')
    .option('--min-distinct-terms <n>', 'distinct blocklist terms that escalate a record', parseIntFlag('--min-distinct-terms'), FILTER_DEFAULTS.minDistinctTerms)
    .option('--word-boundaries', 'blocklist terms match whole words only')
    .option('--classifier <dir>', 'model directory written by `warden train classifier`')
    .option('--classifier-label <label>', 'model label whose probability is the hazard score (default: hazard/hazardous/unsafe/1, or the non-benign label of a 2-label model)')
    .option('--threshold <p>', 'escalate when the max chunk score reaches this', fraction('--threshold', { allowZero: true }), FILTER_DEFAULTS.threshold)
    .option('--chunk-tokens <n>', 'classifier chunk size in tokens (≈ 4 characters each)', parseIntFlag('--chunk-tokens'), FILTER_DEFAULTS.chunkTokens)
    .option('--llm-endpoint <url>', 'OpenAI-compatible base URL of the LLM judge, e.g. http://127.0.0.1:8000/v1')
    .option('--llm-model <name>', 'model name sent to the LLM judge')
    .option('--llm-prompt <file>', 'prompt template with {{text}} (default: the built-in one)')
    .option('--llm-concurrency <n>', 'LLM requests in flight per worker (default 8)', parseIntFlag('--llm-concurrency'))
    .option('--llm-max-retries <n>', 'retries with backoff on 429/5xx/timeouts (default 4)', nonNegativeInt('--llm-max-retries'))
    .option('--llm-timeout-ms <ms>', 'timeout per LLM request (default 60000)', parseIntFlag('--llm-timeout-ms'))
    .option('--llm-cache <url>', 'response cache: sqlite:PATH, postgres://... or off (default: sqlite in the run directory)')
    .option('--llm-api-key-env <name>', 'environment variable holding the API key (default OPENAI_API_KEY)')
    .addOption(new Option('--on-llm-error <policy>', 'no verdict after retries: flag (remove), pass (keep) or fail (the record fails; see --on-error)').choices([...LLM_ERROR_POLICIES]).default(FILTER_DEFAULTS.onLlmError))
    .option('--save-every <fraction>', 'checkpoint every this fraction of the input bytes (0.001 = every 0.1 %)', fraction('--save-every', { allowZero: false }), FILTER_DEFAULTS.saveEvery)
    .option('--log-judgments [n]', 'also write the first N judgments (all without N) to judgments.csv')
    .option('-w, --workers <n>', 'worker threads (default: number of cores)', parseIntFlag('--workers'))
    .option('--label-field <name>', 'ground-truth field (hazard/benign, 1/0, true/false): precision, recall and confusion per stage')
    .option('--resume', 'resume the run in --output (re-running the same command does this too); fails if there is none')
    .option('--force', 'delete an earlier run in --output and start over')
    .addOption(new Option('--output-format <format>', 'format of kept and removed shards (default: the input format)').choices([...OUTPUT_FORMATS]))
    .option('--text-field <name>', 'field holding the text (default: text)')
    .option('--id-field <name>', 'field holding the id; derived as <file>#<row> when absent (default: id)')
    .addOption(new Option('--on-error <mode>', 'bad rows: fail (exit 2) or skip (to rejects/)').choices(['fail', 'skip']))
    .option('--no-progress', 'never draw a progress bar');
  addExecutorFlags(command);
  addGlobalFlags(command);
  examples(command, [
    'warden filter run --input corpus/ --output out/filter --blocklist terms.txt --classifier models/hazard --threshold 0.5',
    'warden filter run --input data/hf_dataset --splits train,validation --output out/f --blocklist terms.txt --classifier models/hazard --save-every 0.001',
    'warden filter run --input data/demo/filter/corpus.jsonl --output out/demo-filter --blocklist data/demo/filter/terms.txt --classifier models/demo-filter --label-field label --log-judgments 100',
    'warden filter run --input "shards/*.jsonl.zst" --output out/f --filters blocklist,classifier,llm --blocklist terms.txt --classifier models/hazard ' +
      '--llm-endpoint http://127.0.0.1:8000/v1 --llm-model qwen2.5-7b-instruct --on-llm-error flag --workers 8',
    'warden filter run --input corpus/ --output out/filter --blocklist terms.txt --classifier models/hazard --resume',
    'warden filter run --input /shared/corpus --output /shared/out/f --blocklist terms.txt --classifier models/hazard --executor bullmq --redis redis://10.0.0.5:6379   # shards run by `warden worker` processes',
  ]);
  return command.action(async function filterRunAction(flags: FilterFlags) {
    if (!flags.input?.length) throw new WardenError('W_USAGE', '--input is required');
    if (!flags.output) throw new WardenError('W_USAGE', '--output is required');
    const llmGiven = flags.llmEndpoint || flags.llmModel || flags.llmPrompt;
    const options: FilterRunOptions = {
      input: flags.input,
      splits: flags.splits,
      output: flags.output,
      filters: flags.filters ? filterNames(flags.filters) : impliedFilters(flags),
      blocklist: flags.blocklist,
      minDistinctTerms: flags.minDistinctTerms,
      wordBoundaries: flags.wordBoundaries ?? false,
      classifier: flags.classifier,
      classifierLabel: flags.classifierLabel,
      threshold: flags.threshold,
      chunkTokens: flags.chunkTokens,
      llm: llmGiven
        ? {
            endpoint: flags.llmEndpoint,
            model: flags.llmModel,
            promptFile: flags.llmPrompt,
            concurrency: flags.llmConcurrency,
            maxRetries: flags.llmMaxRetries,
            timeoutMs: flags.llmTimeoutMs,
            cache: flags.llmCache,
            apiKeyEnv: flags.llmApiKeyEnv,
          }
        : undefined,
      onLlmError: flags.onLlmError,
      saveEvery: flags.saveEvery,
      workers: flags.workers,
      labelField: flags.labelField,
      outputFormat: flags.outputFormat,
      textField: flags.textField,
      idField: flags.idField,
      onError: flags.onError,
    };
    const log = loggerFor(flags);
    const result = await runFilter(options, {
      resume: flags.resume ?? false,
      force: flags.force ?? false,
      logJudgments: judgmentLimit(flags.logJudgments),
      executor: executorFromFlags(flags, flags.workers, log),
      log,
      ...(flags.progress === false || flags.json ? { progress: false } : {}),
    });
    if (flags.json) {
      process.stdout.write(JSON.stringify({ run_dir: result.runDir, shards: result.manifest.shards, ran: result.ran, resumed: result.skipped, report: result.report }) + '\n');
      return;
    }
    process.stdout.write(`${formatStatsTable(result.stats)}\n\n${summaryLines(result.report).join('\n')}\n`);
    process.stdout.write(
      `run: ${result.runDir} (${result.manifest.shards} shards, ${result.ran} run now, ${result.skipped} resumed)\n` +
        `kept: ${result.paths.keptDir}  removed: ${result.paths.removedDir}  judgments: ${result.paths.judgmentsDir}\n` +
        `report: ${result.paths.reportHtml}${flags.logJudgments ? `  csv: ${result.paths.judgmentsCsv}` : ''}\n`,
    );
  });
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const f3 = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

function confusionLine(name: string, c: Confusion): string {
  return `  ${name.padEnd(16)} precision ${f3(c.precision)}  recall ${f3(c.recall)}  F1 ${f3(c.f1)}  (TP ${c.tp}, FP ${c.fp}, FN ${c.fn}, TN ${c.tn})`;
}

/**
 * The human summary of a report: totals, the cascade, and metrics when labelled.
 *
 * @example
 * process.stdout.write(summaryLines(result.report).join('\n') + '\n');
 */
export function summaryLines(report: FilterReport): string[] {
  const t = report.totals;
  const lines = [`${t.records} records: kept ${t.kept}, removed ${t.removed} (${pct(t.removed_rate)})${t.rejects ? `, ${t.rejects} rejected` : ''}${report.threshold !== undefined ? ` at threshold ${report.threshold}` : ''}`];
  for (const s of report.stages) {
    lines.push(`  ${s.name.padEnd(16)} judged ${s.judged}, escalated ${s.escalated} (${pct(s.escalation_rate)})${s.unjudged ? `, ${s.unjudged} never judged (counted as escalated)` : ''}`);
  }
  if (report.labels) {
    lines.push(`against "${report.labels.field}" (${report.labels.labelled} labelled, ${report.labels.positives} hazardous), the cascade up to each stage:`);
    for (const s of report.labels.stages) lines.push(confusionLine(s.name, s.cascade));
  }
  if (report.llm) {
    const l = report.llm;
    lines.push(`llm judge: ${l.judged} judged, ${l.flagged} hazardous, ${l.passed} benign, ${l.cached} cached; no verdict: ${l.errors.flag} flagged, ${l.errors.pass} passed, ${l.errors.fail} failed`);
  }
  return lines;
}

function rethresholdSubcommand(): Command {
  const command = new Command('rethreshold')
    .summary('recompute a filter run\'s decisions with another classifier threshold, without rescoring')
    .description(
      'Reads the judgments of a finished `warden filter run` and decides again with `classifier max chunk score >= --threshold`. ' +
        'Nothing is rescored and the run is not changed: RUN_DIR/rethreshold/threshold-T/ gets report.json, report.html, kept-ids.jsonl ' +
        'and removed-ids.jsonl, written atomically. When an LLM judge follows the classifier, records a lower threshold newly sends to it ' +
        'were never judged: they count as removed and are reported as unjudged.\n\nExit codes: 0 done, 2 usage or run error.',
    )
    .argument('<run-dir>', 'run directory of a finished `warden filter run`')
    .requiredOption('--threshold <p>', 'new classifier threshold in [0, 1]', fraction('--threshold', { allowZero: true }));
  addGlobalFlags(command);
  examples(command, ['warden filter rethreshold out/filter --threshold 0.8', 'warden filter rethreshold out/filter --threshold 0.3 --json']);
  return command.action(async function rethresholdAction(runDir: string, flags: GlobalFlags & { threshold: number }) {
    const result = await rethreshold(runDir, flags.threshold);
    if (flags.json) {
      process.stdout.write(JSON.stringify({ dir: result.dir, before: result.before, report: result.report }) + '\n');
      return;
    }
    process.stdout.write(
      `threshold ${result.before.threshold} → ${flags.threshold}: removed ${result.before.removed} → ${result.report.totals.removed}\n` +
        `${summaryLines(result.report).join('\n')}\n` +
        `written to ${result.dir} (report.html, report.json, kept-ids.jsonl, removed-ids.jsonl)\n`,
    );
  });
}

/**
 * `warden filter`: the pretraining-corpus hazard filter (`run`, `rethreshold`).
 *
 * @example
 * program.addCommand(filterCommand());
 */
export function filterCommand(): Command {
  return new Command('filter')
    .summary('filter hazardous documents out of a pretraining corpus (blocklist → classifier → LLM judge)')
    .addCommand(runSubcommand())
    .addCommand(rethresholdSubcommand());
}
