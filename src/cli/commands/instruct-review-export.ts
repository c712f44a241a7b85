import { Command } from 'commander';
import { dirname, join } from 'node:path';
import { checkReviewPaths, DECISION_FORMATS, exportDecisions, openReviewStore, type DecisionFormat } from '../../apps/instruct/review/index.js';
import { WardenError } from '../../core/errors.js';
import { addGlobalFlags, examples, type GlobalFlags } from '../common.js';

interface ExportFlags extends GlobalFlags {
  out?: string;
  db?: string;
  format?: string;
  log?: boolean;
}

/** `warden instruct review export`: the review decisions (or the whole decision log) as JSONL or CSV. */
export function instructReviewExportCommand(): Command {
  const command = new Command('export')
    .summary('export review decisions (one row per pair, or the full decision log) as JSONL or CSV')
    .description(
      'Writes one row per pair in the review store: id, status, reviewer, decided_at, the three ratings, notes, edited, ' +
        'changed (content changed since the decision), source and domains; with --log, every logged action instead ' +
        '(approve, reject, skip, edit, rate, note, undo; who, when, status before and after). CSV cells starting with = + - @ ' +
        'are prefixed with \' so spreadsheets do not run them. The file is replaced atomically; the store is only read.',
    )
    .option('-o, --out <file>', 'file to write')
    .option('--db <url>', 'store URL (default sqlite:<dir of --out>/instruct.db)')
    .option('--format <format>', `${DECISION_FORMATS.join(' or ')} (default: csv for a .csv file, else jsonl)`)
    .option('--log', 'export the append-only decision log instead of one row per pair');
  addGlobalFlags(command);
  examples(command, ['warden instruct review export -o out/decisions.jsonl', 'warden instruct review export -o decisions.csv --db sqlite:out/instruct.db', 'warden instruct review export -o audit.jsonl --log']);
  command.action(async function exportAction(own: ExportFlags, self: Command) {
    // Commander gives options that `review` also defines (--out, --db, --json, --quiet) to
    // `review` when the root program parses options everywhere: read them from there too.
    const flags: ExportFlags = { ...(self.parent?.opts() as ExportFlags | undefined), ...own };
    if (!flags.out) throw new WardenError('W_USAGE', 'give --out with the decisions file to write');
    const format = (flags.format ?? (flags.out.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl')) as DecisionFormat;
    if (!DECISION_FORMATS.includes(format)) throw new WardenError('W_USAGE', `--format must be one of ${DECISION_FORMATS.join(', ')} (got "${format}")`);
    const db = flags.db ?? `sqlite:${join(dirname(flags.out), 'instruct.db')}`;
    checkReviewPaths(flags.out, db);
    const store = await openReviewStore(db);
    try {
      const rows = await exportDecisions(store, flags.out, format, flags.log ?? false);
      if (!flags.quiet || flags.json) process.stdout.write(flags.json ? JSON.stringify({ rows, out: flags.out, format, log: flags.log ?? false }) + '\n' : `exported ${rows} ${flags.log ? 'log entries' : 'decisions'} -> ${flags.out} (${format})\n`);
    } finally {
      await store.close();
    }
  });
  return command;
}
