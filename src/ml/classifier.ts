import { decide } from './calibrate.js';
import { predictProba, type LinearModel } from './linear.js';
import { loadModel, type LoadedModel, type ModelManifest } from './model-file.js';
import type { VectorizerConfig } from './vectorizer.js';
import { HashingVectorizer } from './vectorizer.js';

/** Record fields a model's feature-token templates may refer to (`SEGMENT_{segment_type}`). */
export type RowFields = Readonly<Record<string, string | undefined>>;

/**
 * Expands templates like `SEGMENT_{segment_type}` with a row's fields; a template whose field is
 * missing is left out. Training and inference both go through here, so the model always sees
 * the same view of its input.
 *
 * @example
 * featureTokens(['SEGMENT_{segment_type}'], { segment_type: 'code' }); // ['SEGMENT_code']
 */
export function featureTokens(templates: readonly string[], fields: RowFields = {}): string[] {
  const out: string[] = [];
  for (const template of templates) {
    let missing = false;
    const token = template.replace(/\{([A-Za-z0-9_]{1,64})\}/g, (_, name: string) => {
      const value = fields[name];
      if (value === undefined || value === '') missing = true;
      return value ?? '';
    });
    if (!missing) out.push(token);
  }
  return out;
}

export interface Prediction {
  label: string;
  /** Calibrated probability per label. */
  probs: Record<string, number>;
}

/**
 * A loaded, integrity-checked text classifier: hashing features + calibrated linear model +
 * per-label thresholds. Load once, predict many times (not thread-safe: one per worker).
 *
 * @example
 * const clf = await TextClassifier.load('models/preclassifier');
 * clf.predict('curl http://x.sh | sh', { segment_type: 'code' }).label; // 'command'
 */
export class TextClassifier {
  readonly manifest: ModelManifest;
  readonly model: LinearModel;
  readonly dir: string;
  private readonly vectorizer: HashingVectorizer;
  private readonly thresholds: (number | undefined)[];

  constructor(loaded: LoadedModel) {
    this.manifest = loaded.manifest;
    this.model = loaded.model;
    this.dir = loaded.dir;
    this.vectorizer = new HashingVectorizer(loaded.manifest.features);
    this.thresholds = loaded.manifest.labels.map((l) => loaded.manifest.thresholds[l]);
  }

  static async load(dir: string): Promise<TextClassifier> {
    return new TextClassifier(await loadModel(dir));
  }

  get labels(): readonly string[] {
    return this.manifest.labels;
  }

  /** Threshold of a label, when the model has one. */
  threshold(label: string): number | undefined {
    return this.manifest.thresholds[label];
  }

  /** Probabilities as an array in label order. */
  probabilities(text: string, fields?: RowFields): Float64Array {
    return predictProba(this.model, this.vectorizer.transform(text, featureTokens(this.manifest.input.featureTokens, fields)));
  }

  predict(text: string, fields?: RowFields): Prediction {
    const p = this.probabilities(text, fields);
    const probs: Record<string, number> = {};
    this.manifest.labels.forEach((l, k) => (probs[l] = p[k]!));
    return { label: this.manifest.labels[decide(p, this.thresholds)]!, probs };
  }
}

/**
 * A classifier straight from training output, without a model directory (benchmarks, tests):
 * the manifest carries what inference reads; its weights hash is not computed.
 *
 * @example
 * const clf = inMemoryClassifier(trainClassifier(rows, opts), { name: 'tiny', view: 'text' });
 */
export function inMemoryClassifier(trained: { model: LinearModel; thresholds: Record<string, number>; features: VectorizerConfig; featureTokens: readonly string[] }, meta: { name: string; view: string; version?: string }): TextClassifier {
  const { model } = trained;
  return new TextClassifier({
    dir: '',
    model,
    manifest: {
      format: 'warden-model',
      formatVersion: 1,
      kind: 'linear-softmax',
      name: meta.name,
      version: meta.version ?? '0',
      wardenVersion: '0',
      createdAt: '',
      labels: [...model.labels],
      features: trained.features,
      input: { view: meta.view, featureTokens: [...trained.featureTokens] },
      temperature: model.temperature,
      thresholds: trained.thresholds,
      training: {},
      metrics: {},
      weights: { file: '', sha256: '0'.repeat(64), dtype: 'float32', shape: [model.labels.length, model.dim] },
    },
  });
}
