import type { SourceRecord } from '../types.js';
import { checkGrounding } from './grounding.js';
import { chooseTemplates } from './select.js';
import type { InstructionPair } from './types.js';

export interface StructureOptions {
  seed: number;
  /** Distinct templates per record (fewer when fewer are eligible). */
  templatesPerRecord: number;
}

/**
 * The instruction/response pairs for one record: up to `templatesPerRecord` eligible templates
 * chosen by seed and record id, each response grounded in the record (a pair that fails
 * `checkGrounding` is left out and reported through `onUngrounded`).
 *
 * @example
 * structureRecord(record, { seed: 42, templatesPerRecord: 2 }).map((p) => p.metadata.template);
 */
export function structureRecord(record: SourceRecord, options: StructureOptions, onUngrounded?: (pair: InstructionPair) => void): InstructionPair[] {
  const pairs: InstructionPair[] = [];
  for (const template of chooseTemplates(record, options.seed, options.templatesPerRecord)) {
    const { instruction, response } = template.render(record);
    const pair: InstructionPair = {
      id: `${record.id}#${template.id}`,
      instruction,
      response,
      metadata: { source: record.source, kind: record.kind, source_ids: [record.id], template: template.id, seed: options.seed },
    };
    if (checkGrounding(response, record).ok) pairs.push(pair);
    else onUngrounded?.(pair);
  }
  return pairs;
}
