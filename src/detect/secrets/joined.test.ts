import { describe, expect, it } from 'vitest';
import { scan } from '../scanner.js';
import { detectSecrets, secretsDetector } from './index.js';
import { anchorKeywords, joinedFindings } from './joined.js';
import { githubStyleToken } from './validators.js';

const found = (text: string) => detectSecrets(text).map((f) => `${f.rule}:${text.slice(f.start, f.end)}`);
const rules = (text: string) => detectSecrets(text).map((f) => f.rule);

const ANTHROPIC = 'sk-ant-api03-F1m4Qy9-uPIaCN1dHjrMOOc_OB5-F0x3hsX6mHnRjEHo_aroo0KtypDY_VvMfhLrUb0iVsVd4t1sQLIuZa9ORGOeSupheAA';
const GITHUB = githubStyleToken('ghp_', 'Rk3Vq8ZpLm2XwT9yNc4HbJ6sQd1FgA');

describe('secrets split over joined string literals', () => {
  it('joins Python implicit concatenation inside parentheses', () => {
    const text = `KEY = (\n    "${ANTHROPIC.slice(0, 40)}"\n    "${ANTHROPIC.slice(40, 90)}"\n    "${ANTHROPIC.slice(90)}"\n)`;
    const [f] = detectSecrets(text);
    expect(f).toMatchObject({ rule: 'secrets.anthropic-api-key', severity: 'critical' });
    expect(text.slice(f!.start, f!.end)).toBe(`${ANTHROPIC.slice(0, 40)}"\n    "${ANTHROPIC.slice(40, 90)}"\n    "${ANTHROPIC.slice(90)}`);
    expect(f!.message).toContain('split over 3 string literals');
    expect(f!.explanation!.at(-1)).toMatchObject({ step: 'structure' });
  });

  it('joins + in JS/Java, . in PHP, adjacent C strings and backslash continuations', () => {
    expect(rules(`const k = "sk_live_Qm29ZtP5" +\n  "Lw8Rx4Vn7Hb3Kp6Y";`)).toEqual(['secrets.stripe-secret-key']);
    expect(rules(`$k = 'sk_live_Qm29ZtLw' . 'x4Vn7Hb3Kp6Y8JdR';`)).toEqual(['secrets.stripe-secret-key']);
    expect(rules(`static const char *k = "${GITHUB.slice(0, 12)}" "${GITHUB.slice(12)}";`)).toEqual(['secrets.github-pat']);
    expect(rules(`token = "${GITHUB.slice(0, 20)}" \\\n        "${GITHUB.slice(20)}"`)).toEqual(['secrets.github-pat']);
  });

  it('leaves literals alone that are not joined, or joined to non-token text', () => {
    expect(rules(`keys = ["sk_live_Qm29ZtP5", "Lw8Rx4Vn7Hb3Kp6Y"]`)).toEqual([]);
    expect(rules(`msg = "sk_live_Qm29ZtP5" + user_name + "Lw8Rx4Vn7Hb3Kp6Y"`)).toEqual([]);
    expect(rules(`print("sk_live_ prefix" "marks live keys")`)).toEqual([]);
    expect(rules(`k = "sk_live_xxxxxx" +\n  "xxxxxxxxxxxxxxxxxx"`)).toEqual([]); // placeholder once joined
  });

  it('joins a checksummed token wrapped over two prose lines only when the checksum holds', () => {
    const text = `Part 1: ${GITHUB.slice(0, 22)}\nPart 2: ${GITHUB.slice(22)}`;
    expect(found(text)).toEqual([`secrets.github-pat:${GITHUB.slice(0, 22)}\nPart 2: ${GITHUB.slice(22)}`]);
    const broken = `Part 1: ${GITHUB.slice(0, 22)}\nPart 2: ${GITHUB.slice(22, -1)}X`;
    expect(rules(broken)).toEqual([]);
  });

  it('survives the scanner (keyword pre-filter and merging)', () => {
    const text = `API_KEY = (\n    "${ANTHROPIC.slice(0, 50)}"\n    "${ANTHROPIC.slice(50)}"\n)`;
    const { findings } = scan(text, { detectors: [secretsDetector] });
    expect(findings.map((f) => f.rule)).toEqual(['secrets.anthropic-api-key']);
  });

  it('anchors only on provider prefixes, and judges nothing without a chain', () => {
    expect(anchorKeywords(['ghp_', 'token', 'akia', '://', 'sk-', 'redis'])).toEqual(['ghp_', 'akia', 'sk-']);
    expect(joinedFindings('x = "ghp_abc"; y = 2', ['ghp_'], () => [{ rule: 'r', category: 'c', start: 0, end: 1, severity: 'low', score: 1, message: 'm' }])).toEqual([]);
  });
});
