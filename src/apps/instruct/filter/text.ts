import type { SourceRecord } from '../types.js';

/** Most characters of a record the classifier and the LLM judge read (a description's opening says what it is about). */
export const MAX_TEXT_CHARS = 4000;

/**
 * The text relevance is judged on: the title when it says more than the id (NVD titles are
 * the CVE id), then the description, bounded. Training rows built from records go through
 * here too, so training and inference see the same view.
 *
 * @example
 * relevanceText({ title: 'CVE-2003-0001', sourceId: 'CVE-2003-0001', description: 'Buffer overflow ...' }); // 'Buffer overflow ...'
 */
export function relevanceText(record: Pick<SourceRecord, 'title' | 'sourceId' | 'description'>): string {
  const title = record.title.trim();
  const text = title && title !== record.sourceId ? `${title}\n${record.description.trim()}` : record.description.trim();
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
}
