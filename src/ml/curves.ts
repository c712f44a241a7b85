/**
 * One-vs-rest ranking metrics for a single label (average precision, ROC AUC and the curves
 * behind them) and the top-label reliability diagram. Definitions follow scikit-learn (`precision_recall_curve`, `roc_curve`,
 * `average_precision_score`, `roc_auc_score`) so numbers can be checked against it.
 */

/** A curve as `[x, y]` pairs, ready for JSON and plotting. */
export type CurvePoints = [number, number][];

/** One bin of the top-label reliability diagram; `lower` inclusive, `upper` exclusive (1 is in the last bin). */
export interface CalibrationBin {
  bin: number;
  lower: number;
  upper: number;
  count: number;
  /** Null for an empty bin. */
  meanConfidence: number | null;
  /** Null for an empty bin. */
  accuracy: number | null;
}

/** Cumulative true/false positives at each distinct score, highest score first. */
export interface ThresholdCounts {
  /** Distinct scores, descending. */
  thresholds: Float64Array;
  tps: Float64Array;
  fps: Float64Array;
  positives: number;
  negatives: number;
}

/**
 * Counts true and false positives when predicting "positive" for every score >= each distinct
 * threshold. Equal scores are one threshold, which is how ties get half credit in AUROC and no
 * order-dependent credit in AP.
 *
 * @example
 * const c = thresholdCounts(Float64Array.from([0.9, 0.4, 0.4]), Uint8Array.from([1, 0, 1]));
 * c.tps; // Float64Array [1, 2]
 */
export function thresholdCounts(scores: ArrayLike<number>, positive: ArrayLike<number>): ThresholdCounts {
  const n = scores.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    if (positive[i]) tp++;
    else fp++;
    // Only the last row of a run of equal scores closes a threshold.
    if (r === n - 1 || scores[order[r + 1]!]! !== scores[i]!) {
      thresholds.push(scores[i]!);
      tps.push(tp);
      fps.push(fp);
    }
  }
  return {
    thresholds: Float64Array.from(thresholds),
    tps: Float64Array.from(tps),
    fps: Float64Array.from(fps),
    positives: tp,
    negatives: fp,
  };
}

/**
 * Average precision, AP = Σ (Rₙ − Rₙ₋₁) Pₙ over thresholds: sklearn's
 * `average_precision_score`, with no interpolation. `null` when there are no positives (sklearn
 * warns and returns 0 there, which would read as a real, terrible score).
 *
 * @example
 * averagePrecision(thresholdCounts([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])); // 0.8333…
 */
export function averagePrecision(counts: ThresholdCounts): number | null {
  if (counts.positives === 0) return null;
  let ap = 0;
  let prevRecall = 0;
  for (let t = 0; t < counts.tps.length; t++) {
    const tp = counts.tps[t]!;
    const recall = tp / counts.positives;
    ap += (recall - prevRecall) * (tp / (tp + counts.fps[t]!));
    prevRecall = recall;
  }
  return ap;
}

/**
 * Area under the ROC curve by the trapezoid rule over distinct thresholds, so tied scores
 * count one half (sklearn's `roc_auc_score`). `null` unless both classes are present.
 *
 * @example
 * rocAuc(thresholdCounts([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])); // 0.75
 */
export function rocAuc(counts: ThresholdCounts): number | null {
  if (counts.positives === 0 || counts.negatives === 0) return null;
  let area = 0;
  let prevTpr = 0;
  let prevFpr = 0;
  for (let t = 0; t < counts.tps.length; t++) {
    const tpr = counts.tps[t]! / counts.positives;
    const fpr = counts.fps[t]! / counts.negatives;
    area += ((fpr - prevFpr) * (tpr + prevTpr)) / 2;
    prevTpr = tpr;
    prevFpr = fpr;
  }
  return area;
}

/**
 * Precision–recall curve as `[recall, precision]`, from recall 0 (precision 1, as sklearn
 * anchors it) through every distinct threshold, so the tail after full recall shows how far
 * precision falls to the base rate (sklearn >= 1.1 keeps it too). Empty when there are no
 * positives.
 *
 * @example
 * prCurve(thresholdCounts([0.9, 0.2], [1, 0])); // [[0, 1], [1, 1], [1, 0.5]]
 */
export function prCurve(counts: ThresholdCounts): CurvePoints {
  if (counts.positives === 0) return [];
  const points: CurvePoints = [[0, 1]];
  for (let t = 0; t < counts.tps.length; t++) {
    const tp = counts.tps[t]!;
    points.push([tp / counts.positives, tp / (tp + counts.fps[t]!)]);
  }
  return points;
}

/**
 * ROC curve as `[fpr, tpr]` from (0, 0) to (1, 1). Empty unless both classes are present.
 *
 * @example
 * rocCurve(thresholdCounts([0.9, 0.2], [1, 0])); // [[0, 0], [0, 1], [1, 1]]
 */
export function rocCurve(counts: ThresholdCounts): CurvePoints {
  if (counts.positives === 0 || counts.negatives === 0) return [];
  const points: CurvePoints = [[0, 0]];
  for (let t = 0; t < counts.tps.length; t++) {
    points.push([counts.fps[t]! / counts.negatives, counts.tps[t]! / counts.positives]);
  }
  return points;
}

/**
 * Keeps at most `maxPoints` points, evenly spaced by index and always including both ends, so
 * a report over a million rows stays small while the curve's shape and endpoints survive.
 *
 * @example
 * downsample([[0, 0], [0.2, 0.5], [0.5, 0.7], [0.6, 0.8], [1, 1]], 3); // [[0, 0], [0.5, 0.7], [1, 1]]
 */
export function downsample(points: CurvePoints, maxPoints: number): CurvePoints {
  if (points.length <= maxPoints) return points;
  const out: CurvePoints = [];
  const last = points.length - 1;
  let prev = -1;
  for (let k = 0; k < maxPoints; k++) {
    const index = Math.round((k * last) / (maxPoints - 1));
    if (index !== prev) out.push(points[index]!);
    prev = index;
  }
  return out;
}

/**
 * Top-label reliability: confidences in equal-width bins, each bin's mean confidence against its
 * accuracy, and the expected calibration error ECE = Σ (count / n) · |accuracy − confidence|.
 *
 * @example
 * reliability(Float64Array.of(0.9, 0.8), Uint8Array.of(1, 0), 10).ece; // 0.45
 */
export function reliability(confidence: Float64Array, correct: Uint8Array, bins: number): { ece: number; calibration: CalibrationBin[] } {
  const count = new Int32Array(bins);
  const confSum = new Float64Array(bins);
  const hitSum = new Int32Array(bins);
  for (let i = 0; i < confidence.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(confidence[i]! * bins)));
    count[b]!++;
    confSum[b]! += confidence[i]!;
    hitSum[b]! += correct[i]!;
  }
  let ece = 0;
  const calibration: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b]!;
    const meanConfidence = c === 0 ? null : confSum[b]! / c;
    const accuracy = c === 0 ? null : hitSum[b]! / c;
    if (c > 0) ece += (c / confidence.length) * Math.abs(accuracy! - meanConfidence!);
    calibration.push({ bin: b, lower: b / bins, upper: (b + 1) / bins, count: c, meanConfidence, accuracy });
  }
  return { ece, calibration };
}
