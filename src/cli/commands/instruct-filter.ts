import { basename, dirname, join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { FILTER_DEFAULTS, filterRecordsFile, type FilterReport, type LlmErrorPolicy } from '../../apps/instruct/filter/index.js';
import { WardenError } from '../../core/errors.js';
import { llmHelpEpilogue, requireLlm } from '../../llm/index.js';
import { addGlobalFlags, examples, type GlobalFlags } from '../common.js';

interface FilterFlags extends GlobalFlags {
  input?: string;
  out?: string;
  rejected?: string;
  model?: string;
  threshold: number;
  llmJudge?: boolean;
  db?: string;
  judgeBand: [number, number];
  llmErrors: LlmErrorPolicy;
}

function parseUnit(name: string) {
  return function parseUnitFlag(value: string): number {
    const x = Number(value);
    if (value.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1) throw new InvalidArgumentError(`${name} must be a number from 0 to 1 (got "${value}")`);
    return x;
  };
}

function parseBand(value: string): [number, number] {
  const parts = value.split(',');
  const [low, high] = parts.map(parseUnit('--judge-band'));
  if (parts.length !== 2 || low === undefined || high === undefined || low > high) throw new InvalidArgumentError(`--judge-band takes LOW,HIGH with LOW <= HIGH, e.g. 0.3,0.7 (got "${value}")`);
  return [low, high];
}

function parsePolicy(value: string): LlmErrorPolicy {
  if (value === 'classifier' || value === 'keep' || value === 'reject' || value === 'fail') return value;
  throw new InvalidArgumentError(`--llm-errors must be classifier, keep, reject or fail (got "${value}")`);
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `    ${key.padEnd(30)} ${n}`)
    .join('\n');
}

function formatReport(r: FilterReport): string {
  const llm = r.llm;
  return [
    `filtered ${r.records} records: kept ${r.kept} -> ${r.out}, rejected ${r.rejected}${r.rejectedOut ? ` -> ${r.rejectedOut}` : ''}`,
    `  model ${r.model}, threshold ${r.threshold}; decided by rules ${r.byDecider.rules}, classifier ${r.byDecider.classifier}, LLM ${r.byDecider.llm}`,
    ...(llm && r.band
      ? [`  LLM judge (scores ${r.band[0]}..${r.band[1]}): ${llm.judged} judged, ${llm.relevant} relevant, ${llm.irrelevant} not; errors: ${Object.entries(llm.errors).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`]
      : []),
    `  ${r.seconds.toFixed(2)} s, ${r.recordsPerSecond} records/s`,
    '  decisions per reason:',
    formatCounts(r.byReason),
    '',
  ].join('\n');
}

/** `warden instruct filter`: SourceRecord JSONL in, the security-relevant records out, each with why. */
export function instructFilterCommand(): Command {
  const command = new Command('filter')
    .summary('keep the security-relevant source records (rules, a trained classifier, optional LLM judge)')
    .description(
      'Reads SourceRecord JSONL (from `warden instruct collect`) and decides for each record whether it belongs in a ' +
        'cybersecurity instruction dataset. Rules decide the clear cases first: duplicates (same id, or same source and ' +
        'source id), empty or placeholder descriptions ("** RESERVED **", N/A), fewer than 4 words, withdrawn ("** REJECT **", ' +
        '"Rejected reason:") and disputed CVEs, non-English text, arXiv papers outside cs.CR that name no security topic ' +
        '(rejected), and cs.CR papers and entries of curated security catalogues (ATT&CK, CAPEC, CWE, KEV; kept). The rest ' +
        'is scored by a trained classifier (models/instruct-relevance; --model for another) and kept at or above --threshold. ' +
        'With --llm-judge, records scored inside --judge-band go to the configured LLM, whose verdict and reason decide; a ' +
        'failed judgement follows --llm-errors. The judge\'s requests go through the LLM batch layer, tracked in the store ' +
        '(--db), so a re-run after an interruption asks nothing already answered. Every record gets relevance: {keep, score, reasons, by}. Kept records go to ' +
        '--out, dropped ones to --rejected (default rejected.jsonl beside --out); both appear atomically when complete and ' +
        'the input is only read. Exit 0 whatever is dropped; 2 on an error (a bad input line is named as file:line).',
    )
    .option('-i, --input <file>', 'SourceRecord JSONL to read')
    .option('-o, --out <file>', 'JSONL of the kept records (replaced atomically)')
    .option('--rejected <file>', 'JSONL of the dropped records (default: rejected.jsonl beside --out)')
    .option('--model <dir>', 'relevance classifier directory (default: the shipped models/instruct-relevance)')
    .option('--threshold <x>', 'keep records the classifier scores at or above this (0 to 1)', parseUnit('--threshold'), FILTER_DEFAULTS.threshold)
    .option('--llm-judge', 'ask the LLM configured in the environment (see below) about records the classifier is unsure of')
    .option('--judge-band <low,high>', 'classifier scores sent to the LLM judge, inclusive', parseBand, [...FILTER_DEFAULTS.band] as [number, number])
    .option('--db <url>', 'store tracking the LLM judge\'s requests: sqlite:PATH or postgres://... (default sqlite:<folder of --out>/instruct.db)')
    .option('--llm-errors <policy>', 'a failed LLM judgement: classifier (keep its decision), keep, reject, or fail the run', parsePolicy, FILTER_DEFAULTS.llmErrorPolicy);
  addGlobalFlags(command);
  examples(command, [
    'warden instruct filter -i out/records.jsonl -o out/relevant.jsonl',
    'warden instruct filter -i records.jsonl -o relevant.jsonl --rejected dropped.jsonl --threshold 0.7',
    'warden instruct filter -i records.jsonl -o relevant.jsonl --json | jq .byReason',
    'WARDEN_LLM_BASE_URL=http://localhost:11434/v1 WARDEN_LLM_MODEL=llama3.1 warden instruct filter -i records.jsonl -o relevant.jsonl --llm-judge --judge-band 0.2,0.8',
  ]);
  command.addHelpText('after', llmHelpEpilogue());
  command.action(async function filterAction(flags: FilterFlags) {
    if (!flags.input) throw new WardenError('W_USAGE', 'give --input with a SourceRecord JSONL file (from `warden instruct collect`)');
    if (!flags.out) throw new WardenError('W_USAGE', 'give --out with the JSONL file to write the kept records to');
    const rejectedOut = flags.rejected ?? join(dirname(flags.out), basename(flags.out) === 'rejected.jsonl' ? 'rejected.dropped.jsonl' : 'rejected.jsonl');
    const llm = flags.llmJudge ? requireLlm('warden instruct filter --llm-judge') : undefined;
    let report;
    try {
      report = await filterRecordsFile(flags.input, flags.out, {
        rejectedOut,
        threshold: flags.threshold,
        band: flags.judgeBand,
        llmErrorPolicy: flags.llmErrors,
        ...(flags.model ? { model: flags.model } : {}),
        ...(llm ? { llm } : {}),
        ...(flags.db ? { db: flags.db } : {}),
      });
    } finally {
      await llm?.close?.();
    }
    if (!flags.quiet || flags.json) process.stdout.write(flags.json ? JSON.stringify(report) + '\n' : formatReport(report));
  });
  return command;
}
