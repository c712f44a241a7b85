import type { Metric, Registry } from 'prom-client';

export interface FastHistogramConfig<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Upper bounds, ascending (the `le` values); +Inf is implied. */
  buckets: readonly number[];
  registers?: Registry[];
}

type Labels<L extends string> = Partial<Record<L, string | number>>;

/** One label-value combination: its bucket counts (not cumulative), sum and count. */
class Series {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    private readonly bounds: readonly number[],
    readonly labels: Record<string, string | number>,
  ) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.counts[i]!++;
        break;
      }
    }
    this.sum += value;
    this.count++;
  }
}

/** What prom-client's Registry reads from a histogram: one entry per exposition line. */
interface ExportValue {
  value: number;
  labels: Record<string, string | number>;
  sharedLabels?: Record<string, string | number>;
  metricName: string;
  /** Always empty (no exemplars), present as in prom-client's output. */
  exemplar: null | undefined;
}

/**
 * A Prometheus histogram for the request path: an observation is a Map lookup, a bucket search
 * and two additions (prom-client's Histogram validates and hashes the label object and allocates
 * on every observation, a few µs per request with several histograms). It registers in a
 * prom-client Registry and renders exactly as prom-client's Histogram does (same lines, label
 * order, `le` first), so /metrics is unchanged; only observe/labels/get/reset are offered.
 *
 * @example
 * const h = new FastHistogram({ name: 'x_seconds', help: 'X.', labelNames: ['route'], buckets: [0.01, 0.1], registers: [registry] });
 * h.observe({ route: '/v1/guard' }, 0.004);
 * h.labels('/v1/guard').observe(0.02);
 */
export class FastHistogram<L extends string = string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly labelNames: readonly L[];
  private readonly bounds: readonly number[];
  private readonly series = new Map<string, Series>();

  constructor(config: FastHistogramConfig<L>) {
    this.name = config.name;
    this.help = config.help;
    this.labelNames = config.labelNames;
    this.bounds = [...config.buckets];
    for (const registry of config.registers ?? []) registry.registerMetric(this as unknown as Metric);
  }

  /** Observes `value` in the series of `labels` (label names outside `labelNames` are an error, as in prom-client). */
  observe(labels: Labels<L>, value: number): void {
    for (const name in labels) {
      if (!this.labelNames.includes(name)) throw new Error(`Added label "${name}" is not included in initial labelset: ${JSON.stringify(this.labelNames)}`);
    }
    this.seriesOf(this.labelNames.map((name) => labels[name])).observe(value);
  }

  /**
   * The series of one label-value combination (values in `labelNames` order): keep it to
   * observe the same labels repeatedly without even the lookup.
   */
  labels(...values: (string | number | undefined)[]): { observe(value: number): void } {
    return this.seriesOf(values);
  }

  reset(): void {
    this.series.clear();
  }

  private seriesOf(values: readonly (string | number | undefined)[]): Series {
    let key = '';
    for (let i = 0; i < this.labelNames.length; i++) key += `${values[i] ?? ''}\u0000`;
    let series = this.series.get(key);
    if (!series) {
      const labels: Record<string, string | number> = {};
      this.labelNames.forEach((name, i) => {
        if (values[i] !== undefined) labels[name] = values[i]!;
      });
      series = new Series(this.bounds, labels);
      this.series.set(key, series);
    }
    return series;
  }

  /** Exposition data as prom-client's Histogram gives it to the registry's text renderer. */
  async getForPromString(): Promise<{ name: string; help: string; type: string; values: ExportValue[]; aggregator: string }> {
    const values: ExportValue[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const series of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.counts[i]!;
        values.push({ value: cumulative, labels: { le: bound }, sharedLabels: series.labels, metricName: bucketName, exemplar: null });
      });
      values.push({ value: series.count, labels: { le: '+Inf' }, sharedLabels: series.labels, metricName: bucketName, exemplar: null });
      values.push({ value: series.sum, labels: {}, sharedLabels: series.labels, metricName: `${this.name}_sum`, exemplar: undefined });
      values.push({ value: series.count, labels: {}, sharedLabels: series.labels, metricName: `${this.name}_count`, exemplar: undefined });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** The same data with each line's labels merged (prom-client's JSON form). */
  async get(): Promise<{ name: string; help: string; type: string; values: ExportValue[]; aggregator: string }> {
    const data = await this.getForPromString();
    data.values = data.values.map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } }));
    return data;
  }
}
