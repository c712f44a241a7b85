import { describe, expect, it } from 'vitest';
import { defang, mask, renderActions } from './actions.js';
import type { GuardAction, GuardFinding } from './types.js';

function finding(start: number, end: number, action: GuardAction, category = 'cat'): GuardFinding {
  return { rule_id: `r.${category}`, detector: 'secrets', category, action, severity: 'high', score: 0.9, span: [start, end], preview: '', hash: 'abcdef0123456789ffff', segment: 'prose', explain_only: false };
}
const spanOf = (text: string, part: string): [number, number] => {
  const start = text.indexOf(part);
  if (start < 0) throw new Error(part);
  return [start, start + part.length];
};
const at = (text: string, part: string, action: GuardAction, category?: string) => finding(...spanOf(text, part), action, category);

describe('renderActions', () => {
  it('applies every action at its own offsets, right to left', () => {
    const text = 'key AKIAQWERTYUIOPASDFGH mail jane@corp.io id 123-45-6789 go https://evil.example.net/x.sh ok';
    const out = renderActions(text, [
      at(text, 'AKIAQWERTYUIOPASDFGH', 'mask'),
      at(text, 'jane@corp.io', 'redact', 'email'),
      at(text, '123-45-6789', 'hash'),
      at(text, 'https://evil.example.net/x.sh', 'delink'),
    ]);
    expect(out).toBe('key AK****************GH mail [REDACTED:email] id [HASH:abcdef0123456789] go hxxps[://]evil[.]example[.]net/x.sh ok');
  });

  it('annotate and allow keep the text; block spans are redacted if rendered at all', () => {
    const text = 'run rm -rf / now, then ls';
    expect(renderActions(text, [at(text, 'rm -rf /', 'annotate'), at(text, 'ls', 'allow')])).toBe(text);
    expect(renderActions(text, [at(text, 'rm -rf /', 'block', 'destructive')])).toBe('run [REDACTED:destructive] now, then ls');
  });

  it('overlapping spans join and the most protective action renders the union', () => {
    const text = 'see https://user:glpat-r1vDaWE7zqUukauDtw2S@git.example.com/repo now';
    const url = at(text, 'https://user:glpat-r1vDaWE7zqUukauDtw2S@git.example.com/repo', 'delink');
    const secret = at(text, 'glpat-r1vDaWE7zqUukauDtw2S', 'mask');
    const out = renderActions(text, [url, secret]);
    expect(out).not.toContain('r1vDaWE7');
    expect(out.startsWith('see ht')).toBe(true);
    expect(out.endsWith('po now')).toBe(true);
    // Same result whatever the input order; a nested annotate changes nothing.
    expect(renderActions(text, [secret, url, at(text, 'git.example.com', 'annotate')])).toBe(out);
    // Chains of partial overlaps join into one span.
    const chain = 'aaaaBBBBccccDDDD';
    expect(renderActions(chain, [finding(0, 8, 'delink'), finding(6, 12, 'redact', 'x'), finding(10, 16, 'mask')])).toBe('[REDACTED:x]');
  });

  it('counts unicode by code points and keeps offsets of multi-unit characters', () => {
    const text = '😀 café 秘密の鍵 glpat-r1vDaWE7zqUukauDtw2S 🔑 end';
    const out = renderActions(text, [at(text, 'glpat-r1vDaWE7zqUukauDtw2S', 'redact', 'code-host'), at(text, '秘密の鍵', 'mask')]);
    expect(out).toBe('😀 café 秘**鍵 [REDACTED:code-host] 🔑 end');
    expect(mask('😀😀😀😀😀😀😀😀😀')).toBe('😀😀*****😀😀');
    expect(mask('abc')).toBe('***');
    expect(mask('line1\nline2')).toBe('li***\n***e2');
  });

  it('ignores empty and out-of-range spans', () => {
    expect(renderActions('abc', [finding(1, 1, 'mask'), finding(2, 99, 'redact', 'x')])).toBe('ab[REDACTED:x]');
  });
});

describe('defang', () => {
  it('breaks schemes and host dots; bare hosts, IPs and e-mails get every dot and @ bracketed', () => {
    expect(defang('http://185.12.3.4/login.php?u=x')).toBe('hxxp[://]185[.]12[.]3[.]4/login.php?u=x');
    expect(defang('HTTPS://Evil.io')).toBe('HxxPS[://]Evil[.]io');
    expect(defang('ftp://files.evil.io/a')).toBe('fxp[://]files[.]evil[.]io/a');
    expect(defang('evil.example.net')).toBe('evil[.]example[.]net');
    expect(defang('bob@evil.io')).toBe('bob[@]evil[.]io');
  });
});
