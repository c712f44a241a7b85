import type { RawFinding } from '../finding.js';
import { standsAlone } from './bounds.js';
import { nirKey } from './checksums.js';
import { applyContext, contextRules, ID_WORDS } from './context.js';
import { matchRuns } from './runs.js';
import { report, Score } from './score.js';
import type { PiiRule, Recognizer } from './types.js';

export const FR_NIR: PiiRule = {
  id: 'pii.fr-nir',
  description: 'French social security number (NIR)',
  category: 'national-id',
  severity: 'high',
  score: 0.4,
  attack: 'T1589',
  examples: {
    tp: ['Numéro de sécurité sociale : 1 84 12 76 451 089 46', 'NIR 255081416802538', 'né en Corse, NIR 1 85 05 2A 004 012 70', 'carte vitale 2 93 11 2B 056 123 20'],
    fp: ['NIR 1 84 12 76 451 089 47', 'commande 184127645108946 expédiée', 'NIR 1 84 13 76 451 089 46', 'n° 5 84 12 76 451 089 46'],
  },
};

/**
 * Sex (1/2, or 3/4/7/8 for provisional numbers), year, month (01–12, or 20–99 when unknown),
 * department (2 digits, 2A/2B for Corsica), commune, order number, key; spaces optional.
 */
const NIR = /[1-478] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}/g;

const CONTEXT = contextRules([
  {
    words: ['nir', 'sécurité sociale', 'securite sociale', 'sécu', 'secu', 'numéro de sécu', 'insee', 'carte vitale', 'vitale', 'ssn', 'social security', 'assuré', 'assure'],
    delta: 0.25,
  },
  { words: ID_WORDS, delta: -0.35, before: 24, after: 8 },
]);

/** French NIR with its key (97 − body mod 97, Corsica 2A/2B counted as 19/18). */
export const frNirRecognizer: Recognizer = {
  name: 'fr-nir',
  rules: [FR_NIR],
  patterns: [NIR],
  find(text, env) {
    const out: RawFinding[] = [];
    for (const { start, end, value } of matchRuns(env.windows, NIR, 6)) {
      const spaces = value.split(' ').length - 1;
      if ((spaces !== 0 && spaces !== 6) || !standsAlone(text, start, end) || env.claimed(start, end)) continue;
      const compact = value.replaceAll(' ', '');
      if (nirKey(compact.slice(0, 13)) !== compact.slice(13)) continue;
      const score = new Score(FR_NIR.score, spaces ? 'S AA MM DD CCC OOO KK' : '15 characters in NIR structure');
      score.validated(0.7, 'key = 97 − (number mod 97) valid');
      applyContext(score, text, start, end, CONTEXT);
      const found = report(FR_NIR, start, end, score);
      if (found) out.push(found);
    }
    return out;
  },
};
