/**
 * The assemble stage's input and output records. Structure, Align and Review produce
 * `InstructionPair`s; assemble normalises, deduplicates, filters, splits and exports them.
 */
import type { RecordKind, SourceName } from '../types.js';

/** Metadata every pair carries; later stages may add their own keys. */
export interface PairMetadata {
  /** The source the pair was built from (`align` for security-aligned examples). */
  source: SourceName | string;
  kind: RecordKind | string;
  /** Source record ids (`nvd:CVE-2003-0001`...); pairs sharing one never land in two splits. */
  source_ids: string[];
  domains?: string[];
  [key: string]: unknown;
}

/** One instruction/response pair, one JSON object per line of the assemble input. */
export interface InstructionPair {
  id: string;
  instruction: string;
  response: string;
  metadata: PairMetadata;
}

/** train, validation, test shares. */
export type Ratios = [number, number, number];

/** MinHash LSH settings. */
export interface NearDupOptions {
  /** Word shingle size. Default 3: short pairs lose too many 5-grams to one edited word (see src/text/minhash.ts). */
  shingle: number;
  bands: number;
  rows: number;
  /** Minimum estimated Jaccard similarity for a verified pair. Default 0.7 (near the 16 × 8 banding's S-curve midpoint, (1/16)^(1/8) ≈ 0.71). */
  threshold: number;
  seed: number;
}

/** Quality filter settings. */
export interface QualityOptions {
  minInstructionChars: number;
  maxInstructionChars: number;
  minResponseChars: number;
  maxResponseChars: number;
  /** `en` runs the English heuristic; `any` turns the check off. */
  language: 'en' | 'any';
  /** Metadata kinds whose deliberate refusals are not leakage (Align's examples). */
  refusalExemptKinds: string[];
}

export type SplitName = 'train' | 'validation' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'validation', 'test'];

export type ExportFormat = 'jsonl' | 'chat' | 'sharegpt' | 'parquet' | 'hf';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'chat', 'sharegpt', 'parquet', 'hf'];

/** Why a pair was removed; counted per reason in the report and the card. */
export type RemovalReason = 'exact-duplicate' | 'near-duplicate' | 'contaminated' | 'too-short' | 'too-long' | 'language' | 'refusal-leakage';

/** What a run did: written to `<out>/assemble.json` and rendered into the card. */
export interface AssembleReport {
  upToDate: boolean;
  fingerprint: string;
  input: { path: string; sha256: string; pairs: number };
  config: {
    formats: ExportFormat[];
    ratios: Ratios;
    seed: number;
    nearDup: NearDupOptions;
    quality: QualityOptions;
    decontaminate: string[];
    /** The options of the stages that produced the input, by stage (given by `warden instruct run`). */
    upstream?: Record<string, unknown>;
  };
  removed: Record<RemovalReason, number>;
  nearDuplicates: { clusters: number; largest: number; removed: number };
  decontamination: { files: { path: string; removed: number }[]; evalRecords: number; ngrams: number; shortTextsSkipped: number };
  splits: Record<SplitName, number>;
  bySource: Record<string, Record<string, number>>;
  byDomain: Record<string, Record<string, number>>;
  formats: string[];
}
