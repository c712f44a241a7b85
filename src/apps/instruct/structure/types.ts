import type { InstructionPair as AssemblePair, PairMetadata as AssembleMetadata } from '../assemble/types.js';
import type { RecordKind, SourceName, SourceRecord } from '../types.js';

/**
 * One instruction/response pair as the structure stage writes it (one JSONL line): the
 * assemble stage's InstructionPair (src/apps/instruct/assemble/types.ts), with the metadata
 * this stage fills in made required.
 */
export interface InstructionPair extends AssemblePair {
  /** `<record id>#<template id>`: stable across runs, unique per record and template. */
  id: string;
  metadata: PairMetadata;
}

export interface PairMetadata extends AssembleMetadata {
  source: SourceName;
  kind: RecordKind;
  /** Ids (SourceRecord.id) of the records the response is grounded in. */
  source_ids: string[];
  /** Template id, e.g. `vulnerability.severity`. */
  template: string;
  seed: number;
}

/** A record field a template reads; a template is eligible only if the record has all it requires. */
export type FactField =
  | 'description'
  | 'published'
  | 'cvss'
  | 'cwes'
  | 'cves'
  | 'techniques'
  | 'tactics'
  | 'platforms'
  | 'detection'
  | 'mitigations'
  | 'prerequisites'
  | 'likelihood'
  | 'severity'
  | 'products'
  | 'usedBy'
  | 'authors'
  | 'categories'
  | 'kev'
  | 'kevRansomware'
  | 'references';

/** The instruction styles templates are written in. */
export type TemplateStyle = 'explain' | 'severity' | 'mapping' | 'detect-mitigate' | 'executive' | 'facts';

export interface Template {
  /** `<kind>.<name>`, stable: it is written into every pair's metadata. */
  id: string;
  kind: RecordKind | '*';
  style: TemplateStyle;
  /** Every field listed must be present and non-empty. */
  requires: readonly FactField[];
  /** At least one of these must be present (when given). */
  anyOf?: readonly FactField[];
  render: (record: SourceRecord) => { instruction: string; response: string };
}
