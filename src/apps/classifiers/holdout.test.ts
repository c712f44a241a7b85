import { describe, expect, it } from 'vitest';
import { syntheticRows } from '../../ml/test-data.js';
import { holdoutGroups } from './holdout.js';

describe('holdoutGroups', () => {
  it('holds out whole groups, for every label, deterministically', () => {
    const rows = syntheticRows(600).map((r, i) => ({ ...r, fields: { family: `${r.label}-${i % 5}` } }));
    const a = holdoutGroups(rows, 'family', 0.2, 1);
    const b = holdoutGroups(rows, 'family', 0.2, 1);
    expect(a.heldOut).toEqual(b.heldOut);
    expect(a.heldOut).toHaveLength(3);
    const trainGroups = new Set(a.train.map((r) => r.fields.family));
    for (const r of a.test) expect(trainGroups.has(r.fields.family)).toBe(false);
    expect(new Set(a.test.map((r) => r.label)).size).toBe(3);
    expect(a.train.length + a.test.length).toBe(rows.length);
    expect(holdoutGroups(rows, 'family', 0.2, 2).heldOut).not.toEqual(a.heldOut);
  });
});
