import { mulberry32 } from '../text/random.js';
import type { LabelledRow } from './train.js';

/**
 * A small synthetic three-label task for tests: the label follows from which phrase bank a row
 * draws (with shared filler and noise words), so a working learner reaches high accuracy and a
 * broken one does not.
 */
export function syntheticRows(n: number, seed = 1): LabelledRow[] {
  const rand = mulberry32(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const banks: Record<string, string[]> = {
    sports: ['the match ended', 'goal in extra time', 'the striker scored', 'league table', 'coach said the team'],
    finance: ['shares fell', 'quarterly earnings', 'interest rates rose', 'the bond market', 'inflation data'],
    weather: ['heavy rain expected', 'storm warning', 'sunny spells', 'temperatures drop', 'snow in the north'],
  };
  const filler = ['today', 'reports say', 'according to sources', 'on monday', 'this week', 'again', 'in the city'];
  const labels = Object.keys(banks);
  return Array.from({ length: n }, (_, i) => {
    const label = labels[i % labels.length]!;
    const words = [pick(filler), pick(banks[label]!), pick(filler), pick(banks[label]!), pick(filler)];
    // One row in ten borrows a phrase from another label: the task is not trivially separable.
    if (rand() < 0.1) words.push(pick(banks[pick(labels)]!));
    return { text: words.join(' '), label, fields: { kind: i % 2 ? 'a' : 'b', family: `f${i % 12}` } };
  });
}
