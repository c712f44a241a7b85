import { mulberry32, shuffleInPlace } from '../../text/random.js';

/**
 * Splits rows so that whole groups (template families) are held out: for each label, about
 * `fraction` of the groups whose rows carry that label go to the test side, so the test set
 * measures generalisation to framings never seen in training. Deterministic for a seed.
 *
 * @example
 * const { train, test } = holdoutGroups(rows, 'family', 0.2, 42);
 */
export function holdoutGroups<T extends { label: string; fields?: Readonly<Record<string, string | undefined>> }>(rows: readonly T[], groupField: string, fraction: number, seed: number): { train: T[]; test: T[]; heldOut: string[] } {
  // A group belongs to the label most of its rows carry.
  const groups = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const group = row.fields?.[groupField] ?? '';
    const counts = groups.get(group) ?? new Map<string, number>();
    counts.set(row.label, (counts.get(row.label) ?? 0) + 1);
    groups.set(group, counts);
  }
  const byLabel = new Map<string, string[]>();
  for (const [group, counts] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const label = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
    byLabel.set(label, [...(byLabel.get(label) ?? []), group]);
  }
  const rand = mulberry32(seed);
  const heldOut = new Set<string>();
  for (const label of [...byLabel.keys()].sort()) {
    const groupsOfLabel = byLabel.get(label)!;
    if (groupsOfLabel.length < 2) continue;
    const order = shuffleInPlace(Int32Array.from(groupsOfLabel, (_, i) => i), rand);
    const take = Math.max(1, Math.round(groupsOfLabel.length * fraction));
    for (let i = 0; i < take; i++) heldOut.add(groupsOfLabel[order[i]!]!);
  }
  const train: T[] = [];
  const test: T[] = [];
  for (const row of rows) (heldOut.has(row.fields?.[groupField] ?? '') ? test : train).push(row);
  return { train, test, heldOut: [...heldOut].sort() };
}
