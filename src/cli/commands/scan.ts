import { Command, Option } from 'commander';
import { writeFileAtomic } from '../../core/atomic.js';
import { WardenError } from '../../core/errors.js';
import { WARDEN_VERSION } from '../../core/version.js';
import { emptySummary, scanFiles, scanRecords, type ScannedText, type ScanSummary } from '../../apps/scan/index.js';
import { loadBlocklist } from '../../detect/blocklist/index.js';
import { selectDetectors } from '../../detect/detectors.js';
import { DETECTORS, SEVERITIES, type DetectorName, type Severity } from '../../detect/finding.js';
import { toSarif } from '../../detect/sarif.js';
import { TextClassifier } from '../../ml/classifier.js';
import { defaultPreclassifierDir } from '../../ml/preclassifier.js';
import { addGlobalFlags, examples, parseIntFlag, splitList, type GlobalFlags } from '../common.js';

interface ScanFlags extends GlobalFlags {
  detectors?: string[];
  blocklist?: string;
  blocklistThreshold?: number;
  wordBoundaries?: boolean;
  minSeverity?: Severity;
  format: 'text' | 'json' | 'jsonl' | 'sarif';
  output?: string;
  jsonl?: boolean;
  textField: string;
  idField: string;
  maxFileSize: number;
  timeBudgetMs: number;
  preclassifier: string | false;
}

export function scanCommand(): Command {
  const command = new Command('scan')
    .summary('scan files, folders, stdin or JSONL records for secrets, PII, dangerous commands, risky URLs, exfiltration')
    .description(
      'Scans every text with every selected detector over the text and its de-obfuscated and decoded views ' +
        '(zero-width and confusable characters, base64, hex, URL/HTML/unicode escapes, PowerShell -EncodedCommand, gzip). ' +
        'Offsets are always in the original text; matched values never appear in the output, only a masked preview and a salted hash.\n\n' +
        'Exit codes: 0 nothing found, 1 findings, 2 error.',
    )
    .argument('[paths...]', 'files or folders (recursive); - or nothing for stdin')
    .option('--detectors <list>', `comma-separated: ${DETECTORS.join(',')} (default: all but blocklist; blocklist is added when --blocklist is given)`, splitList)
    .option('--blocklist <file>', 'term list, one per line (# comments)')
    .option('--blocklist-threshold <n>', 'distinct blocklist terms needed to flag a text', parseIntFlag('--blocklist-threshold'), 2)
    .option('--word-boundaries', 'blocklist terms match whole words only')
    .addOption(new Option('--min-severity <level>', 'report only findings at or above this severity').choices([...SEVERITIES]))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'jsonl', 'sarif']).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--jsonl', 'inputs are JSONL (or Parquet/Arrow/CSV) records: scan the text field of each')
    .option('--text-field <name>', 'text field in --jsonl mode', 'text')
    .option('--id-field <name>', 'id field in --jsonl mode (derived when absent)', 'id')
    .option('--max-file-size <bytes>', 'skip (and report) files larger than this', parseIntFlag('--max-file-size'), 10 * 1024 * 1024)
    .option('--time-budget-ms <ms>', 'per-text time budget; work not done in time is reported', parseIntFlag('--time-budget-ms'), 2000)
    .option('--preclassifier <dir>', 'pre-classifier model that reads each command finding\'s context (default: the shipped models/preclassifier)')
    .option('--no-preclassifier', 'do not classify command findings as educational / command / text');
  addGlobalFlags(command);
  examples(command, [
    'warden scan response.txt',
    'cat answer.md | warden scan --detectors commands,secrets',
    'warden scan src/ --format sarif --output warden.sarif',
    'warden scan --jsonl responses.jsonl --text-field completion --id-field id --format jsonl',
    'warden scan corpus/ --detectors blocklist --blocklist terms.txt --word-boundaries',
  ]);
  return command.action(async function scanAction(paths: string[], flags: ScanFlags) {
    if (flags.json && flags.format === 'text') flags.format = 'json';
    const blocklist = flags.blocklist
      ? { terms: await loadBlocklist(flags.blocklist), threshold: flags.blocklistThreshold ?? 2, wordBoundaries: flags.wordBoundaries ?? false }
      : undefined;
    const names = flags.detectors as DetectorName[] | undefined;
    const detectors = selectDetectors({ ...(names ? { names } : {}), ...(blocklist ? { blocklist } : {}) });
    // Only command findings are read by the pre-classifier: without the commands detector, skip loading it.
    const modelDir = flags.preclassifier === false ? undefined : (flags.preclassifier ?? defaultPreclassifierDir());
    const preclassifier = modelDir && detectors.some((d) => d.name === 'commands') ? await TextClassifier.load(modelDir) : undefined;
    const options = { detectors, timeBudgetMs: flags.timeBudgetMs, ...(flags.minSeverity ? { minSeverity: flags.minSeverity } : {}), ...(preclassifier ? { preclassifier } : {}) };
    const summary = emptySummary();
    const inputs = paths.length ? paths : ['-'];
    if (flags.jsonl && inputs.includes('-')) throw new WardenError('W_USAGE', '--jsonl reads files; give their paths');
    if (flags.format === 'jsonl' && !flags.jsonl) throw new WardenError('W_USAGE', '--format jsonl needs --jsonl input (one line per record)');
    const results = flags.jsonl
      ? scanRecords(inputs, { ...options, fields: { text: flags.textField, id: flags.idField }, onError: 'fail' }, summary)
      : scanFiles(inputs, { ...options, maxFileBytes: flags.maxFileSize }, summary);

    const out: string[] = [];
    const kept: ScannedText[] = [];
    for await (const result of results) {
      if (flags.format === 'jsonl') out.push(JSON.stringify({ id: result.id, findings: result.findings }));
      else if (flags.format === 'text') out.push(...textLines(result));
      else if (result.findings.length > 0) kept.push(result);
    }
    const report = render(flags.format, out, kept, summary);
    if (flags.output) await writeFileAtomic(flags.output, report);
    else process.stdout.write(report);
    for (const skip of summary.skipped) process.stderr.write(`warden: skipped ${skip.path}: ${skip.reason}\n`);
    for (const gap of summary.notScanned) process.stderr.write(`warden: not scanned in ${gap.source}: ${gap.what} (${gap.reason})\n`);
    process.exitCode = summary.findings > 0 ? 1 : 0;
  });
}

