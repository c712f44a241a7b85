/**
 * A sparse feature vector: distinct `indices` (in no particular order) with their `values`. The hashing
 * vectorizer produces them; linear models read them without densifying.
 */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** Dot product of a sparse vector with row `row` of a row-major matrix of `dim` columns. */
export function dotRow(x: SparseVector, matrix: Float32Array | Float64Array, row: number, dim: number): number {
  const offset = row * dim;
  let sum = 0;
  for (let k = 0; k < x.indices.length; k++) sum += matrix[offset + x.indices[k]!]! * x.values[k]!;
  return sum;
}

/** Dense copy (for tests and for ONNX inputs), `dim` wide. */
export function toDense(x: SparseVector, dim: number): Float32Array {
  const out = new Float32Array(dim);
  for (let k = 0; k < x.indices.length; k++) out[x.indices[k]!] = x.values[k]!;
  return out;
}
