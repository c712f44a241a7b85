import type { CountryCode } from 'libphonenumber-js/max';
import type { Detector } from '../detector.js';
import type { RawFinding } from '../finding.js';
import { cardRecognizer } from './card.js';
import { dobRecognizer } from './dob.js';
import { emailRecognizer } from './email.js';
import { SPELLED_HINTS, SPELLED_MARKER } from './email-spelled.js';
import { frNirRecognizer } from './fr-nir.js';
import { ibanRecognizer } from './iban.js';
import { ipRecognizer } from './ip.js';
import { digitIdRecognizer } from './national-id.js';
import { createPhoneRecognizer } from './phone.js';
import { digitRuns, runWindows } from './runs.js';
import { ssnRecognizer } from './ssn.js';
import type { PiiEnv, PiiRule, Recognizer } from './types.js';
import { ukIdRecognizer } from './uk-id.js';

export type { PiiCategory, PiiRule, Recognizer } from './types.js';
export { REPORT_MIN } from './score.js';

export interface PiiOptions {
  /** Regions whose national phone formats are recognised (international +CC numbers always are). */
  regions?: CountryCode[];
}

export const DEFAULT_REGIONS: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'TR', 'IN', 'ES'];

/**
 * Recognizers in priority order: a finding claims its span, and later recognizers skip
 * candidates overlapping a claimed span (a card number is not also a phone; an IBAN's digits
 * are not an id). Phones come last: they are the loosest and the costliest to validate.
 */
function recognizers(regions: readonly CountryCode[]): Recognizer[] {
  return [ibanRecognizer, cardRecognizer, emailRecognizer, frNirRecognizer, ukIdRecognizer, ssnRecognizer, digitIdRecognizer, ipRecognizer, dobRecognizer, createPhoneRecognizer(regions)];
}

/** Every PII rule with its examples (for docs and the rule tests). */
export const PII_RULES: readonly PiiRule[] = recognizers(DEFAULT_REGIONS).flatMap((r) => r.rules);

/**
 * The PII detector: emails, phone numbers (libphonenumber-js), payment cards (Luhn + brand),
 * US SSNs, IBANs (all countries, mod 97), IPv4/IPv6 (public apart from private/reserved),
 * national ids with checksums (TR TC Kimlik, UK NINO and NHS, DE Steuer-IdNr, FR NIR, IN
 * Aadhaar) and dates of birth after a birth cue. Every finding explains its score: pattern →
 * validator → invalidation → context.
 *
 * @example
 * const pii = createPiiDetector({ regions: ['DE'] });
 * pii.detect('Handy: 0151 23456789', { present: new Set(), view: 'original' })[0]?.rule; // 'pii.phone'
 */
export function createPiiDetector(options: PiiOptions = {}): Detector {
  const active = recognizers(options.regions ?? DEFAULT_REGIONS);
  return {
    name: 'pii',
    // Digits are everywhere: no keyword could skip this detector, so it always runs and
    // pre-filters itself: indexOf('@') for emails, indexOf(':') for IPv6, and one digit-run
    // pass whose windows the other recognizers' regexes scan.
    keywords: [],
    hints: SPELLED_HINTS,
    detect(text, ctx) {
      const out: RawFinding[] = [];
      // One byte per character, set where a finding holds: O(span) claims and checks.
      let held: Uint8Array | undefined;
      const runs = digitRuns(text);
      // The scanner's keyword pass found the hints; without one, one regex pass says whether
      // any marker is there before the words are looked up one by one.
      const present = ctx?.keywordPass || (ctx?.present !== undefined && ctx.present.size > 0) ? ctx.present : undefined;
      let lower: string | undefined;
      const env: PiiEnv = {
        runs,
        windows: runWindows(text, runs),
        hint: (word) => (present ? present.has(word) : (lower ??= SPELLED_MARKER.test(text) ? text.toLowerCase() : '').includes(word)),
        claimed(start, end) {
          if (!held) return false;
          for (let i = start; i < end; i++) if (held[i]) return true;
          return false;
        },
      };
      for (const recognizer of active) {
        const found = recognizer.find(text, env).filter((f) => !env.claimed(f.start, f.end));
        for (const finding of found) {
          held ??= new Uint8Array(text.length);
          held.fill(1, finding.start, finding.end);
          out.push(finding);
        }
      }
      return out.sort((a, b) => a.start - b.start || a.end - b.end);
    },
  };
}

/** The PII detector with the default regions (US, GB, DE, FR, TR, IN, ES). */
export const piiDetector: Detector = createPiiDetector();
