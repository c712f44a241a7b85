import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { WardenError } from '../core/errors.js';
import { predictProba, type LinearModel } from './linear.js';
import { readOnnxMetadata, toOnnx, writeOnnx } from './onnx.js';
import { ProtoWriter, readFields, varintSize } from './protobuf.js';
import { toDense, type SparseVector } from './sparse.js';
import { mulberry32 as seeded } from '../text/random.js';

function randomModel(rand: () => number, labels: string[], dim: number, density: number, temperature = 1): LinearModel {
  const weights = new Float32Array(labels.length * dim);
  for (let i = 0; i < weights.length; i++) if (rand() < density) weights[i] = (rand() * 2 - 1) * 1.5;
  const bias = Float32Array.from(labels, () => rand() * 2 - 1);
  return { labels, dim, weights, bias, temperature };
}

function randomSparse(rand: () => number, dim: number, nonZeros: number): SparseVector {
  const picked = new Set<number>();
  while (picked.size < nonZeros) picked.add(Math.floor(rand() * dim));
  const indices = Int32Array.from([...picked].sort((a, b) => a - b));
  const values = Float32Array.from(indices, () => rand() * 2 - 0.5);
  return { indices, values };
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Runs the exported graph on a batch and checks it against `predictProba` row by row. */
async function expectSameAsPredictProba(model: LinearModel, batch: SparseVector[], bytes = toOnnx(model)): Promise<Float32Array> {
  const session = await InferenceSession.create(bytes);
  try {
    const k = model.labels.length;
    const input = new Float32Array(batch.length * model.dim);
    batch.forEach((x, row) => input.set(toDense(x, model.dim), row * model.dim));
    const result = await session.run({ features: new Tensor('float32', input, [batch.length, model.dim]) });
    const probabilities = result.probabilities!;
    const label = result.label!;
    expect(probabilities.type).toBe('float32');
    expect(probabilities.dims).toEqual([batch.length, k]);
    expect(label.type).toBe('int64');
    expect(label.dims).toEqual([batch.length]);
    const got = probabilities.data as Float32Array;
    const labels = label.data as BigInt64Array;
    batch.forEach((x, row) => {
      const expected = predictProba(model, x);
      for (let j = 0; j < k; j++) expect(Math.abs(got[row * k + j]! - expected[j]!)).toBeLessThanOrEqual(1e-5);
      expect(Number(labels[row])).toBe(argmax(expected));
    });
    return got;
  } finally {
    await session.release();
  }
}

describe('toOnnx', () => {
  it('matches predictProba on a small dense model (dim 64, 4 labels)', async () => {
    const rand = seeded(17);
    const model = randomModel(rand, ['benign', 'secret', 'pii', 'exfil'], 64, 1);
    const batch = Array.from({ length: 8 }, () => randomSparse(rand, 64, 1 + Math.floor(rand() * 20)));
    await expectSameAsPredictProba(model, batch);
  });

  it('declares the input and output shapes with a symbolic batch dimension', async () => {
    const model = randomModel(seeded(3), ['a', 'b', 'c'], 64, 1);
    const session = await InferenceSession.create(toOnnx(model));
    try {
      expect(session.inputNames).toEqual(['features']);
      expect(session.outputNames).toEqual(['probabilities', 'label']);
      const [features] = session.inputMetadata;
      const [probabilities, label] = session.outputMetadata;
      expect(features).toMatchObject({ name: 'features', isTensor: true, type: 'float32', shape: ['batch', 64] });
      expect(probabilities).toMatchObject({ name: 'probabilities', isTensor: true, type: 'float32', shape: ['batch', 3] });
      expect(label).toMatchObject({ name: 'label', isTensor: true, type: 'int64', shape: ['batch'] });
    } finally {
      await session.release();
    }
  });

  it('matches predictProba on a 2^18-dim sparse-ish model, and encodes it fast', async () => {
    const rand = seeded(2024);
    const dim = 2 ** 18;
    const model = randomModel(rand, ['allow', 'review', 'block'], dim, 0.02, 1.7);
    const started = performance.now();
    const bytes = toOnnx(model);
    const elapsed = performance.now() - started;
    expect(bytes.length).toBeGreaterThan(model.weights.length * 4);
    expect(bytes.length).toBeLessThan(model.weights.length * 4 + 4096);
    expect(elapsed).toBeLessThan(1000);
    // Dense enough inputs that several weights hit per row, so the labels are not all the bias argmax.
    const batch = Array.from({ length: 6 }, () => randomSparse(rand, dim, 4_000));
    await expectSameAsPredictProba(model, batch, bytes);
  });

  it('honours the temperature', async () => {
    const rand = seeded(99);
    const base = randomModel(rand, ['x', 'y', 'z'], 64, 1);
    const batch = Array.from({ length: 5 }, () => randomSparse(rand, 64, 16));
    const cold = await expectSameAsPredictProba({ ...base, temperature: 1 }, batch);
    const hot = await expectSameAsPredictProba({ ...base, temperature: 4 }, batch);
    // A higher temperature flattens every row: its largest probability drops.
    for (let row = 0; row < batch.length; row++) {
      expect(Math.max(...hot.subarray(row * 3, row * 3 + 3))).toBeLessThan(Math.max(...cold.subarray(row * 3, row * 3 + 3)));
    }
  });

  it('stores labels, temperature and dim in metadata_props, and the producer fields', () => {
    const model = randomModel(seeded(5), ['benign', 'injection "quoted"', 'ünïcode'], 32, 1, 0.75);
    const bytes = toOnnx(model, { producer: 'test-suite', docString: 'doc here' });
    const metadata = readOnnxMetadata(bytes);
    expect(JSON.parse(metadata.labels!)).toEqual(model.labels);
    expect(Number(metadata.temperature)).toBe(0.75);
    expect(metadata.dim).toBe('32');
    const top = new Map<number, Uint8Array | number>();
    for (const f of readFields(bytes)) if (!top.has(f.field)) top.set(f.field, f.bytes ?? f.value);
    const text = (field: number) => new TextDecoder().decode(top.get(field) as Uint8Array);
    expect(top.get(1)).toBe(8); // ir_version
    expect(text(2)).toBe('test-suite'); // producer_name
    expect(text(6)).toBe('doc here'); // doc_string
    const opset = [...readFields(top.get(8) as Uint8Array)];
    expect(opset).toContainEqual({ field: 2, wireType: 0, value: 17 });
  });

  it('rejects inconsistent models with W_MODEL_INVALID', () => {
    const model = randomModel(seeded(8), ['a', 'b'], 16, 1);
    const bad: LinearModel[] = [
      { ...model, weights: new Float32Array(31) },
      { ...model, bias: new Float32Array(3) },
      { ...model, temperature: 0 },
      { ...model, temperature: Number.NaN },
      { ...model, labels: [], weights: new Float32Array(0), bias: new Float32Array(0) },
    ];
    for (const m of bad) {
      expect(() => toOnnx(m)).toThrow(WardenError);
      try {
        toOnnx(m);
      } catch (error) {
        expect((error as WardenError).code).toBe('W_MODEL_INVALID');
      }
    }
    expect(() => readOnnxMetadata(Uint8Array.of(0x72, 0x05, 0x01))).toThrow(/not an ONNX model/);
  });
});

describe('writeOnnx', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes the same bytes atomically, and the file loads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'warden-onnx-'));
    dirs.push(dir);
    const model = randomModel(seeded(11), ['a', 'b'], 8, 1, 2);
    const path = join(dir, 'nested', 'model.onnx');
    await writeOnnx(model, path);
    expect(new Uint8Array(await readFile(path))).toEqual(toOnnx(model));
    const session = await InferenceSession.create(path);
    expect(session.outputNames).toEqual(['probabilities', 'label']);
    await session.release();
  });
});

