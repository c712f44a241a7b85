/**
 * ONNX export of a linear classifier, encoded by hand (see protobuf.ts): no protobuf or onnx
 * dependency. Field numbers below are those of onnx/onnx.proto (IR version 8).
 *
 * The graph starts at the dense *hashed* feature vector. Warden's feature hashing (tokenising,
 * n-grams, murmur-style string hashing into `dim` buckets, sign and scaling) runs outside the
 * graph: the ONNX standard operators cannot reproduce that string hashing bit for bit, so a
 * consumer vectorises text with Warden (or a port of its vectorizer) and feeds the result, e.g.
 * `toDense(vectorizer.transform(text), model.dim)`.
 *
 *   features float32 [batch, dim]
 *     → Gemm(W [K, dim], bias [K], transB=1)  → logits [batch, K]
 *     → Mul(1 / temperature)                   → scaled [batch, K]
 *     → Softmax(axis=1)                        → probabilities float32 [batch, K]
 *   logits → ArgMax(axis=1, keepdims=0)        → label int64 [batch]
 *
 * `metadata_props` carries `labels` (JSON array, index = `label` output), `temperature` and `dim`.
 */
import { writeFileAtomic } from '../core/atomic.js';
import { WardenError } from '../core/errors.js';
import { WARDEN_VERSION } from '../core/version.js';
import type { LinearModel } from './linear.js';
import { ProtoWriter, readFields } from './protobuf.js';

export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;

/** TensorProto.DataType values used here. */
const FLOAT = 1;
const INT64 = 7;
/** AttributeProto.AttributeType values used here. */
const ATTR_INT = 2;

// Protobuf cannot encode a message of 2 GiB or more (ONNX would need external data then).
const MAX_PROTO_BYTES = 2 ** 31 - 1;

export interface OnnxExportOptions {
  /** ModelProto.producer_name (default "warden"). */
  producer?: string;
  /** ModelProto.doc_string (default: a note that inputs are Warden's hashed features). */
  docString?: string;
}

interface Attribute {
  name: string;
  int: number;
}

function validate(model: LinearModel): void {
  const k = model.labels.length;
  const fail = (message: string): never => {
    throw new WardenError('W_MODEL_INVALID', `cannot export to ONNX: ${message}`);
  };
  if (k < 1) fail('the model has no labels');
  if (!Number.isSafeInteger(model.dim) || model.dim < 1) fail(`dim must be a positive integer, got ${model.dim}`);
  if (model.weights.length !== k * model.dim) {
    fail(`weights hold ${model.weights.length} values, expected labels (${k}) × dim (${model.dim}) = ${k * model.dim}`);
  }
  if (model.bias.length !== k) fail(`bias holds ${model.bias.length} values, expected one per label (${k})`);
  if (!(Number.isFinite(model.temperature) && model.temperature > 0)) {
    fail(`temperature must be a finite number > 0, got ${model.temperature}`);
  }
  if (model.weights.length * 4 + 65536 > MAX_PROTO_BYTES) {
    fail(`${model.weights.length} weights exceed the 2 GiB protobuf limit; reduce dim or the label count`);
  }
}

/**
 * Encodes a linear model as an ONNX ModelProto (IR 8, default-domain opset 17). Inputs are
 * dense hashed feature vectors `features` float32 [batch, dim]; outputs are `probabilities`
 * float32 [batch, K] (softmax((W·x + b) / temperature), as `predictProba`) and `label` int64
 * [batch] (index into the `labels` metadata entry). Throws W_MODEL_INVALID on inconsistent shapes.
 *
 * @example
 * const bytes = toOnnx(model, { producer: 'my-pipeline' });
 * const session = await InferenceSession.create(bytes); // onnxruntime-node
 * const x = new Tensor('float32', toDense(vectorizer.transform(text), model.dim), [1, model.dim]);
 * const { probabilities, label } = await session.run({ features: x });
 */
export function toOnnx(model: LinearModel, options: OnnxExportOptions = {}): Uint8Array {
  validate(model);
  const k = model.labels.length;
  const dim = model.dim;
  const docString =
    options.docString ??
    `Warden linear classifier over ${k} labels. Input "features" is the dense hashed feature vector ` +
      `(dim ${dim}) produced by Warden's hashing vectorizer, which runs outside this graph.`;
  const w = new ProtoWriter(model.weights.length * 4 + k * 4 + 4096);

  // ModelProto
  w.int64(1, ONNX_IR_VERSION); // ir_version = 1
  w.string(2, options.producer ?? 'warden'); // producer_name = 2
  w.string(3, WARDEN_VERSION); // producer_version = 3
  w.string(6, docString); // doc_string = 6
  w.message(8, () => {
    // opset_import = 8: OperatorSetIdProto { domain = 1 ("" is ai.onnx), version = 2 }
    w.string(1, '');
    w.int64(2, ONNX_OPSET);
  });
  w.message(7, () => writeGraph(w, model)); // graph = 7
  const metadata: [string, string][] = [
    ['labels', JSON.stringify(model.labels)],
    ['temperature', String(model.temperature)],
    ['dim', String(dim)],
  ];
  for (const [key, value] of metadata) {
    // metadata_props = 14: StringStringEntryProto { key = 1, value = 2 }
    w.message(14, () => w.string(1, key).string(2, value));
  }
  return w.finish();
}

