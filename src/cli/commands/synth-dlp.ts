import { Command } from 'commander';
import { WardenError } from '../../core/errors.js';
import { ProgressBar } from '../../core/progress.js';
import {
  formatDistributions,
  formatDlpReport,
  generateDataset,
  labelRulesLines,
  MAX_SPLIT_RECORDS,
  QUICK_DEMO,
  validateDlp,
  type DlpManifest,
} from '../../apps/synth/dlp/index.js';
import { addGlobalFlags, examples, parseIntFlag, type GlobalFlags } from '../common.js';

interface DlpFlags extends GlobalFlags {
  train: number;
  val: number;
  test: number;
  seed: number;
  out?: string;
  quickDemo?: boolean;
  progress: boolean;
}

interface ValidateDlpFlags extends GlobalFlags {
  scan: boolean;
  limit: number;
}

/** Default output directory of --quick-demo. */
export const DEMO_OUT = 'warden-dlp-demo';

/**
 * `warden synth dlp` and `warden synth validate-dlp`, added to `warden synth`.
 *
 * @example
 * for (const command of dlpCommands()) synth.addCommand(command);
 */
export function dlpCommands(): Command[] {
  return [dlpCommand(), validateDlpCommand()];
}

function dlpCommand(): Command {
  const command = new Command('dlp')
    .summary('generate seeded, labelled DLP records (emails, chats, PRs, uploads with planted PII and secrets)')
    .description(
      'Writes train.jsonl, val.jsonl and test.jsonl (splits with a count of 0 are skipped) and manifest.json (seed, counts, ' +
        'distributions, sha256 of each file) into --out, every file atomically. The same --seed and counts give the same bytes ' +
        'on every run and machine: every value and timestamp comes from the seed.\n\n' +
        'A record: {id, channel: email|chat|pr|upload, user: {role, dept, seniority}, recipients: [{address, class}], thread?, ' +
        'subject, body, attachments: [{name, mime, size}], links, labels: {sensitivity, exposure, context, obfuscation}, ' +
        'spans: [{type, start, end}], meta}. Spans are [start, end) UTF-16 offsets into body (never subject); types EMAIL PHONE ' +
        'PAN SSN SECRET DBURI NDA MATTER NAME ADDR IBAN IP. Obfuscations (base64, homoglyph, zero-width, spelled-digits, at-dot, ' +
        'split across thread messages) are applied after placement; each span covers the obfuscated text.\n\n' +
        'Labels come from one rule set, listed below (first match wins per label).\n\n' +
        'Exit codes: 0 written, 2 usage or write error.',
    )
    .option('--train <n>', 'records in train.jsonl (0 skips it)', parseCount('--train'), 60_000)
    .option('--val <n>', 'records in val.jsonl (0 skips it)', parseCount('--val'), 5_000)
    .option('--test <n>', 'records in test.jsonl (0 skips it)', parseCount('--test'), 5_000)
    .option('--seed <n>', 'generator seed (0 to 4294967295)', parseSeed, 42)
    .option('-o, --out <dir>', 'output directory (required unless --quick-demo)')
    .option('--quick-demo', `1,400 records (${QUICK_DEMO.train} train, ${QUICK_DEMO.val} val, ${QUICK_DEMO.test} test) into --out or ./${DEMO_OUT}`)
    .option('--no-progress', 'no progress bar on stderr');
  addGlobalFlags(command);
  command.addHelpText('after', `\nLabel rules:\n${labelRulesLines().join('\n')}\n`);
  examples(command, [
    'warden synth dlp --train 60000 --val 5000 --test 5000 --seed 42 --out data/dlp',
    'warden synth dlp --quick-demo                          # 1,400 records into ./warden-dlp-demo',
    'warden synth dlp --train 2000 --val 0 --test 0 --seed 7 --out /tmp/dlp-small --json',
    'warden synth validate-dlp data/dlp                     # check what was written',
  ]);
  return command.action(async function dlpAction(flags: DlpFlags, cmd: Command) {
    const explicit = (name: string) => cmd.getOptionValueSource(name) === 'cli';
    if (flags.quickDemo && (explicit('train') || explicit('val') || explicit('test'))) {
      throw new WardenError('W_USAGE', '--quick-demo sets the counts itself; drop --train/--val/--test or --quick-demo');
    }
    const out = flags.out ?? (flags.quickDemo ? DEMO_OUT : undefined);
    if (!out) throw new WardenError('W_USAGE', '--out DIR is required (or use --quick-demo)');
    const counts = flags.quickDemo ? { ...QUICK_DEMO } : { train: flags.train, val: flags.val, test: flags.test };
    const total = counts.train + counts.val + counts.test;
    const bar = new ProgressBar({ label: 'dlp records', total, enabled: flags.progress && !flags.quiet && !flags.json && process.stderr.isTTY === true });
    const started = performance.now();
    const manifest = await generateDataset({ seed: flags.seed, counts, out, onProgress: (written) => bar.update(written) });
    bar.done();
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(flags.json ? JSON.stringify(manifest) + '\n' : summary(manifest, out, total, seconds, flags.quiet ?? false));
  });
}

