import { createHash, randomBytes, type Hash } from 'node:crypto';
import type { SegmentKind } from '../text/segment.js';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
export type DetectorName = 'secrets' | 'pii' | 'commands' | 'urls' | 'exfil' | 'blocklist';
export const DETECTORS: readonly DetectorName[] = ['secrets', 'pii', 'commands', 'urls', 'exfil', 'blocklist'];

/** One step of how a score came about (Presidio-style explanation). */
export interface ScoreStep {
  step: 'pattern' | 'validator' | 'entropy' | 'invalidation' | 'context' | 'structure';
  /** Score after this step. */
  score: number;
  reason: string;
}

/**
 * What a detector reports, in offsets of the text it was given (a view). The scanner maps spans
 * to the original, masks the value and adds segment, views and context.
 */
export interface RawFinding {
  rule: string;
  category: string;
  start: number;
  end: number;
  severity: Severity;
  score: number;
  message: string;
  attack?: string;
  explanation?: ScoreStep[];
}

/** A finding as the world sees it: offsets into the ORIGINAL text, no raw value anywhere. */
export interface Finding extends RawFinding {
  detector: DetectorName;
  /** Masked value: first and last characters at most, the rest as '*'. */
  preview: string;
  /** Salted SHA-256 of the matched value (hex, 32 chars): joins repeats without revealing it. */
  hash: string;
  segment: { kind: SegmentKind; lang?: string };
  /** Original-text window around the finding (about 200 chars each side) for the pre-classifier. */
  context: [number, number];
  /** Views the finding was seen in, e.g. ['confusables'] or ['base64']; [] for the plain text. */
  views: string[];
  /** Weaker findings on the same span that were merged into this one. */
  related?: { detector: DetectorName; rule: string; score: number }[];
  /** The pre-classifier's reading of a command finding's context (when one is loaded). */
  intent?: Intent;
}

/** Whether a command is explained (educational), handed over to run (command), or absent (text). */
export interface Intent {
  label: string;
  /** Calibrated probability per label. */
  probs: Record<string, number>;
  /** The model's decision thresholds (e.g. {command: 0.31}). */
  thresholds: Record<string, number>;
  model: string;
}

const processSalt = process.env.WARDEN_HASH_SALT ?? randomBytes(16).toString('hex');
const keyed = new Map<string, Hash>();

/**
 * Salted hash of a matched value (SHA-256 over salt, a separator and the value; 128 bits as hex).
 * The salt comes from WARDEN_HASH_SALT or is random per process; its hash state is kept and
 * copied per value, which is several times cheaper than a fresh HMAC per finding.
 */
export function hashValue(value: string, salt: string = processSalt): string {
  let base = keyed.get(salt);
  if (!base) {
    if (keyed.size > 16) keyed.clear();
    base = createHash('sha256').update(salt).update('\u0000');
    keyed.set(salt, base);
  }
  return base.copy().update(value).digest('hex').slice(0, 32);
}

/**
 * A preview that never reveals a secret: short values are fully masked, longer ones keep at
 * most 2 leading and 2 trailing characters (4 chars of a 40-char key give nothing away).
 *
 * @example
 * maskPreview('AKIAIOSFODNN7EXAMPLE'); // 'AK****************LE'
 */
export function maskPreview(value: string, maxLength = 24): string {
  const chars = [...value.replace(/\s+/g, ' ')];
  const keep = chars.length >= 16 ? 2 : chars.length >= 8 ? 1 : 0;
  const head = chars.slice(0, keep).join('');
  const tail = keep ? chars.slice(-keep).join('') : '';
  if (chars.length <= maxLength) return head + '*'.repeat(chars.length - 2 * keep) + tail;
  return `${head}${'*'.repeat(maxLength - 2 * keep - 1)}…${tail}`;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
