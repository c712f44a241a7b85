import type { DlpRecord } from './types.js';

/** Counts per value of the fields a DLP data set is judged by. */
export interface Distributions {
  records: number;
  channels: Record<string, number>;
  scenarios: Record<string, number>;
  sensitivity: Record<string, number>;
  exposure: Record<string, number>;
  context: Record<string, number>;
  obfuscation: Record<string, number>;
  spanTypes: Record<string, number>;
  recipientClasses: Record<string, number>;
  threads: number;
}

export function emptyDistributions(): Distributions {
  return { records: 0, channels: {}, scenarios: {}, sensitivity: {}, exposure: {}, context: {}, obfuscation: {}, spanTypes: {}, recipientClasses: {}, threads: 0 };
}

const bump = (table: Record<string, number>, key: unknown): void => {
  const k = String(key);
  table[k] = (table[k] ?? 0) + 1;
};

/**
 * Adds one record to the counts (tolerates missing fields: the validator counts what it reads).
 *
 * @example
 * const d = emptyDistributions(); countRecord(d, record); d.records; // 1
 */
export function countRecord(d: Distributions, record: Partial<DlpRecord>): void {
  d.records++;
  bump(d.channels, record.channel);
  bump(d.scenarios, record.meta?.scenario ?? record.labels?.context);
  bump(d.sensitivity, record.labels?.sensitivity);
  bump(d.exposure, record.labels?.exposure);
  bump(d.context, record.labels?.context);
  bump(d.obfuscation, record.labels?.obfuscation);
  for (const span of Array.isArray(record.spans) ? record.spans : []) bump(d.spanTypes, span?.type);
  for (const r of Array.isArray(record.recipients) ? record.recipients : []) bump(d.recipientClasses, r?.class);
  if (record.thread) d.threads++;
}

/** Sums distributions (per split into a total). */
export function mergeDistributions(into: Distributions, from: Distributions): void {
  into.records += from.records;
  into.threads += from.threads;
  for (const key of ['channels', 'scenarios', 'sensitivity', 'exposure', 'context', 'obfuscation', 'spanTypes', 'recipientClasses'] as const) {
    for (const [k, n] of Object.entries(from[key])) into[key][k] = (into[key][k] ?? 0) + n;
  }
}

/** Tables sorted by key, so equal counts serialise to equal bytes. */
export function sortedDistributions(d: Distributions): Distributions {
  const sort = (t: Record<string, number>) => Object.fromEntries(Object.entries(t).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    records: d.records,
    channels: sort(d.channels),
    scenarios: sort(d.scenarios),
    sensitivity: sort(d.sensitivity),
    exposure: sort(d.exposure),
    context: sort(d.context),
    obfuscation: sort(d.obfuscation),
    spanTypes: sort(d.spanTypes),
    recipientClasses: sort(d.recipientClasses),
    threads: d.threads,
  };
}

/**
 * Distributions as aligned text lines (count and share per value).
 *
 * @example
 * formatDistributions(d).join('\n'); // 'channels: chat 31.2% (437), email ...'
 */
export function formatDistributions(d: Distributions): string[] {
  const line = (name: string, t: Record<string, number>, total: number) =>
    `  ${name.padEnd(17)} ${Object.entries(t)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([k, n]) => `${k} ${total ? ((100 * n) / total).toFixed(1) : '0.0'}% (${n})`)
      .join(', ')}`;
  const spans = Object.values(d.spanTypes).reduce((a, b) => a + b, 0);
  return [
    `  records           ${d.records} (${d.threads} threads)`,
    line('channels', d.channels, d.records),
    line('scenarios', d.scenarios, d.records),
    line('sensitivity', d.sensitivity, d.records),
    line('exposure', d.exposure, d.records),
    line('context', d.context, d.records),
    line('obfuscation', d.obfuscation, d.records),
    line('span types', d.spanTypes, spans),
    line('recipient classes', d.recipientClasses, Object.values(d.recipientClasses).reduce((a, b) => a + b, 0)),
  ];
}