describe('ProtoWriter', () => {
  it('writes varints at the 7-bit boundaries and reads them back', () => {
    const values = [0, 1, 127, 128, 16383, 16384, 2 ** 31, 2 ** 53 - 1];
    const w = new ProtoWriter(4);
    for (const v of values) w.int64(1, v);
    expect([...readFields(w.finish())].map((f) => f.value)).toEqual(values);
    expect(values.map(varintSize)).toEqual([1, 1, 1, 2, 2, 3, 5, 8]);
    expect([...new ProtoWriter().int64(1, -1).finish()]).toEqual([0x08, ...Array(9).fill(0xff), 0x01]);
  });

  it('fills in nested lengths that need more than one byte', () => {
    const w = new ProtoWriter(8);
    const payload = new Float32Array(1000).map((_, i) => i / 3);
    w.message(7, () => {
      w.string(2, 'inner');
      w.message(5, () => w.floatsLE(9, payload));
    });
    w.string(3, 'after');
    const [outer, after] = [...readFields(w.finish())];
    expect(after).toMatchObject({ field: 3 });
    const [name, tensor] = [...readFields(outer!.bytes!)];
    expect(new TextDecoder().decode(name!.bytes)).toBe('inner');
    const [raw] = [...readFields(tensor!.bytes!)];
    const copy = raw!.bytes!.slice();
    expect(new Float32Array(copy.buffer)).toEqual(payload);
  });

  it('writes fixed32 floats little-endian', () => {
    expect([...new ProtoWriter().float(2, 1).finish()]).toEqual([0x15, 0x00, 0x00, 0x80, 0x3f]);
  });
});
