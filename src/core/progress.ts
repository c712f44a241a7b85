export interface ProgressOptions {
  label: string;
  total?: number | undefined;
  unit?: string;
  /** Defaults to stderr being a TTY: nothing is drawn on a pipe or in CI logs. */
  enabled?: boolean;
  stream?: NodeJS.WriteStream;
}

/**
 * A one-line progress bar with rate and ETA, redrawn at most 10 times a second on a TTY and
 * silent elsewhere.
 *
 * @example
 * const bar = new ProgressBar({ label: 'shards', total: 12 });
 * bar.tick(1); bar.done();
 */
export class ProgressBar {
  private readonly options: ProgressOptions;
  private readonly enabled: boolean;
  private readonly stream: NodeJS.WriteStream;
  private readonly started = performance.now();
  private value = 0;
  private lastDraw = 0;
  private extra = '';

  constructor(options: ProgressOptions) {
    this.options = options;
    this.stream = options.stream ?? process.stderr;
    this.enabled = options.enabled ?? this.stream.isTTY === true;
  }

  tick(delta = 1, extra?: string): void {
    this.update(this.value + delta, extra);
  }

  update(value: number, extra?: string): void {
    this.value = value;
    if (extra !== undefined) this.extra = extra;
    const now = performance.now();
    if (!this.enabled || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.draw();
  }

  done(): void {
    if (!this.enabled) return;
    this.draw();
    this.stream.write('\n');
  }

  /** Text of the bar, exposed for tests. */
  render(now = performance.now()): string {
    const { label, total, unit = '' } = this.options;
    const seconds = Math.max((now - this.started) / 1000, 1e-3);
    const rate = this.value / seconds;
    const rateText = `${formatCount(rate)}${unit}/s`;
    if (!total) return `${label} ${formatCount(this.value)}${unit} ${rateText} ${this.extra}`.trimEnd();
    const fraction = Math.min(this.value / total, 1);
    const width = 24;
    const filled = Math.round(fraction * width);
    const eta = rate > 0 ? (total - this.value) / rate : Infinity;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    return `${label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${formatCount(this.value)}/${formatCount(total)}${unit} ${rateText} ETA ${formatDuration(eta)} ${this.extra}`.trimEnd();
  }

  private draw(): void {
    this.stream.write(`\r\x1b[2K${this.render()}`);
  }
}

export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '?';
  if (value >= 1e9) return `${(value / 1e9).toFixed(1)}G`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
