import { describe, expect, it } from 'vitest';
import { WardenError } from '../../../core/errors.js';
import { parseTimeBound } from './time.js';

const NOW = new Date('2026-11-02T12:00:00Z');

describe('parseTimeBound', () => {
  it('reads durations back from now', () => {
    expect(parseTimeBound('24h', NOW).toISOString()).toBe('2026-11-01T12:00:00.000Z');
    expect(parseTimeBound('7d', NOW).toISOString()).toBe('2026-10-26T12:00:00.000Z');
    expect(parseTimeBound('30m', NOW).toISOString()).toBe('2026-11-02T11:30:00.000Z');
    expect(parseTimeBound('90s', NOW).toISOString()).toBe('2026-11-02T11:58:30.000Z');
    expect(parseTimeBound('2w', NOW).toISOString()).toBe('2026-10-19T12:00:00.000Z');
  });

  it('reads dates as UTC midnight and ISO date-times as written', () => {
    expect(parseTimeBound('2026-11-01').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseTimeBound('2026-11-01T08:30:00Z').toISOString()).toBe('2026-11-01T08:30:00.000Z');
    expect(parseTimeBound('2026-11-01T08:30:00+02:00').toISOString()).toBe('2026-11-01T06:30:00.000Z');
  });

  it('rejects anything else with W_USAGE', () => {
    for (const bad of ['yesterday', '24', '-1d', '2026-13-45', '1y', '']) {
      expect(() => parseTimeBound(bad, NOW)).toThrow(WardenError);
    }
  });
});
