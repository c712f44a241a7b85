/**
 * Stratified splits for training and cross-validation. Rows are grouped by label, each group
 * is shuffled with a seeded PRNG, and rows are dealt out so every fold (or the test side of a
 * split) gets its share of every label, within one row.
 */
import { WardenError } from '../core/errors.js';
import { permutation, seededRandom } from '../text/random.js';

export interface Split {
  /** Row indices, ascending. */
  train: Int32Array;
  /** Row indices, ascending. */
  test: Int32Array;
}

function usage(message: string): WardenError {
  return new WardenError('W_USAGE', message);
}

/** Row indices grouped by label value (ascending), each group shuffled. */
function shuffledGroups(y: ArrayLike<number>, rand: () => number): Int32Array[] {
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const label = y[i]!;
    if (!Number.isFinite(label)) throw usage(`y[${i}] = ${label} is not a label`);
    const group = byLabel.get(label);
    if (group) group.push(i);
    else byLabel.set(label, [i]);
  }
  // Sorting the labels keeps the shuffle independent of which label happens to come first.
  return [...byLabel.keys()]
    .sort((a, b) => a - b)
    .map((label) => {
      const rows = byLabel.get(label)!;
      const order = permutation(rows.length, rand);
      return Int32Array.from(order, (j) => rows[j]!);
    });
}

/** Sorted indices in `[0, n)` that are not in `taken` (which is sorted). */
function complement(n: number, taken: Int32Array): Int32Array {
  const out = new Int32Array(n - taken.length);
  let t = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (t < taken.length && taken[t] === i) t++;
    else out[o++] = i;
  }
  return out;
}

/**
 * Stratified k-fold cross-validation: every row is in exactly one test fold, fold sizes differ
 * by at most one, and each fold holds each label's rows to within one of an even share. The
 * same `y`, `k` and `seed` always give the same folds. Throws `W_USAGE` unless 2 <= k <= n.
 *
 * @example
 * const folds = stratifiedKFold(Int32Array.of(0, 0, 0, 1, 1, 1), 3, 42);
 * folds.length; // 3, each test fold holds one 0 and one 1
 */
export function stratifiedKFold(y: ArrayLike<number>, k: number, seed: number): Split[] {
  const n = y.length;
  if (!Number.isInteger(k) || k < 2) throw usage(`k must be an integer >= 2, got ${k}`);
  if (k > n) throw usage(`k = ${k} folds need at least ${k} rows, got ${n}`);
  const groups = shuffledGroups(y, seededRandom(seed));
  const foldOf = new Int32Array(n);
  // Dealing round-robin over the concatenated groups, without restarting at each label, gives
  // both per-label balance and fold sizes within one row of each other.
  let dealt = 0;
  for (const group of groups) for (const row of group) foldOf[row] = dealt++ % k;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[foldOf[i]!]!++;
  const tests = Array.from(sizes, (size) => new Int32Array(size));
  const fill = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const f = foldOf[i]!;
    tests[f]![fill[f]!++] = i;
  }
  return tests.map((test) => ({ train: complement(n, test), test }));
}

/**
 * Stratified train/test split with `ratio` of the rows (rounded, at least one and at most n − 1)
 * in the test set. Each label sends the floor or ceiling of its share to test; the labels with
 * the largest remainders take the ceiling, so the total comes out exact. Deterministic for a
 * seed. Throws `W_USAGE` unless 0 < ratio < 1 and there are at least two rows.
 *
 * @example
 * const { train, test } = stratifiedSplit(Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1), 0.25, 1);
 * test.length; // 2: one row of each label
 */
export function stratifiedSplit(y: ArrayLike<number>, ratio: number, seed: number): Split {
  const n = y.length;
  if (!(ratio > 0 && ratio < 1)) throw usage(`ratio must be in (0, 1), got ${ratio}`);
  if (n < 2) throw usage(`a split needs at least 2 rows, got ${n}`);
  const groups = shuffledGroups(y, seededRandom(seed));
  const total = Math.min(n - 1, Math.max(1, Math.round(n * ratio)));
  const take = groups.map((g) => Math.floor(g.length * ratio));
  const remainder = groups.map((g, i) => g.length * ratio - take[i]!);
  // Largest remainder first; label order breaks ties so the split depends only on the seed.
  const order = groups.map((_, i) => i).sort((a, b) => remainder[b]! - remainder[a]! || a - b);
  let extra = total - take.reduce((a, b) => a + b, 0);
  // `total` lies between the sums of floors and ceilings, so the first loop adds at most one row
  // per label; the second only undoes a floor that float rounding pushed up to the next integer.
  for (let r = 0; extra > 0; r = (r + 1) % order.length) {
    const i = order[r]!;
    if (take[i]! < groups[i]!.length) {
      take[i]!++;
      extra--;
    }
  }
  for (let r = order.length - 1; extra < 0; r = (r - 1 + order.length) % order.length) {
    const i = order[r]!;
    if (take[i]! > 0) {
      take[i]!--;
      extra++;
    }
  }
  const test = new Int32Array(total);
  let o = 0;
  groups.forEach((group, i) => {
    test.set(group.subarray(0, take[i]!), o);
    o += take[i]!;
  });
  test.sort();
  return { train: complement(n, test), test };
}
