import { isPlaceholderValue } from '../../../../detect/secrets/heuristics.js';
import { githubStyleToken } from '../../../../detect/secrets/validators.js';
import { ALNUM, HEX, LOWER, UPPER, type Rng } from '../prng.js';

const B32 = UPPER + '234567';
const URLSAFE = ALNUM + '-_';
const LETTERS = UPPER + LOWER;

export interface SecretShape {
  provider: string;
  /** The variable name a config line would use for it. */
  env: string;
  weight: number;
  make: (rng: Rng) => string;
  /** The whole value, anchored: what the validator accepts for this provider. */
  shape: RegExp;
}

/**
 * Provider-shaped keys, each checked against Warden's own secret rules (src/detect/secrets)
 * by the tests, so the detector recognises them as the provider's key.
 */
export const SECRET_SHAPES: readonly SecretShape[] = [
  { provider: 'aws', env: 'AWS_ACCESS_KEY_ID', weight: 14, make: (r) => 'AKIA' + r.chars(B32, 16), shape: /^AKIA[A-Z2-7]{16}$/ },
  { provider: 'github', env: 'GITHUB_TOKEN', weight: 14, make: (r) => githubStyleToken('ghp_', r.chars(ALNUM, 30)), shape: /^ghp_[A-Za-z0-9]{36}$/ },
  { provider: 'stripe', env: 'STRIPE_SECRET_KEY', weight: 12, make: (r) => 'sk_live_' + r.chars(ALNUM, r.range(24, 34)), shape: /^sk_live_[A-Za-z0-9]{24,99}$/ },
  { provider: 'slack', env: 'SLACK_BOT_TOKEN', weight: 10, make: (r) => `xoxb-${r.digits(11)}-${r.digits(13)}-${r.chars(ALNUM, 24)}`, shape: /^xoxb-\d{8,13}-\d{8,13}-[A-Za-z0-9]{24}$/ },
  { provider: 'openai', env: 'OPENAI_API_KEY', weight: 12, make: (r) => `sk-proj-${r.chars(URLSAFE, 58)}T3BlbkFJ${r.chars(URLSAFE, 58)}`, shape: /^sk-proj-[A-Za-z0-9_-]{40,250}$/ },
  { provider: 'anthropic', env: 'ANTHROPIC_API_KEY', weight: 8, make: (r) => `sk-ant-api03-${r.chars(URLSAFE, 93)}AA`, shape: /^sk-ant-api03-[A-Za-z0-9_-]{80,120}$/ },
  { provider: 'gcp', env: 'GOOGLE_API_KEY', weight: 8, make: (r) => 'AIza' + r.chars(URLSAFE, 35), shape: /^AIza[A-Za-z0-9_-]{35}$/ },
  { provider: 'sendgrid', env: 'SENDGRID_API_KEY', weight: 6, make: (r) => `SG.${r.chars(URLSAFE, 22)}.${r.chars(URLSAFE, 43)}`, shape: /^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/ },
  { provider: 'gitlab', env: 'GITLAB_TOKEN', weight: 6, make: (r) => 'glpat-' + r.chars(URLSAFE, 20), shape: /^glpat-[A-Za-z0-9_-]{20,64}$/ },
  { provider: 'huggingface', env: 'HF_TOKEN', weight: 5, make: (r) => 'hf_' + r.chars(LETTERS, 34), shape: /^hf_[A-Za-z]{34}$/ },
  { provider: 'twilio', env: 'TWILIO_API_KEY', weight: 5, make: (r) => 'SK' + r.chars(HEX, 32), shape: /^SK[0-9a-f]{32}$/ },
];
const TABLE = SECRET_SHAPES.map((s) => [s, s.weight] as const);

export interface Secret {
  text: string;
  provider: string;
  env: string;
}

/**
 * A provider-shaped secret key (AWS AKIA…, GitHub ghp_… with a valid CRC-32, Stripe sk_live_…,
 * Slack xoxb-…, OpenAI sk-proj-…T3BlbkFJ…, Anthropic sk-ant-api03-…, Google AIza…, SendGrid,
 * GitLab, Hugging Face, Twilio). A draw that Warden's placeholder heuristics would dismiss
 * (a keyboard walk, "demo" inside, a long sequence) is drawn again: real keys do not look like that.
 *
 * @example
 * generateSecret(new Rng(1)).text; // e.g. 'AKIAQ3ZJ7W…'
 */
export function generateSecret(rng: Rng): Secret {
  for (;;) {
    const shape = rng.weighted(TABLE);
    const text = shape.make(rng);
    if (isPlaceholderValue(text)) continue;
    return { text, provider: shape.provider, env: shape.env };
  }
}

/**
 * The provider whose shape a secret value has, or undefined.
 *
 * @example
 * secretProvider('AKIAQ3ZJ7WUMBV2XK4PA'); // 'aws'
 */
export function secretProvider(value: string): string | undefined {
  if (value.length > 300) return undefined;
  return SECRET_SHAPES.find((s) => s.shape.test(value))?.provider;
}
