import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { WardenError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import { WARDEN_VERSION } from '../core/version.js';
import type { LinearModel } from './linear.js';
import { vectorizerConfigSchema } from './vectorizer.js';

export const MANIFEST_FILE = 'manifest.json';
export const WEIGHTS_FILE = 'weights.bin';

export const manifestSchema = z.object({
  format: z.literal('warden-model'),
  formatVersion: z.literal(1),
  kind: z.literal('linear-softmax'),
  name: z.string().min(1),
  version: z.string().min(1),
  wardenVersion: z.string(),
  createdAt: z.string(),
  labels: z.array(z.string().min(1)).min(2),
  features: vectorizerConfigSchema,
  /** How inputs are built from a record or a finding (`text`, or `preclassifier-window`). */
  input: z.object({ view: z.string(), featureTokens: z.array(z.string()) }),
  temperature: z.number().positive(),
  /** Per-label decision thresholds (see `decide`); labels without one compete by argmax. */
  thresholds: z.record(z.string(), z.number().min(0).max(1)),
  training: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
  weights: z.object({
    file: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    dtype: z.literal('float32'),
    /** [labels, dim] weights, then `labels` biases, little-endian. */
    shape: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  }),
});
export type ModelManifest = z.infer<typeof manifestSchema>;

export interface LoadedModel {
  manifest: ModelManifest;
  model: LinearModel;
  dir: string;
}

/** Weights then biases as little-endian float32 (the layout `weights.shape` describes). */
export function encodeWeights(model: LinearModel): Uint8Array {
  const K = model.labels.length;
  const out = new Float32Array(K * model.dim + K);
  out.set(model.weights, 0);
  out.set(model.bias, K * model.dim);
  // Float32Array is platform-endian; every machine Node runs on is little-endian, checked here.
  if (new Uint8Array(new Float32Array([1]).buffer)[3] !== 0x3f) throw new WardenError('W_INTERNAL', 'big-endian platforms are not supported');
  return new Uint8Array(out.buffer);
}

/**
 * Writes a model directory (manifest.json + weights.bin) atomically: both files go to a staging
 * directory that replaces the target in one rename, so a reader never sees half a model.
 *
 * @example
 * await saveModel('models/preclassifier', model, { name: 'preclassifier', ... });
 */
export async function saveModel(dir: string, model: LinearModel, meta: Omit<ModelManifest, 'format' | 'formatVersion' | 'kind' | 'labels' | 'temperature' | 'weights' | 'wardenVersion' | 'createdAt'> & { createdAt?: string }): Promise<ModelManifest> {
  const bytes = encodeWeights(model);
  const manifest: ModelManifest = manifestSchema.parse({
    format: 'warden-model',
    formatVersion: 1,
    kind: 'linear-softmax',
    wardenVersion: WARDEN_VERSION,
    createdAt: meta.createdAt ?? new Date().toISOString(),
    ...meta,
    labels: [...model.labels],
    temperature: model.temperature,
    weights: { file: WEIGHTS_FILE, sha256: sha256(bytes), dtype: 'float32', shape: [model.labels.length, model.dim] },
  });
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const staging = join(parent, `.${basename(dir)}.tmp-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  try {
    await writeFile(join(staging, WEIGHTS_FILE), bytes);
    await writeFile(join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    const old = `${staging}-old`;
    if (existsSync(dir)) await rename(dir, old);
    await rename(staging, dir);
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new WardenError('W_IO_WRITE', `cannot write model to ${dir}`, { cause: error, where: dir });
  }
  return manifest;
}

/**
 * Reads and checks a model directory: the manifest is validated field by field, and the
 * weights' sha256 must match the manifest before any weight is used.
 *
 * @example
 * const { model, manifest } = await loadModel('models/preclassifier');
 */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const manifestPath = join(dir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw new WardenError('W_MODEL_NOT_FOUND', `no model at ${dir} (${MANIFEST_FILE} missing)`, { cause: error, where: dir });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new WardenError('W_MODEL_INVALID', `${MANIFEST_FILE} is not valid JSON: ${(error as Error).message}`, { cause: error, where: manifestPath });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new WardenError('W_MODEL_INVALID', `${issue.path.join('.') || '(root)'}: ${issue.message}`, { where: manifestPath });
  }
  const manifest = parsed.data;
  const weightsPath = join(dir, manifest.weights.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(weightsPath);
  } catch (error) {
    throw new WardenError('W_MODEL_NOT_FOUND', `weights file ${manifest.weights.file} missing`, { cause: error, where: weightsPath });
  }
  const digest = sha256(bytes);
  if (digest !== manifest.weights.sha256) throw new WardenError('W_MODEL_INTEGRITY', `sha256 of ${manifest.weights.file} is ${digest}, manifest says ${manifest.weights.sha256}`, { where: weightsPath });
  const [K, dim] = manifest.weights.shape;
  if (K !== manifest.labels.length || dim !== 2 ** manifest.features.bits) throw new WardenError('W_MODEL_INVALID', `weights shape [${K}, ${dim}] does not fit ${manifest.labels.length} labels and 2^${manifest.features.bits} features`, { where: manifestPath });
  if (bytes.length !== (K * dim + K) * 4) throw new WardenError('W_MODEL_INVALID', `weights file has ${bytes.length} bytes, expected ${(K * dim + K) * 4}`, { where: weightsPath });
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const model: LinearModel = { labels: manifest.labels, dim, weights: floats.subarray(0, K * dim), bias: floats.subarray(K * dim), temperature: manifest.temperature };
  return { manifest, model, dir };
}
