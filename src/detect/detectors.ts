import { WardenError } from '../core/errors.js';
import { createBlocklistDetector, type BlocklistOptions } from './blocklist/index.js';
import { commandsDetector } from './commands/index.js';
import type { Detector } from './detector.js';
import { exfilDetector } from './exfil/index.js';
import { DETECTORS, type DetectorName } from './finding.js';
import { piiDetector } from './pii/index.js';
import { secretsDetector } from './secrets/index.js';
import { urlsDetector } from './urls/index.js';

export interface DetectorSelection {
  /** Detector names; default all but blocklist (which needs terms). */
  names?: readonly DetectorName[];
  blocklist?: { terms: readonly string[] } & BlocklistOptions;
}

const BUILT_IN: Record<Exclude<DetectorName, 'blocklist'>, Detector> = {
  secrets: secretsDetector,
  pii: piiDetector,
  commands: commandsDetector,
  urls: urlsDetector,
  exfil: exfilDetector,
};

const cache = new Map<string, Detector[]>();

/**
 * The detectors to scan with, in a fixed order. The same array is returned for the same
 * selection so the scanner's keyword pre-filter is built once.
 *
 * @example
 * scan(text, { detectors: selectDetectors({ names: ['secrets', 'commands'] }) });
 */
export function selectDetectors(selection: DetectorSelection = {}): Detector[] {
  const names = selection.names ?? (selection.blocklist ? DETECTORS : DETECTORS.filter((d) => d !== 'blocklist'));
  for (const name of names) {
    if (!DETECTORS.includes(name)) throw new WardenError('W_USAGE', `unknown detector "${name}" (choose from ${DETECTORS.join(', ')})`);
  }
  if (names.includes('blocklist') && !selection.blocklist) {
    throw new WardenError('W_USAGE', 'the blocklist detector needs a term list (--blocklist FILE)');
  }
  const ordered = DETECTORS.filter((d) => names.includes(d));
  if (selection.blocklist) return ordered.map((name) => (name === 'blocklist' ? createBlocklistDetector(selection.blocklist!.terms, selection.blocklist) : BUILT_IN[name]));
  const key = ordered.join(',');
  let detectors = cache.get(key);
  if (!detectors) {
    detectors = ordered.map((name) => BUILT_IN[name as Exclude<DetectorName, 'blocklist'>]);
    cache.set(key, detectors);
  }
  return detectors;
}
