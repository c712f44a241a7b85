import { WardenError } from '../../core/errors.js';

const POSITIVE = ['hazardous', 'hazard', 'unsafe', 'harmful', 'positive', 'remove', 'removed', 'flagged', '1', 'true', 'yes'];
const NEGATIVE = ['benign', 'safe', 'negative', 'clean', 'keep', 'kept', 'ok', 'none', '0', 'false', 'no'];

/**
 * The classifier label whose probability is the hazard score: `wanted` when given, else a label
 * named like "hazardous"/"unsafe"/"1", else the other label of a two-label model whose first is
 * named like "benign"/"safe"/"0".
 *
 * @example
 * hazardLabel(['benign', 'hazard']); // 'hazard'
 */
export function hazardLabel(labels: readonly string[], wanted?: string, where?: string): string {
  if (wanted !== undefined) {
    if (labels.includes(wanted)) return wanted;
    throw new WardenError('W_CONFIG_INVALID', `--classifier-label "${wanted}" is not a label of the model (labels: ${labels.join(', ')})`, where ? { where } : {});
  }
  const named = labels.find((l) => POSITIVE.includes(l.toLowerCase()));
  if (named) return named;
  if (labels.length === 2) {
    const negative = labels.findIndex((l) => NEGATIVE.includes(l.toLowerCase()));
    if (negative >= 0) return labels[1 - negative]!;
  }
  throw new WardenError('W_CONFIG_INVALID', `cannot tell which model label means hazardous (labels: ${labels.join(', ')}); pass --classifier-label`, where ? { where } : {});
}

/**
 * Ground truth from a record's `--label-field` value: 1 hazardous, 0 benign, null unknown or
 * absent (left out of precision/recall). Booleans, numbers (non-zero is hazardous) and the label
 * names above are understood, as is the classifier's own hazard label.
 *
 * @example
 * truthOf('hazard'); // 1
 * truthOf(false); // 0
 */
export function truthOf(value: unknown, hazard?: string): 0 | 1 | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? (value !== 0 ? 1 : 0) : null;
  if (typeof value === 'bigint') return value !== 0n ? 1 : 0;
  if (typeof value !== 'string') return null;
  if (hazard !== undefined && value === hazard) return 1;
  const key = value.trim().toLowerCase();
  if (POSITIVE.includes(key)) return 1;
  if (NEGATIVE.includes(key)) return 0;
  return null;
}
