import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNvd } from '../collect/index.js';
import { relevanceText } from './text.js';
import { buildRelevanceRows, FAMILIES, type RelevanceRow } from './train-data.js';

const root = join(import.meta.dirname, '../../../..');

describe('relevance training data', () => {
  it('regenerates data/instruct/relevance/rows.jsonl byte for byte', async () => {
    const rows = await buildRelevanceRows(join(root, 'data/instruct/sources'));
    const shipped = await readFile(join(root, 'data/instruct/relevance/rows.jsonl'), 'utf8');
    expect(rows.map((r) => JSON.stringify(r)).join('\n') + '\n').toBe(shipped);
  });

  it('has unique texts, both labels in every framing, and none of the bundled CVEs (they are the real-data check)', async () => {
    const rows = (await readFile(join(root, 'data/instruct/relevance/rows.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RelevanceRow);
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const families = new Set(rows.map((r) => r.family));
    for (const family of FAMILIES) expect(families.has(family.id), family.id).toBe(true);
    expect(rows.filter((r) => r.label === 'relevant').length).toBeGreaterThan(2000);
    expect(rows.filter((r) => r.label === 'irrelevant').length).toBeGreaterThan(2000);
    const nvd = join(root, 'data/instruct/sources/nvdcve-2003-slice.json');
    const cves = new Set(parseNvd(await readFile(nvd, 'utf8'), nvd).items.map((i) => relevanceText(i.record)));
    expect(cves.size).toBeGreaterThan(200);
    expect(rows.filter((r) => cves.has(r.text))).toEqual([]);
  });
});
