import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { ANALYZER_PATTERNS } from './analyzer.js';
import { CANDIDATE_PATTERNS } from './candidates.js';
import { CODE_PATTERNS } from './code.js';
import { DOWNLOADS_PATTERNS } from './downloads.js';
import { FAMILY_PATTERNS } from './families/index.js';
import { FENCE_PATTERNS } from './fences.js';
import { FINDINGS_PATTERNS } from './findings.js';
import { FORK_BOMB_PATTERNS } from './fork-bomb.js';
import { MODEL_PATTERNS } from './model.js';
import { POWERSHELL_PATTERNS } from './powershell.js';
import { RESOLVE_PATTERNS } from './resolve.js';
import { PARSER_PATTERNS } from './shell-parser.js';
import { TRIGGER_PATTERNS } from './triggers.js';
import { VARS_PATTERNS } from './vars.js';
import { WRITES_PATTERNS } from './writes.js';

/** Every regex the commands detector ships, by module. */
const ALL: Record<string, readonly RegExp[]> = {
  analyzer: ANALYZER_PATTERNS,
  candidates: CANDIDATE_PATTERNS,
  code: CODE_PATTERNS,
  downloads: DOWNLOADS_PATTERNS,
  findings: FINDINGS_PATTERNS,
  'fork-bomb': FORK_BOMB_PATTERNS,
  vars: VARS_PATTERNS,
  families: FAMILY_PATTERNS,
  fences: FENCE_PATTERNS,
  model: MODEL_PATTERNS,
  powershell: POWERSHELL_PATTERNS,
  resolve: RESOLVE_PATTERNS,
  parser: PARSER_PATTERNS,
  triggers: TRIGGER_PATTERNS,
  writes: WRITES_PATTERNS,
};

describe('commands detector regexes', () => {
  for (const [module, patterns] of Object.entries(ALL)) {
    it(`${module}: every regex passes the recheck ReDoS check`, () => {
      expect(patterns.length).toBeGreaterThan(0);
      const unsafe = patterns
        .map((re) => ({ source: re.source, status: checkSync(re.source, re.flags.replace('g', '').replace('y', ''), { timeout: 10_000 }).status }))
        .filter((r) => r.status !== 'safe');
      expect(unsafe).toEqual([]);
    });
  }
});