function writeGraph(w: ProtoWriter, model: LinearModel): void {
  const k = model.labels.length;
  // GraphProto: node = 1, name = 2, initializer = 5, doc_string = 10, input = 11, output = 12
  writeNode(w, 'Gemm', ['features', 'W', 'B'], ['logits'], [{ name: 'transB', int: 1 }]);
  writeNode(w, 'Mul', ['logits', 'inv_temperature'], ['scaled_logits'], []);
  writeNode(w, 'Softmax', ['scaled_logits'], ['probabilities'], [{ name: 'axis', int: 1 }]);
  writeNode(w, 'ArgMax', ['logits'], ['label'], [
    { name: 'axis', int: 1 },
    { name: 'keepdims', int: 0 },
  ]);
  w.string(2, 'warden_linear');
  writeTensor(w, 'W', [k, model.dim], model.weights);
  writeTensor(w, 'B', [k], model.bias);
  writeTensor(w, 'inv_temperature', [], Float32Array.of(1 / model.temperature));
  writeValueInfo(w, 11, 'features', FLOAT, ['batch', model.dim], 'dense hashed feature vectors (Warden vectorizer output)');
  writeValueInfo(w, 12, 'probabilities', FLOAT, ['batch', k], 'softmax((W·x + b) / temperature), one column per label');
  writeValueInfo(w, 12, 'label', INT64, ['batch'], 'argmax index into the "labels" metadata entry');
}

function writeNode(w: ProtoWriter, opType: string, inputs: string[], outputs: string[], attributes: Attribute[]): void {
  w.message(1, () => {
    // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5
    for (const input of inputs) w.string(1, input);
    for (const output of outputs) w.string(2, output);
    w.string(3, `${opType.toLowerCase()}_${outputs[0]}`);
    w.string(4, opType);
    for (const attribute of attributes) {
      // AttributeProto: name = 1, i = 3, type = 20
      w.message(5, () => w.string(1, attribute.name).int64(3, attribute.int).int64(20, ATTR_INT));
    }
  });
}

function writeTensor(w: ProtoWriter, name: string, dims: number[], values: Float32Array): void {
  // GraphProto.initializer = 5: TensorProto { dims = 1 (packed int64), data_type = 2, name = 8, raw_data = 9 }
  w.message(5, () => {
    if (dims.length > 0) w.packedInt64(1, dims);
    w.int64(2, FLOAT);
    w.string(8, name);
    w.floatsLE(9, values);
  });
}

function writeValueInfo(w: ProtoWriter, field: number, name: string, elemType: number, shape: (number | string)[], doc: string): void {
  // ValueInfoProto { name = 1, type = 2, doc_string = 3 }
  w.message(field, () => {
    w.string(1, name);
    // TypeProto { tensor_type = 1 }: TypeProto.Tensor { elem_type = 1, shape = 2 }
    w.message(2, () =>
      w.message(1, () => {
        w.int64(1, elemType);
        w.message(2, () => {
          // TensorShapeProto { dim = 1 }: Dimension { dim_value = 1, dim_param = 2 }
          for (const d of shape) w.message(1, () => (typeof d === 'number' ? w.int64(1, d) : w.string(2, d)));
        });
      }),
    );
    w.string(3, doc);
  });
}

/**
 * Reads `metadata_props` back from an encoded ModelProto (onnxruntime's JavaScript API does not
 * expose them). Throws W_MODEL_INVALID when the bytes are not a well-formed protobuf message.
 *
 * @example
 * const labels = JSON.parse(readOnnxMetadata(bytes).labels!) as string[];
 */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const out: Record<string, string> = {};
  try {
    for (const entry of readFields(bytes)) {
      if (entry.field !== 14 || !entry.bytes) continue; // ModelProto.metadata_props = 14
      let key = '';
      let value = '';
      for (const part of readFields(entry.bytes)) {
        if (part.field === 1 && part.bytes) key = decoder.decode(part.bytes);
        else if (part.field === 2 && part.bytes) value = decoder.decode(part.bytes);
      }
      out[key] = value;
    }
  } catch (cause) {
    throw new WardenError('W_MODEL_INVALID', `not an ONNX model: ${(cause as Error).message}`, { cause });
  }
  return out;
}

/**
 * Exports a linear model to an `.onnx` file, atomically (readers never see a partial file).
 *
 * @example
 * await writeOnnx(model, 'models/egress/model.onnx');
 */
export async function writeOnnx(model: LinearModel, path: string, options: OnnxExportOptions = {}): Promise<void> {
  await writeFileAtomic(path, toOnnx(model, options));
}
