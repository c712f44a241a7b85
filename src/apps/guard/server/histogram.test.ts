import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FastHistogram } from './histogram.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const OBSERVATIONS: [Record<string, string | number>, number][] = [
  [{ route: '/v1/guard', method: 'POST', status: '200' }, 0.0004],
  [{ route: '/v1/guard', method: 'POST', status: '200' }, 0.02],
  [{ route: '/v1/scan', method: 'POST', status: 400 }, 0.001],
  [{ route: '/v1/guard', method: 'POST', status: '200' }, 3],
  [{ route: 'a "quoted"\\route', method: 'GET' }, 0.05],
];

function pair() {
  const theirs = new Registry();
  const ours = new Registry();
  const config = { name: 'x_seconds', help: 'X latency.', labelNames: ['route', 'method', 'status'] as const, buckets: BUCKETS };
  return {
    theirs,
    ours,
    reference: new Histogram({ ...config, labelNames: [...config.labelNames], registers: [theirs] }),
    fast: new FastHistogram({ ...config, registers: [ours] }),
  };
}

describe('FastHistogram', () => {
  it('renders exactly what prom-client’s Histogram renders for the same observations (text and JSON)', async () => {
    const { theirs, ours, reference, fast } = pair();
    for (const [labels, value] of OBSERVATIONS) {
      reference.observe(labels, value);
      fast.observe(labels, value);
    }
    reference.labels('/v1/guard', 'POST', '200').observe(0.5);
    fast.labels('/v1/guard', 'POST', '200').observe(0.5);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
  });

  it('rejects unknown labels and non-finite values, and resets', async () => {
    const { ours, fast } = pair();
    expect(() => fast.observe({ nope: 'x' } as never, 1)).toThrow(/not included/);
    expect(() => fast.observe({ route: 'r' }, Number.NaN)).toThrow(TypeError);
    fast.observe({ route: 'r' }, 1);
    fast.reset();
    expect(await ours.metrics()).toBe('# HELP x_seconds X latency.\n# TYPE x_seconds histogram\n');
  });
});
