import { formatCount } from '../../../core/progress.js';
import type { TokenCountReport, Totals } from './count.js';

/**
 * The human-readable form of a token count: one line per file, per split, the total, and the
 * target record.
 *
 * @example
 * process.stdout.write(formatTokenReport(report));
 */
export function formatTokenReport(report: TokenCountReport): string {
  const row = (name: string, t: Totals) =>
    name.padEnd(44) + String(t.records).padStart(12) + String(t.tokens).padStart(16) + String(t.chars).padStart(16) + (t.rejects ? `  (${t.rejects} bad rows skipped)` : '');
  const lines = [`tokenizer: ${report.tokenizer}   text field: ${report.text_field}`, '', 'file'.padEnd(44) + 'records'.padStart(12) + 'tokens'.padStart(16) + 'chars'.padStart(16)];
  for (const file of report.files) lines.push(row(file.split ? `${file.rel} [${file.split}]` : file.rel, file));
  if (report.splits.length) {
    lines.push('');
    for (const split of report.splits) lines.push(row(`split ${split.split}`, split));
  }
  lines.push('', row(`total (${report.total.files} files)`, report.total));
  const target = report.target;
  if (target?.reached) {
    lines.push(
      '',
      `target ${target.tokens} tokens reached at record ${target.record} overall: ${target.rel}${target.split ? ` [${target.split}]` : ''} ` +
        `record ${target.file_record}, id ${JSON.stringify(target.id)} (${target.cumulative} tokens through it)`,
    );
  } else if (target) {
    lines.push('', `target ${target.tokens} tokens not reached: the input holds ${target.total} tokens (${target.missing} short)`);
  }
  lines.push('', `${report.workers} worker(s), ${(report.wall_ms / 1000).toFixed(2)}s, ${formatCount(report.tokens_per_s)} tokens/s`);
  return lines.join('\n') + '\n';
}
