import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressBar, formatBytes, formatCount, formatDuration } from './progress.js';

/** A stand-in for stderr that records what is written. */
function fakeStream(isTTY = true) {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    write: vi.fn((chunk: string) => {
      chunks.push(chunk);
      return true;
    }),
  };
  return { stream: stream as unknown as NodeJS.WriteStream, write: stream.write, chunks };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ProgressBar output', () => {
  it('writes nothing at all when disabled, even on a TTY', () => {
    const { stream, write } = fakeStream(true);
    const bar = new ProgressBar({ label: 'shards', total: 3, enabled: false, stream });
    bar.tick();
    bar.update(2, 'extra');
    bar.tick(1);
    bar.done();
    expect(write).not.toHaveBeenCalled();
  });

  it('is disabled by default on a stream that is not a TTY', () => {
    const { stream, write } = fakeStream(false);
    const bar = new ProgressBar({ label: 'rows', stream });
    bar.tick(5);
    bar.done();
    expect(write).not.toHaveBeenCalled();
  });

  it('draws on a TTY, clearing the line, and ends with a newline on done()', () => {
    const { stream, chunks } = fakeStream(true);
    const bar = new ProgressBar({ label: 'shards', total: 4, stream });
    bar.tick(1);
    bar.done();
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks[0]?.startsWith('\r\x1b[2Kshards ')).toBe(true);
    expect(chunks.at(-2)).toContain(' 25% 1/4');
    expect(chunks.at(-1)).toBe('\n');
  });

  it('redraws at most every 100 ms', () => {
    let now = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { stream, write } = fakeStream(true);
    const bar = new ProgressBar({ label: 'x', total: 100, stream });
    bar.tick();
    expect(write).toHaveBeenCalledTimes(1);
    now += 50;
    bar.tick();
    expect(write).toHaveBeenCalledTimes(1);
    now += 60;
    bar.tick();
    expect(write).toHaveBeenCalledTimes(2);
  });
});

describe('ProgressBar.render', () => {
  it('shows the bar, percentage, counts, rate and ETA with a total', () => {
    vi.spyOn(performance, 'now').mockReturnValue(10_000);
    const bar = new ProgressBar({ label: 'shards', total: 10, unit: ' rows', enabled: false });
    bar.update(5);
    // 5 of 10 after 5 s: 1 row/s, 5 s to go.
    expect(bar.render(15_000)).toBe(`shards ${'█'.repeat(12)}${'░'.repeat(12)}  50% 5/10 rows 1 rows/s ETA 0:05`);
  });

  it('shows a full bar when done and appends the extra text', () => {
    vi.spyOn(performance, 'now').mockReturnValue(0);
    const bar = new ProgressBar({ label: 'l', total: 4, enabled: false });
    bar.update(4, '3 records, 1.0 KB');
    expect(bar.render(2_000)).toBe(`l ${'█'.repeat(24)} 100% 4/4 2/s ETA 0:00 3 records, 1.0 KB`);
  });

  it('shows an unknown ETA before any progress', () => {
    vi.spyOn(performance, 'now').mockReturnValue(0);
    const bar = new ProgressBar({ label: 'l', total: 4, enabled: false });
    expect(bar.render(1_000)).toBe(`l ${'░'.repeat(24)}   0% 0/4 0/s ETA --:--`);
  });

  it('shows count and rate without a total', () => {
    vi.spyOn(performance, 'now').mockReturnValue(0);
    const bar = new ProgressBar({ label: 'convert', unit: ' rows', enabled: false });
    bar.update(25_000);
    expect(bar.render(2_000)).toBe('convert 25.0k rows 12.5k rows/s');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [5 * 1024 ** 2, '5.0 MB'],
    [1.25 * 1024 ** 3, '1.3 GB'],
    [2 * 1024 ** 4, '2.0 TB'],
    [1024 ** 5, '1024.0 TB'],
  ])('%d bytes is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [5, '0:05'],
    [59.6, '1:00'],
    [65, '1:05'],
    [600, '10:00'],
    [3600, '1:00:00'],
    [3661, '1:01:01'],
    [36_000 + 62, '10:01:02'],
    [Infinity, '--:--'],
    [NaN, '--:--'],
  ])('%d s is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [9_999, '9999'],
    [10_000, '10.0k'],
    [12_345, '12.3k'],
    [2_500_000, '2.5M'],
    [3e9, '3.0G'],
    [2.5, '2.5'],
    [0.333, '0.3'],
    [Infinity, '?'],
    [NaN, '?'],
  ])('%d is %s', (value, text) => {
    expect(formatCount(value)).toBe(text);
  });
});
