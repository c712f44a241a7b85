import { WardenError } from '../../../core/errors.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Reads a time bound as the CLI and `GET /v1/audit` accept it: a duration back from now
 * (`90s`, `30m`, `24h`, `7d`, `2w`), a date (`2026-11-01`, midnight UTC) or an ISO date-time.
 *
 * @example
 * parseTimeBound('24h', new Date('2026-11-02T00:00:00Z')).toISOString(); // '2026-11-01T00:00:00.000Z'
 * parseTimeBound('2026-11-01').toISOString();                              // '2026-11-01T00:00:00.000Z'
 */
export function parseTimeBound(value: string, now: Date = new Date()): Date {
  const text = value.trim();
  const duration = /^(\d{1,9})\s*([smhdw])$/i.exec(text);
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2]!.toLowerCase()]!);
  // Date.parse reads a bare date as UTC midnight and a date-time without zone as local time.
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    if (Number.isFinite(ms)) return new Date(ms);
  }
  throw new WardenError('W_USAGE', `"${value.slice(0, 40)}" is not a time: use a duration like 30m, 24h, 7d or a date like 2026-11-01 (or 2026-11-01T12:00:00Z)`);
}
