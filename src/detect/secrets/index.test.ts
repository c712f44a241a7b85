import { describe, expect, it } from 'vitest';
import { AhoCorasick } from '../../text/aho-corasick.js';
import type { DetectContext } from '../detector.js';
import { SEVERITIES } from '../finding.js';
import { scan } from '../scanner.js';
import { GENERIC_RULES, SECRET_RULES, SECRET_RULE_IDS, detectSecrets, secretsDetector } from './index.js';
import { githubStyleToken } from './validators.js';

const DETECTORS = [secretsDetector];
const keywordAc = new AhoCorasick([...secretsDetector.keywords]);

/** The context the scanner would build: keywords found by its Aho-Corasick pass. */
function contextFor(text: string): DetectContext {
  const present = new Set<string>();
  keywordAc.scan(Buffer.from(text, 'utf8'), (term) => present.add(secretsDetector.keywords[term]!));
  return { present, view: 'original' };
}

const detect = (text: string) => secretsDetector.detect(text, contextFor(text));
const rulesOf = (text: string) => detect(text).map((f) => f.rule);

const ALL_RULES = [
  ...SECRET_RULES.map((r) => ({ id: r.id, examples: r.examples })),
  ...Object.values(GENERIC_RULES).map((r) => ({ id: r.id, examples: r.examples })),
];

describe('secrets rule pack', () => {
  it('covers at least 60 formats with unique ids under the secrets. namespace', () => {
    expect(SECRET_RULES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(SECRET_RULE_IDS).size).toBe(SECRET_RULE_IDS.length);
    for (const id of SECRET_RULE_IDS) expect(id).toMatch(/^secrets\.[a-z0-9-]+$/);
  });

  it('gives every rule a category, a severity, an ATT&CK id, lower-case keywords and a score in 0..1', () => {
    for (const rule of SECRET_RULES) {
      expect(rule.category, rule.id).toMatch(/^[a-z-]+$/);
      expect(SEVERITIES, rule.id).toContain(rule.severity);
      expect(rule.attack, rule.id).toMatch(/^T1552(?:\.001)?$/);
      expect(rule.keywords.length, rule.id).toBeGreaterThan(0);
      for (const k of rule.keywords) expect(secretsDetector.keywords).toContain(k);
      expect(rule.score).toBeGreaterThan(0);
      expect(rule.score).toBeLessThanOrEqual(1);
      expect(rule.pattern.flags).toContain('g');
    }
  });

  it.each(ALL_RULES)('$id fires on each of its true positives', ({ id, examples }) => {
    for (const tp of examples.tp) expect(rulesOf(tp), tp).toContain(id);
  });

  it.each(ALL_RULES)('$id stays silent on each of its false positives', ({ id, examples }) => {
    for (const fp of examples.fp) expect(rulesOf(fp), fp).not.toContain(id);
  });

  it.each(ALL_RULES)('$id true positives survive the scanner (pre-filter, views, merging)', ({ id, examples }) => {
    for (const tp of examples.tp) {
      const { findings } = scan(tp, { detectors: DETECTORS });
      expect(
        findings.some((f) => f.rule === id || f.related?.some((r) => r.rule === id)),
        tp,
      ).toBe(true);
    }
  });

  it('never quotes the matched value in a message or explanation', () => {
    for (const { examples } of ALL_RULES) {
      for (const tp of examples.tp) {
        for (const f of detect(tp)) {
          const value = tp.slice(f.start, f.end);
          expect(f.message).not.toContain(value);
          for (const step of f.explanation ?? []) expect(step.reason).not.toContain(value);
        }
      }
    }
  });
});

