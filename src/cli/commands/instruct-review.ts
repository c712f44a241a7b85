import { Command, InvalidArgumentError } from 'commander';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import {
  AUTO_REVIEWER,
  checkReviewPaths,
  openReviewStore,
  prepareReview,
  reviewBatch,
  runReviewUi,
  summarize,
  writeApproved,
  type ReviewSummary,
} from '../../apps/instruct/review/index.js';
import { WardenError } from '../../core/errors.js';
import { addGlobalFlags, examples, type GlobalFlags } from '../common.js';
import { instructReviewExportCommand } from './instruct-review-export.js';

interface ReviewFlags extends GlobalFlags {
  input?: string;
  out?: string;
  db?: string;
  reviewer?: string;
  autoApproveAbove?: number;
  ui: boolean;
  filter?: string;
}

/** A reviewer id: letters, digits and . _ @ -, so it reads cleanly in logs and exports. */
const REVIEWER = /^[A-Za-z0-9._@-]{1,64}$/;

function parseScore(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`--auto-approve-above must be a number from 0 to 1 (got "${value}")`);
  return n;
}

/** The reviewer id: --reviewer, else WARDEN_REVIEWER, else the login name. */
export function reviewerId(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const id = flag ?? env.WARDEN_REVIEWER ?? safeUser();
  if (!id || !REVIEWER.test(id)) throw new WardenError('W_USAGE', `reviewer id "${String(id).slice(0, 70)}" is not valid: give --reviewer with 1 to 64 letters, digits, '.', '_', '@' or '-'`);
  if (id === AUTO_REVIEWER) throw new WardenError('W_USAGE', `the reviewer id "${AUTO_REVIEWER}" is reserved for --auto-approve-above: pick another --reviewer`);
  return id;
}

function safeUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/** The default store beside a file: sqlite:<dir of file>/instruct.db, the one collect writes. */
export function defaultDb(out: string): string {
  return `sqlite:${join(dirname(out), 'instruct.db')}`;
}

function formatSummary(s: ReviewSummary): string {
  const load = s.load ? `loaded ${s.load.read} pairs: ${s.load.added} new, ${s.load.updated} changed (${s.load.flagged} decided ones flagged), ${s.load.unchanged} unchanged\n` : '';
  return (
    load +
    `review: ${s.total} pairs, ${s.approved} approved (${s.autoApproved} auto this run), ${s.rejected} rejected, ${s.pending} undecided (${s.skipped} skipped), ${s.edited} edited` +
    (s.changed ? `, ${s.changed} changed since decision (not written until re-decided)` : '') +
    `\n  ${s.written} approved pairs -> ${s.out ?? '(not written)'}\n`
  );
}

