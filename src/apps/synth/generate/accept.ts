import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../../core/atomic.js';
import { findDuplicates, rowsToDrop } from '../duplicates.js';
import type { DatasetSchema } from '../schema.js';
import { checkGenerated, type Rejection } from './check.js';
import { extractRows } from './extract.js';
import type { PromptFile } from './prompt-file.js';

/** Where a row came from; stored under `meta` on every generated row. */
export interface Provenance {
  model: string;
  /** Set when the row was written by a fallback model: the run's first model. */
  fallback_from?: string;
  prompt_file: string;
  prompt_sha256: string;
  generated_at: string;
  /** The round that produced the row: 1 for the first request, 2+ for re-prompts. */
  attempt: number;
}

export type GeneratedRow = Record<string, unknown> & { meta: Provenance };

export interface AnswerOutcome {
  accepted: GeneratedRow[];
  rejections: Rejection[];
  /** Valid rows beyond what was still missing (not kept, not counted as rejected). */
  surplus: number;
  /** Fields outside the schema dropped from accepted rows. */
  extraFields: number;
}

/**
 * The rows of a prompt file accepted so far, with the checks that decide which new rows join:
 * field checks, the prompt's constraints, and exact/near duplicates against every kept row.
 */
export class AcceptedRows {
  readonly rows: GeneratedRow[] = [];
  private readonly prompt: PromptFile;
  private readonly schema: DatasetSchema;
  private readonly nearDup: number | undefined;

  constructor(prompt: PromptFile, schema: DatasetSchema, nearDup: number) {
    this.prompt = prompt;
    this.schema = schema;
    this.nearDup = nearDup > 0 ? nearDup : undefined;
  }

  /**
   * Extracts, checks and de-duplicates the rows of one answer and keeps up to `room` of them.
   *
   * @example
   * const outcome = rows.addAnswer(response.text, 5, provenance);
   * outcome.accepted.length; // at most 5
   */
  addAnswer(answer: string, room: number, provenance: Provenance): AnswerOutcome {
    const extracted = extractRows(answer);
    const rejections: Rejection[] = extracted.errors.map((e) => ({ reason: 'parse', line: e.line, message: e.message }));
    const candidates: { line: number; row: Record<string, unknown>; extra: number }[] = [];
    const known = new Set([this.schema.textField, this.schema.labelField, this.schema.segmentField, this.schema.languageField]);
    for (const { line, value } of extracted.rows) {
      const check = checkGenerated(value, line, this.prompt, this.schema);
      if (!check.ok) rejections.push(check.rejection);
      else candidates.push({ line, row: check.row, extra: Object.keys(value as object).filter((k) => !known.has(k)).length });
    }
    const base = this.rows.length;
    const texts = [...this.rows, ...candidates.map((c) => c.row)].map((r) => ({ text: String(r[this.schema.textField]) }));
    const pairs = findDuplicates(texts, { nearThreshold: this.nearDup });
    const kindOf = new Map(pairs.map((p) => [p.second, p]));
    const drop = rowsToDrop(pairs);
    const accepted: GeneratedRow[] = [];
    let surplus = 0;
    let extraFields = 0;
    candidates.forEach((candidate, i) => {
      const index = base + i;
      if (drop.has(index)) {
        const pair = kindOf.get(index)!;
        const other = pair.first < base ? `row ${pair.first + 1} already kept` : `line ${candidates[pair.first - base]!.line} of this answer`;
        const message = pair.kind === 'exact' ? `same text as ${other}` : `near duplicate of ${other} (Jaccard ≈ ${pair.similarity.toFixed(2)})`;
        rejections.push({ reason: pair.kind === 'exact' ? 'duplicate.exact' : 'duplicate.near', line: candidate.line, message });
        return;
      }
      if (accepted.length >= room) {
        surplus++;
        return;
      }
      extraFields += candidate.extra;
      accepted.push({ id: `${this.prompt.name}-${this.rows.length + accepted.length + 1}`, ...candidate.row, meta: { ...provenance } });
    });
    this.rows.push(...accepted);
    rejections.sort((a, b) => a.line - b.line);
    return { accepted, rejections, surplus, extraFields };
  }

  /** Loads rows a previous session wrote (our own atomic output: one JSON object per line). */
  async load(path: string): Promise<void> {
    if (!existsSync(path)) return;
    const text = await readFile(path, 'utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      this.rows.push(JSON.parse(line) as GeneratedRow);
    }
  }

  /** Rewrites the output file atomically with every kept row. */
  async save(path: string): Promise<void> {
    await writeFileAtomic(path, this.rows.map((r) => JSON.stringify(r)).join('\n') + (this.rows.length ? '\n' : ''));
  }
}