describe('secrets detector', () => {
  it('is named secrets, has a keyword pre-filter and runs without a scanner context', () => {
    expect(secretsDetector.name).toBe('secrets');
    expect(secretsDetector.keywords).toEqual(expect.arrayContaining(['akia', 'ghp_', 'sk-', 'xoxb-', 'key', 'token', 'secret', 'password', 'bearer']));
    expect(detectSecrets('export GITHUB_TOKEN=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')[0]?.rule).toBe('secrets.github-pat');
  });

  it('scores a GitHub token with a valid CRC-32 high and one with a broken checksum lower', () => {
    const good = githubStyleToken('ghp_', 'Zk3pQ8vX2mL9rT4wN7bY1cJ6hF5dS0');
    const bad = `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`;
    const [ok] = detect(`token=${good}`);
    const [broken] = detect(`token=${bad}`);
    expect(ok).toMatchObject({ rule: 'secrets.github-pat', severity: 'critical', score: 0.98 });
    expect(ok!.explanation!.map((s) => s.step)).toEqual(['pattern', 'validator']);
    expect(broken).toMatchObject({ rule: 'secrets.github-pat', severity: 'medium', score: 0.45 });
    expect(broken!.explanation!.find((s) => s.step === 'validator')!.reason).toContain('INVALID');
  });

  it('scores OpenAI keys with the T3BlbkFJ marker above keys without it', () => {
    const [marked] = detect('OPENAI_API_KEY=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');
    const [plain] = detect('OPENAI_API_KEY=sk-svcacct-Yu5SbS9RJY0u3h9w6QHAUdTi-E-i_HhhQfQF6G3WZ65PVTmc');
    expect(marked).toMatchObject({ rule: 'secrets.openai-api-key', score: 0.97, severity: 'critical' });
    expect(plain).toMatchObject({ rule: 'secrets.openai-api-key', score: 0.85, severity: 'critical' });
  });

  it('never reports documented example keys', () => {
    const docs = [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    ];
    for (const text of docs) expect(detect(text), text).toEqual([]);
  });

  it('rates live payment keys above test-mode keys (the Stripe docs test key is a real test key)', () => {
    const [live] = detect('sk_live_JEZFQRdT57T8oFEM1cF1n4XJ');
    const [test] = detect('stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"');
    expect(live).toMatchObject({ severity: 'critical' });
    expect(test).toMatchObject({ rule: 'secrets.stripe-test-key', severity: 'medium' });
  });

  it('drops a rule match whose required context is absent', () => {
    expect(rulesOf('https://x.blob.core.windows.net/c?sv=2022-11-02&sig=UHkourVdp0dhGe7%2BiKHO75IMiZD4WZuv4v8yLHNZPun%3D')).toContain('secrets.azure-sas-token');
    expect(rulesOf('https://example.com/download?sig=UHkourVdp0dhGe7%2BiKHO75IMiZD4WZuv4v8yLHNZPun%3D')).toEqual([]);
  });

  it('lets a specific rule win over the generic one on the same value', () => {
    expect(rulesOf('GITHUB_TOKEN=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')).toEqual(['secrets.github-pat']);
    expect(rulesOf('API_TOKEN=Zq8vR2mXw9LkT4pN7sYb3HcJ')).toEqual(['secrets.generic-secret']);
  });

  it('stays silent on the hard negatives of its family', () => {
    const negatives = [
      'The fix landed in commit 3f786850e387550fdab836ed7e6dc881de23001b (short: 3f78685).',
      '"request_id": "550e8400-e29b-41d4-a716-446655440000", "api_key_id": "6fa459ea-ee8a-3ca4-894e-db77e160355e"',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  empty.txt\nMD5 (a.iso) = d41d8cd98f00b204e9800998ecf8427e',
      'created_at: 2024-03-18T09:15:27.123Z, epoch 1710753327',
      'Your order #1029384756 shipped; invoice INV-2024-004211.',
      'OPENAI_API_KEY=your_api_key_here\nGITHUB_TOKEN=<token>\nAWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\npassword: changeme',
      '![x](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)',
      'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\nkey = process.env.STRIPE_SECRET_KEY',
      'Your key sk-proj-abcd...****wxyz and ghp_****************************1a2b are masked.',
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq8r0ZbV7mX2u4YbPq1Tz9Lw3Kc8Hn5Rd2Fs6Jm0Qe dana@laptop',
      'Use pk_live_Jwc8IsE5muvGhmfjVD1BADpS in the browser; it is publishable.',
      'max_tokens = 4096\nprimary_key = "id"\npassword_hash = bcrypt.hashpw(pw, salt)',
    ];
    for (const text of negatives) expect(detect(text), text).toEqual([]);
  });

  it('finds credentials inside code fences, JSON, YAML and prose alike', () => {
    const key = 'sk-ant-api03-F1m4Qy9-uPIaCN1dHjrMOOc_OB5-F0x3hsX6mHnRjEHo_aroo0KtypDY_VvMfhLrUb0iVsVd4t1sQLIuZa9ORGOeSupheAA';
    for (const text of [`\`\`\`python\nclient = Anthropic(api_key="${key}")\n\`\`\``, `{"key": "${key}"}`, `anthropic:\n  key: ${key}\n`, `Your key is ${key}.`]) {
      expect(rulesOf(text), text).toContain('secrets.anthropic-api-key');
    }
  });
});

describe('secrets through scan()', () => {
  it('reports original offsets and a masked preview, never the value', () => {
    const token = 'glpat-r1vDaWE7zqUukauDtw2S';
    const text = `Sure! Set it like this:\n\n\`\`\`bash\nexport GITLAB_TOKEN=${token}\n\`\`\`\n`;
    const { findings } = scan(text, { detectors: DETECTORS });
    const f = findings.find((x) => x.rule === 'secrets.gitlab-pat')!;
    expect(text.slice(f.start, f.end)).toBe(token);
    expect(f.detector).toBe('secrets');
    expect(f.preview).toMatch(/^gl\*+…?\*?2S$/);
    expect(f.preview).not.toContain('r1vDaWE7');
    expect(f.segment).toMatchObject({ kind: 'code', lang: 'bash' });
    expect(JSON.stringify(f)).not.toContain(token);
  });

  it('finds a key hidden in base64 and reports it over the encoded span', () => {
    const inner = 'AWS_ACCESS_KEY_ID=AKIAQQTS3RCQTOP2NVVF';
    const encoded = Buffer.from(inner).toString('base64');
    const text = `payload: ${encoded} end`;
    const f = scan(text, { detectors: DETECTORS }).findings.find((x) => x.rule === 'secrets.aws-access-key-id')!;
    expect(f.views).toContain('base64');
    expect(text.slice(f.start, f.end)).toBe(encoded);
  });

  it('sees through zero-width characters hidden inside a token', () => {
    const text = 'token: xoxb-57870254357-67374844896-BbcXCSLN\u200bWVf84leGRGYwMLR1';
    const f = scan(text, { detectors: DETECTORS }).findings.find((x) => x.rule === 'secrets.slack-bot-token')!;
    expect(f.views).toContain('invisible');
    expect(text.slice(f.start, f.end)).toContain('\u200b');
  });
});

describe('secrets detector cost', () => {
  const adversarial = [
    'glpat-'.repeat(40_000),
    'eyJ-'.repeat(60_000),
    '-----BEGIN PRIVATE KEY-----Y----'.repeat(8_000),
    'M-M-'.repeat(60_000),
    'key=token: secret='.repeat(15_000),
    'postgres://a:'.repeat(20_000),
    'a'.repeat(250_000),
    `password: "${'x1'.repeat(100_000)}`,
  ];
  it.each(adversarial.map((text, i) => ({ i, text })))('stays linear on adversarial input #$i', ({ text }) => {
    const started = performance.now();
    detect(text);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