/** `warden instruct review`: the review terminal UI, its batch mode, and `export`. */
export function instructReviewCommand(): Command {
  const command = new Command('review')
    .summary('review pairs in a terminal UI: approve, reject, edit, rate, note; or auto-approve by score; export decisions')
    .description(
      'Loads instruction pairs (JSONL from `warden instruct classify` or `structure`) into the review store, keyed by pair ' +
        'id: loading again adds new pairs, keeps decisions, and flags a decided pair whose content changed (shown as CHANGED, ' +
        'left out of the output until decided again). Then opens a terminal UI: a approve, r reject, s skip, e edit ' +
        'instruction/response/domains in $EDITOR, R then r/a/c then 1-5 rates relevance/accuracy/completeness, n note, u undo ' +
        'your last action, g go to number or id, f filter (domain:X source:Y status:Z), j/k or arrows move, Space/b scroll, ' +
        '? help, q quit. Every action is written to the store at once (with an append-only decision log), so quitting or a ' +
        'crash loses nothing and the next session resumes at the first pending pair. When the session ends the approved pairs ' +
        '(edits applied, metadata.review {reviewer, ratings, notes, decided_at, edited}) are written atomically to --out.\n\n' +
        '--auto-approve-above SCORE approves undecided pairs with metadata.score above SCORE as reviewer "auto" before the UI ' +
        'opens; --no-ui skips the UI (needed without a terminal). The store is sqlite:<dir of --out>/instruct.db unless --db ' +
        '(PostgreSQL: --db postgres://...), so several reviewers can share one. `warden instruct review export` writes the ' +
        'decisions as JSONL or CSV.',
    )
    .option('-i, --input <file>', 'pair JSONL to load (optional when the store already holds the pairs)')
    .option('-o, --out <file>', 'approved pairs JSONL, written when the session ends (replaced atomically)')
    .option('--db <url>', 'store URL: sqlite:PATH or postgres://user@host:5432/db (default sqlite:<dir of --out>/instruct.db)')
    .option('--reviewer <id>', 'your reviewer id (default $WARDEN_REVIEWER, else your login name)')
    .option('--auto-approve-above <score>', 'approve undecided pairs with metadata.score above this (0 to 1) as reviewer "auto"', parseScore)
    .option('--filter <expr>', 'start with this filter: domain:X source:Y status:pending|approved|rejected|skipped|changed')
    .option('--no-ui', 'do not open the UI: load, auto-approve, write --out and print the counts');
  addGlobalFlags(command);
  examples(command, [
    'warden instruct review -i out/classified.jsonl -o out/reviewed.jsonl --reviewer alice',
    'warden instruct review -o out/reviewed.jsonl --filter "domain:ics status:pending"',
    'warden instruct review -i classified.jsonl -o reviewed.jsonl --auto-approve-above 0.85 --no-ui --json',
    'warden instruct review -i classified.jsonl -o reviewed.jsonl --db postgres://warden@127.0.0.1:5432/warden --reviewer bob',
    'warden instruct review export -o out/decisions.csv',
  ]);
  command.enablePositionalOptions();
  command.addCommand(instructReviewExportCommand());
  command.action(async function reviewAction(flags: ReviewFlags) {
    if (!flags.out) throw new WardenError('W_USAGE', 'give --out with the reviewed pair JSONL file to write (and --input with the pairs to review)');
    const db = flags.db ?? defaultDb(flags.out);
    checkReviewPaths(flags.out, db, flags.input);
    if (!flags.ui) {
      if (!flags.input) throw new WardenError('W_USAGE', 'give --input with the pair JSONL file to load (from `warden instruct classify`)');
      const summary = await reviewBatch({ input: flags.input, out: flags.out, db, reviewer: reviewerId(flags.reviewer), ...(flags.autoApproveAbove === undefined ? {} : { autoApproveAbove: flags.autoApproveAbove }) });
      if (!flags.quiet || flags.json) process.stdout.write(flags.json ? JSON.stringify(summary) + '\n' : formatSummary(summary));
      return;
    }
    const reviewer = reviewerId(flags.reviewer);
    if (!process.stdin.isTTY) throw new WardenError('W_USAGE', 'the review UI needs a terminal on stdin: use --no-ui (with --auto-approve-above SCORE), or `warden instruct review export` for the decisions');
    const store = await openReviewStore(db);
    try {
      const { load, autoApproved } = await prepareReview(store, flags.input, flags.autoApproveAbove);
      const ui = await runReviewUi({ store, reviewer, ...(flags.filter ? { filter: flags.filter } : {}) });
      const written = await writeApproved(store, flags.out);
      const summary: ReviewSummary = { ...(await summarize(store, autoApproved, written)), ...(load ? { load } : {}), out: flags.out };
      if (!flags.quiet || flags.json) {
        process.stdout.write(flags.json ? JSON.stringify({ ...summary, actions: ui.actions, drafts: ui.drafts }) + '\n' : formatSummary(summary) + `  ${ui.actions} actions this session` + (ui.drafts.length ? `; unsaved edit text kept in ${ui.drafts.join(', ')}` : '') + '\n');
      }
    } finally {
      await store.close();
    }
  });
  return command;
}
