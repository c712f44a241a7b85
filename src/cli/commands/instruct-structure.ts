import { Command, InvalidArgumentError } from 'commander';
import { STRUCTURE_DEFAULTS, structureFile, type StructureReport } from '../../apps/instruct/structure/index.js';
import { WardenError } from '../../core/errors.js';
import { llmHelpEpilogue, requireLlm } from '../../llm/index.js';
import { addGlobalFlags, examples, parseIntFlag, type GlobalFlags } from '../common.js';

interface StructureFlags extends GlobalFlags {
  input?: string;
  out?: string;
  seed: number;
  templatesPerRecord: number;
  rewriteWithLlm?: boolean;
  workers: number;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError(`--seed must be an integer from 0 to 4294967295 (got "${value}")`);
  return n;
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `    ${key.padEnd(30)} ${n}`)
    .join('\n');
}

function formatReport(r: StructureReport): string {
  return [
    `structured ${r.records} records into ${r.pairs} pairs -> ${r.out} (seed ${r.seed}, up to ${r.templatesPerRecord} per record)`,
    `  no eligible template: ${r.noTemplate}   duplicate ids skipped: ${r.duplicates}   ungrounded pairs dropped: ${r.ungrounded}`,
    `  ${r.seconds.toFixed(2)} s, ${r.recordsPerSecond} records/s`,
    ...(r.rewrite ? [`  LLM rewrite: ${Object.entries(r.rewrite).map(([k, n]) => `${k} ${n}`).join(', ') || 'no pairs'}`] : []),
    '  records per kind:',
    formatCounts(r.byKind),
    '  pairs per template:',
    formatCounts(r.byTemplate),
    '',
  ].join('\n');
}

/** `warden instruct structure`: SourceRecord JSONL in, grounded instruction/response pair JSONL out. */
export function instructStructureCommand(): Command {
  const command = new Command('structure')
    .summary('turn collected source records into instruction/response pairs, grounded in the source fields')
    .description(
      'Reads SourceRecord JSONL (one record per line, as `warden instruct collect` exports it) and writes one ' +
        'instruction/response pair per chosen template: {id, instruction, response, metadata: {source, kind, ' +
        'source_ids, template, seed}}. Each record kind (vulnerability, technique, attack-pattern, weakness, paper, ' +
        'advisory, kev-entry) has 3 to 5 templates in different styles (explain, assess severity, map to weaknesses or ' +
        'tactics, detection and mitigation, executive summary, facts); a template is eligible only when the record has ' +
        'every field it reads, and the templates for a record are chosen from --seed and the record id, so re-runs and ' +
        'reordered inputs give the same pairs. Responses copy the record fields (descriptions trimmed at sentence ' +
        'boundaries) and never add a score, id, product or date; every pair is checked (CVE, CWE, CAPEC and ATT&CK ids ' +
        'and CVSS scores must appear in its record) and a failing one is dropped and counted. Withdrawn ("Rejected") ' +
        'CVEs and records with no usable field give no pairs. The output appears atomically when complete; the input ' +
        'is only read. With --workers N, N threads validate and template the records the main thread reads; the output ' +
        'is the same for any N. With --rewrite-with-llm each response is rewritten as ' +
        'natural prose by the configured LLM; the grounded response is kept as metadata.reference, and a rewrite that ' +
        'states an id or score absent from the record (or is empty or far longer) is rejected, keeping the reference.',
    )
    .option('-i, --input <file>', 'SourceRecord JSONL to read')
    .option('-o, --out <file>', 'pair JSONL to write (replaced atomically)')
    .option('--seed <n>', 'seed for template choice (0 to 4294967295)', parseSeed, STRUCTURE_DEFAULTS.seed)
    .option('-w, --workers <n>', 'worker threads templating records (1 = this thread)', parseIntFlag('--workers'), 1)
    .option('--rewrite-with-llm', 'rewrite responses with the LLM configured in the environment (see below); grounding-checked')
    .option('--templates-per-record <n>', 'distinct templates per record, 1 to 16 (fewer when fewer are eligible)', parseIntFlag('--templates-per-record'), STRUCTURE_DEFAULTS.templatesPerRecord);
  addGlobalFlags(command);
  examples(command, [
    'warden instruct structure --input out/records.jsonl --out out/pairs.jsonl',
    'warden instruct structure -i records.jsonl -o pairs.jsonl --seed 7 --templates-per-record 3 --workers 2',
    'warden instruct structure -i records.jsonl -o pairs.jsonl --json | jq .byTemplate',
    'WARDEN_LLM_BASE_URL=http://localhost:11434/v1 WARDEN_LLM_MODEL=llama3.1 warden instruct structure -i records.jsonl -o pairs.jsonl --rewrite-with-llm',
  ]);
  command.addHelpText('after', llmHelpEpilogue());
  command.action(async function structureAction(flags: StructureFlags) {
    if (!flags.input) throw new WardenError('W_USAGE', 'give --input with a SourceRecord JSONL file (from `warden instruct collect`)');
    if (!flags.out) throw new WardenError('W_USAGE', 'give --out with the pair JSONL file to write');
    const llm = flags.rewriteWithLlm ? requireLlm('warden instruct structure --rewrite-with-llm') : undefined;
    let report;
    try {
      report = await structureFile(flags.input, flags.out, { seed: flags.seed, templatesPerRecord: flags.templatesPerRecord, workers: flags.workers, ...(llm ? { rewrite: llm } : {}) });
    } finally {
      await llm?.close();
    }
    if (!flags.quiet || flags.json) process.stdout.write(flags.json ? JSON.stringify(report) + '\n' : formatReport(report));
  });
  return command;
}
