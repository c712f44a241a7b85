import type { JudgmentColumn, JudgmentRow } from './judgments-file.js';

/**
 * One CSV line (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled).
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe: ids and terms come from user data.
 *
 * @example
 * csvLine(['a', 'b,c', 1, null]); // 'a,"b,c",1,\r\n'
 */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  let text = Array.isArray(value) ? value.join('|') : String(value);
  const first = text.charCodeAt(0);
  if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line and a row formatter for a judgments schema (term lists joined with '|'). */
export function judgmentsCsv(columns: readonly JudgmentColumn[]): { header: string; line(row: JudgmentRow): string } {
  return {
    header: csvLine(columns.map((c) => c.name)),
    line: (row) => csvLine(columns.map((c) => row[c.name])),
  };
}