function summary(manifest: DlpManifest, out: string, total: number, seconds: number, quiet: boolean): string {
  const lines = Object.entries(manifest.files).map(([split, f]) => `  ${split.padEnd(5)} ${out}/${f.path}  ${f.records} record(s)  sha256 ${f.sha256.slice(0, 16)}…`);
  lines.push(`wrote ${total} record(s) with seed ${manifest.seed} in ${seconds.toFixed(2)} s (${Math.round(total / Math.max(seconds, 1e-3))} records/s); manifest ${out}/manifest.json`);
  if (!quiet) lines.push('', 'distributions:', ...formatDistributions(manifest.distributions.total));
  return lines.join('\n') + '\n';
}

function validateDlpCommand(): Command {
  const command = new Command('validate-dlp')
    .summary('check DLP records: spans, value types, overlaps, unlabelled values, labels; print distributions')
    .description(
      'Reads DLP JSONL files (or every .jsonl file of a directory) and checks each record: the shape and enums; every span ' +
        'inside the body, on value boundaries and not overlapping another; every span of its type (obfuscated values are ' +
        'decoded first, split pieces joined; then Luhn and brand for PAN, issued ranges for SSN, libphonenumber-js for PHONE, ' +
        'mod 97 for IBAN, provider shapes or the secrets detector for SECRET, scheme and default port for DBURI, ...); every ' +
        'value listed in meta.planted held by a span; the labels equal to what the rule set derives; thread bounds; and, ' +
        "with the scan on, no secret or PII found by Warden's detection engine outside every span. Problems are listed as " +
        'file:line with the record id, never with a raw value; then counts per problem and the distributions of channels, ' +
        'scenarios, labels, span types and obfuscations.\n\n' +
        'Exit codes: 0 no problems, 1 problems found, 2 usage or input error (a line that is not JSON).',
    )
    .argument('<paths...>', 'directories holding .jsonl files, or .jsonl files')
    .option('--no-scan', 'skip the detection-engine scan for unlabelled values (faster)')
    .option('--limit <n>', 'problems listed per problem code (all are counted)', parseIntFlag('--limit'), 20);
  addGlobalFlags(command);
  examples(command, [
    'warden synth validate-dlp data/dlp',
    'warden synth validate-dlp data/dlp/train.jsonl --no-scan --json > report.json',
    'warden synth validate-dlp agentic-out/ --limit 100',
  ]);
  return command.action(async function validateDlpAction(paths: string[], flags: ValidateDlpFlags) {
    const report = await validateDlp(paths, { scan: flags.scan, limit: flags.limit });
    process.stdout.write(flags.json ? JSON.stringify(report) + '\n' : formatDlpReport(report));
    process.exitCode = report.problems > 0 ? 1 : 0;
  });
}

function parseCount(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_SPLIT_RECORDS) {
      throw new WardenError('W_USAGE', `${name} must be an integer from 0 to ${MAX_SPLIT_RECORDS} (got "${value}")`);
    }
    return n;
  };
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new WardenError('W_USAGE', `--seed must be an integer from 0 to 4294967295 (got "${value}")`);
  return n;
}