function render(format: ScanFlags['format'], lines: string[], kept: ScannedText[], summary: ScanSummary): string {
  const stats = { texts: summary.texts, findings: summary.findings, chars: summary.chars, ms: Math.round(summary.ms), skipped: summary.skipped, not_scanned: summary.notScanned };
  if (format === 'json') {
    const findings = kept.flatMap((r) => r.findings.map((f) => ({ source: r.source, ...(r.id === undefined ? {} : { id: r.id }), ...f })));
    return JSON.stringify({ findings, stats }, null, 2) + '\n';
  }
  if (format === 'sarif') {
    const sarif = toSarif({ version: WARDEN_VERSION, artifacts: kept.map((r) => ({ uri: r.id === undefined ? r.source : `${r.source}#${String(r.id)}`, findings: r.findings })) });
    return JSON.stringify(sarif, null, 2) + '\n';
  }
  if (format === 'jsonl') return lines.map((l) => l + '\n').join('');
  const tail = `${summary.findings} finding(s) in ${summary.texts} text(s), ${summary.chars} chars scanned in ${Math.round(summary.ms)} ms\n`;
  return lines.map((l) => l + '\n').join('') + tail;
}

function textLines(result: ScannedText): string[] {
  const where = result.id === undefined ? result.source : `${result.source}#${String(result.id)}`;
  return result.findings.map(
    (f) =>
      `${where}:${f.line}:${f.column}  ${f.severity.toUpperCase().padEnd(8)} ${f.rule}  ${f.preview}  ${f.message}` +
      `${f.attack ? ` [${f.attack}]` : ''}${f.views.length ? ` (via ${f.views.join(', ')})` : ''}` +
      `${f.intent ? ` {${f.intent.label} ${(f.intent.probs[f.intent.label] ?? 0).toFixed(2)}}` : ''}`,
  );
}
