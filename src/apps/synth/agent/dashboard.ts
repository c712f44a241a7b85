import { formatCount, formatDuration } from '../../../core/progress.js';
import type { BatchEvent } from '../../../llm/batch/index.js';

/** What the run reports to the dashboard (counts since the run directory was started). */
export interface AgentProgress {
  done: number;
  total: number;
  /** Records accepted by this process (the rate is computed from these). */
  doneHere: number;
  abandoned: number;
  round: number;
  rejects: Record<string, number>;
  errors: Record<string, number>;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export interface DashboardOptions {
  stream?: { write(text: string): unknown; isTTY?: boolean };
  /** Draw the live panel (default: the stream is a TTY); otherwise plain periodic lines. */
  tty?: boolean;
  quiet?: boolean;
  /** Plain mode: at most one line per interval (default 10 s); the first and last are always written. */
  intervalMs?: number;
  now?: () => number;
}

const top = (counts: Record<string, number>): string => {
  const entries = Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return '0';
  const total = entries.reduce((n, [, v]) => n + v, 0);
  return `${total} (${entries.slice(0, 4).map(([k, v]) => `${k} ${v}`).join(', ')}${entries.length > 4 ? ', ...' : ''})`;
};

/**
 * The live view of `warden synth dlp-agent`: on a TTY a panel redrawn in place (progress bar,
 * records/s, ETA, batches submitted / in progress / completed, requests, errors by kind,
 * rejects by reason, tokens and cost so far); elsewhere one plain log line per interval;
 * nothing with quiet.
 *
 * @example
 * const dash = new AgentDashboard({ stream: process.stderr });
 * dash.batch({ type: 'submitted', batchId: 'batch_1', items: 40 });
 * dash.update(progress); dash.finish();
 */
export class AgentDashboard {
  private readonly stream: { write(text: string): unknown };
  private readonly tty: boolean;
  private readonly quiet: boolean;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly started: number;
  private last: AgentProgress | undefined;
  private drawnLines = 0;
  private lastDraw = -Infinity;
  private lastKey = '';
  readonly batches = { submitted: 0, inProgress: 0, completed: 0 };
  readonly requests = { batch: 0, concurrent: 0, failed: 0 };

  constructor(options: DashboardOptions = {}) {
    const stream = options.stream ?? process.stderr;
    this.stream = stream;
    this.tty = options.tty ?? stream.isTTY === true;
    this.quiet = options.quiet ?? false;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  /** A batch-runner event (runBatch's onEvent). */
  batch(event: BatchEvent): void {
    if (event.type === 'submitted') {
      this.batches.submitted++;
      this.batches.inProgress++;
    } else if (event.type === 'collected') {
      this.batches.inProgress = Math.max(0, this.batches.inProgress - 1);
      this.batches.completed++;
    } else if (event.type === 'item') {
      if (!event.ok) this.requests.failed++;
      else this.requests[event.path]++;
    }
    if (this.last) this.update(this.last);
  }

  update(progress: AgentProgress, force = false): void {
    this.last = progress;
    if (this.quiet) return;
    const now = this.now();
    const every = this.tty ? 100 : this.intervalMs;
    if (!force && now - this.lastDraw < every) return;
    // A plain line that would say nothing new (a forced repeat) is skipped.
    const key = JSON.stringify([progress.done, progress.round, progress.rejects, progress.errors, progress.inputTokens, progress.outputTokens, this.batches]);
    if (!this.tty && key === this.lastKey && now - this.lastDraw < every) return;
    this.lastKey = key;
    this.lastDraw = now;
    if (this.tty) this.draw();
    else this.stream.write(`${this.line()}\n`);
  }

  /** A message above the panel (or a plain line). */
  note(text: string): void {
    if (this.quiet) return;
    if (this.tty && this.drawnLines > 0) {
      this.stream.write(`\x1b[${this.drawnLines}F\x1b[J${text}\n`);
      this.drawnLines = 0;
      this.draw();
    } else this.stream.write(`${text}\n`);
  }

  finish(): void {
    if (this.last) this.update(this.last, true);
  }

  /** The one-line summary of plain mode. */
  line(): string {
    const p = this.last;
    if (!p) return 'dlp-agent: starting';
    const seconds = Math.max((this.now() - this.started) / 1000, 1e-3);
    return (
      `dlp-agent: ${p.done}/${p.total} records (${Math.floor((100 * p.done) / Math.max(p.total, 1))}%), ${(p.doneHere / seconds).toFixed(2)} rec/s, round ${p.round}, ` +
      `batches ${this.batches.submitted} submitted/${this.batches.inProgress} in progress/${this.batches.completed} completed, ` +
      `rejects ${top(p.rejects)}, errors ${top(p.errors)}, tokens ${p.inputTokens} in/${p.outputTokens} out, cost ${p.costUsd === null ? 'n/a' : `$${p.costUsd.toFixed(4)}`}`
    );
  }

  /** The panel's lines (TTY mode). */
  panel(): string[] {
    const p = this.last;
    if (!p) return ['dlp-agent: starting'];
    const seconds = Math.max((this.now() - this.started) / 1000, 1e-3);
    const rate = p.doneHere / seconds;
    const fraction = Math.min(p.done / Math.max(p.total, 1), 1);
    const width = 30;
    const filled = Math.round(fraction * width);
    const eta = rate > 0 ? (p.total - p.done) / rate : Infinity;
    return [
      `dlp-agent ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${(fraction * 100).toFixed(0).padStart(3)}%  ${formatCount(p.done)}/${formatCount(p.total)} records  ${rate.toFixed(2)} rec/s  ETA ${formatDuration(eta)}  round ${p.round}`,
      `  batches   ${this.batches.submitted} submitted  ${this.batches.inProgress} in progress  ${this.batches.completed} completed   requests ${this.requests.batch} batch / ${this.requests.concurrent} direct`,
      `  errors    ${top(p.errors)}   failed requests ${this.requests.failed}`,
      `  rejects   ${top(p.rejects)}${p.abandoned > 0 ? `   abandoned ${p.abandoned}` : ''}`,
      `  tokens    ${formatCount(p.inputTokens)} in / ${formatCount(p.outputTokens)} out   cost ${p.costUsd === null ? 'n/a (model not in the price table)' : `$${p.costUsd.toFixed(4)}`}`,
    ];
  }

  private draw(): void {
    const lines = this.panel();
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}F` : '';
    this.stream.write(`${up}${lines.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}
