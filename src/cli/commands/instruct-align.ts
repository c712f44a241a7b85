import { Command, InvalidArgumentError } from 'commander';
import { ALIGN_DEFAULTS, alignFile, type AlignReport } from '../../apps/instruct/align/index.js';
import { WardenError } from '../../core/errors.js';
import { llmHelpEpilogue, requireLlm } from '../../llm/index.js';
import { addGlobalFlags, examples, type GlobalFlags } from '../common.js';

interface AlignFlags extends GlobalFlags {
  input?: string;
  out?: string;
  ratio: number;
  seed: number;
  withLlm?: boolean;
  db?: string;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError(`--seed must be an integer from 0 to 4294967295 (got "${value}")`);
  return n;
}

function parseRatio(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1) throw new InvalidArgumentError(`--ratio must be a number from 0 up to (not including) 1, the aligned share of the output (got "${value}")`);
  return n;
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `    ${key.padEnd(40)} ${n}`)
    .join('\n');
}

function formatReport(r: AlignReport): string {
  return [
    `aligned ${r.input} pairs + ${r.generated} generated -> ${r.out} (${r.output} pairs, ${(100 * r.alignedShare).toFixed(1)}% aligned; ratio ${r.ratio}, seed ${r.seed})`,
    ...(r.alreadyAligned > 0 ? [`  ${r.alreadyAligned} input pairs were already aligned`] : []),
    ...(r.llm ? [`  LLM paraphrase: ${Object.entries(r.llm).map(([k, n]) => `${k} ${n}`).join(', ')}`] : []),
    '  generated per category:',
    formatCounts(r.byCategory),
    '  per type:',
    formatCounts(r.byType),
    '  per risk flag:',
    formatCounts(r.byRiskFlag),
    '  per template:',
    formatCounts(r.byTemplate),
    '',
  ].join('\n');
}

/** `warden instruct align`: pair JSONL in, the same pairs plus security-aligned examples out. */
export function instructAlignCommand(): Command {
  const command = new Command('align')
    .summary('add security-aligned examples: refusals with safe alternatives, and defensive guidance')
    .description(
      'Reads instruction-pair JSONL (usually reviewed.jsonl from `warden instruct review`) and writes every pair unchanged, ' +
        'followed by generated security-aligned pairs, so that aligned pairs are --ratio of the output ' +
        '(N input pairs get round(N x ratio / (1 - ratio)) new ones: 945 at 0.2 get 236). Five categories take turns ' +
        '(phishing, malware, social-engineering, data-handling, prompt-injection); in each, three pairs in five are ' +
        'refusals (a harmful request declined briefly with the reason, then safe and useful alternatives such as awareness ' +
        'material, detection outlines, reporting, or handling under GDPR, HIPAA, PCI DSS) and two give defensive guidance. ' +
        'Prompt-injection pairs embed an injected instruction in content; the answer declines it and still does the task. ' +
        'Each pair has metadata {source: "align", kind: "alignment", category, type, risk_flags, template, aligned: true, seed}; ' +
        'the same --seed gives the same pairs. No pair contains working malicious content: organisations are fictional, ' +
        'addresses are example.com and documentation IP ranges. With --with-llm the generated answers are paraphrased ' +
        'by the configured LLM through the batch layer (tracked in --db, so a re-run resumes); a paraphrase that no longer ' +
        'refuses, contains a live address, or is empty or far longer is rejected and the template answer kept (counted). ' +
        'Input pairs already aligned count toward the ratio, so running align on its own output adds nothing. The output ' +
        'appears atomically; the input is only read.',
    )
    .option('-i, --input <file>', 'instruction-pair JSONL to read')
    .option('-o, --out <file>', 'pair JSONL to write (replaced atomically)')
    .option('--ratio <r>', 'aligned share of the output, 0 <= r < 1', parseRatio, ALIGN_DEFAULTS.ratio)
    .option('--seed <n>', 'seed for templates and slot values (0 to 4294967295)', parseSeed, ALIGN_DEFAULTS.seed)
    .option('--with-llm', 'paraphrase generated answers with the LLM configured in the environment (see below); refusal-checked')
    .option('--db <url>', 'store for the LLM batch run: sqlite:PATH or postgres://... (default sqlite:<folder of --out>/instruct.db)');
  addGlobalFlags(command);
  examples(command, [
    'warden instruct align -i out/reviewed.jsonl -o out/aligned.jsonl',
    'warden instruct align -i reviewed.jsonl -o aligned.jsonl --ratio 0.1 --seed 7 --json | jq .byCategory',
    'WARDEN_LLM_BASE_URL=http://localhost:11434/v1 WARDEN_LLM_MODEL=llama3.1 warden instruct align -i reviewed.jsonl -o aligned.jsonl --with-llm',
  ]);
  command.addHelpText('after', llmHelpEpilogue());
  command.action(async function alignAction(flags: AlignFlags) {
    if (!flags.input) throw new WardenError('W_USAGE', 'give --input with an instruction-pair JSONL file (from `warden instruct review` or `structure`)');
    if (!flags.out) throw new WardenError('W_USAGE', 'give --out with the pair JSONL file to write');
    if (flags.db && !flags.withLlm) throw new WardenError('W_USAGE', '--db is only used with --with-llm');
    const llm = flags.withLlm ? requireLlm('warden instruct align --with-llm') : undefined;
    let report;
    try {
      report = await alignFile(flags.input, flags.out, { ratio: flags.ratio, seed: flags.seed, ...(llm ? { llm } : {}), ...(flags.db ? { db: flags.db } : {}) });
    } finally {
      await llm?.close();
    }
    if (!flags.quiet || flags.json) process.stdout.write(flags.json ? JSON.stringify(report) + '\n' : formatReport(report));
  });
  return command;
}
