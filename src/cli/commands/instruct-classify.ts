import { Command, InvalidArgumentError } from 'commander';
import { classifyPairsFile, DEFAULT_MIN_CONFIDENCE, type ClassifyReport } from '../../apps/instruct/classify/index.js';
import { WardenError } from '../../core/errors.js';
import { llmHelpEpilogue, requireLlm } from '../../llm/index.js';
import { addGlobalFlags, examples, type GlobalFlags } from '../common.js';

interface ClassifyFlags extends GlobalFlags {
  input?: string;
  out?: string;
  records?: string;
  model?: string;
  minConfidence: number;
  llm?: boolean;
}

function parseConfidence(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`--min-confidence must be a number from 0 to 1 (got "${value}")`);
  return n;
}

function formatReport(r: ClassifyReport): string {
  const domains = Object.entries(r.byDomain)
    .map(([domain, n]) => `    ${domain.padEnd(30)} ${n}`)
    .join('\n');
  return [
    `classified ${r.pairs} pairs -> ${r.out} (min confidence ${r.minConfidence})`,
    `  no domain: ${r.unlabelled}   pairs whose source record was not found: ${r.missingRecords}`,
    `  pairs with evidence from facts ${r.bySource.facts}, keywords ${r.bySource.keywords}, classifier ${r.bySource.classifier}, LLM ${r.bySource.llm}`,
    ...(r.llm ? [`  LLM asked about unlabelled pairs: ${Object.entries(r.llm).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`] : []),
    `  ${r.seconds.toFixed(2)} s, ${r.pairsPerSecond} pairs/s`,
    '  pairs per domain:',
    domains,
    '',
  ].join('\n');
}

/** `warden instruct classify`: pair JSONL in, pairs with multi-label security domains out. */
export function instructClassifyCommand(): Command {
  const command = new Command('classify')
    .summary('label instruction pairs with security domains (multi-label, with confidence and reasons)')
    .description(
      'Reads instruction/response pair JSONL (from `warden instruct structure`) and labels each pair with the security ' +
        'domains it is about: malware, phishing, zero_day, iot_security, web_security, network_security, ' +
        'vulnerability_management, cloud_security, cryptography, identity_access_management, ics_security. Evidence comes ' +
        'from (1) the source record\'s facts, looked up by metadata.source_ids in --records: ATT&CK tactics, platforms and ' +
        'techniques (ATT&CK for ICS ids give ics_security), CWE ids, CVSS and KEV entries, product names; (2) whole-word ' +
        'keywords in the instruction and response; (3) the trained domain classifier (--model, default the shipped ' +
        'models/instruct-domains); (4) with --llm, the configured LLM for pairs nothing else labels. Confidences of ' +
        'independent reasons combine by noisy-OR into metadata.domain_scores; domains at or above --min-confidence go to ' +
        'metadata.domains (highest first), the reasons to metadata.domain_evidence (cwe:CWE-79, attack-tactic:..., ' +
        'keyword:..., classifier, llm), and metadata.score is the review score: the geometric mean of the record\'s ' +
        'relevance score (1 when unknown) and the top domain score. Output is written atomically in input order; the ' +
        'input is only read, and a re-run gives the same file.',
    )
    .option('-i, --input <file>', 'pair JSONL to read')
    .option('-o, --out <file>', 'classified pair JSONL to write (replaced atomically)')
    .option('--records <file>', 'SourceRecord JSONL (from `warden instruct collect` or filter) to read facts from')
    .option('--model <dir>', 'domain classifier directory (default: the shipped models/instruct-domains)')
    .option('--min-confidence <p>', 'lowest combined score a domain label needs, 0 to 1', parseConfidence, DEFAULT_MIN_CONFIDENCE)
    .option('--llm', 'ask the LLM configured in the environment (see below) about pairs with no confident domain');
  addGlobalFlags(command);
  examples(command, [
    'warden instruct classify -i out/pairs.jsonl -o out/classified.jsonl --records out/records.jsonl',
    'warden instruct classify -i pairs.jsonl -o classified.jsonl --min-confidence 0.7 --json | jq .byDomain',
    'WARDEN_LLM_BASE_URL=http://localhost:11434/v1 WARDEN_LLM_MODEL=llama3.1 warden instruct classify -i pairs.jsonl -o classified.jsonl --records records.jsonl --llm',
  ]);
  command.addHelpText('after', llmHelpEpilogue());
  command.action(async function classifyAction(flags: ClassifyFlags) {
    if (!flags.input) throw new WardenError('W_USAGE', 'give --input with a pair JSONL file (from `warden instruct structure`)');
    if (!flags.out) throw new WardenError('W_USAGE', 'give --out with the classified pair JSONL file to write');
    const llm = flags.llm ? requireLlm('warden instruct classify --llm') : undefined;
    let report;
    try {
      report = await classifyPairsFile(flags.input, flags.out, {
        minConfidence: flags.minConfidence,
        ...(flags.records ? { records: flags.records } : {}),
        ...(flags.model ? { model: flags.model } : {}),
        ...(llm ? { llm } : {}),
      });
    } finally {
      await llm?.close?.();
    }
    if (!flags.quiet || flags.json) process.stdout.write(flags.json ? JSON.stringify(report) + '\n' : formatReport(report));
  });
  return command;
}
