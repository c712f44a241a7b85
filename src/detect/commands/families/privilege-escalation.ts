import { baseName, operands, type Cmd, type CommandRule, type Env, type Stage } from '../model.js';
import { writesOf } from '../writes.js';

export const PRIVILEGE_ESCALATION_RULES: CommandRule[] = [
  {
    id: 'commands.privilege-escalation.sudoers',
    family: 'privilege-escalation',
    severity: 'high',
    score: 0.8,
    attack: 'T1548.003',
    description: 'A sudoers rule is written outside visudo (passwordless root for a user is a backdoor)',
    examples: {
      tp: [
        'echo "deploy ALL=(ALL) NOPASSWD: ALL" >> /etc/sudoers',
        "echo 'nobody ALL=(ALL:ALL) NOPASSWD:ALL' | sudo tee /etc/sudoers.d/99-nobody",
        "sudo sed -i 's/^%sudo.*/%sudo ALL=(ALL) NOPASSWD:ALL/' /etc/sudoers",
      ],
      fp: ['sudo visudo', 'sudo cat /etc/sudoers', 'sudo -l'],
    },
  },
  {
    id: 'commands.privilege-escalation.setuid-shell',
    family: 'privilege-escalation',
    severity: 'high',
    score: 0.85,
    attack: 'T1548.001',
    description: 'The setuid/setgid bit is set on a shell, an interpreter or a file in a temp directory (a root shell for anyone)',
    examples: {
      tp: ['chmod u+s /bin/bash', 'sudo chmod 4755 /usr/bin/python3', 'cp /bin/sh /tmp/.x && chmod +s /tmp/.x'],
      fp: ['chmod 755 /usr/local/bin/tool', 'chmod g+s /srv/shared', 'sudo chmod 2775 /var/www/html'],
    },
  },
];

const SUDOERS = /^\/etc\/sudoers(?:\.d\/[^/]{1,128})?$/;
const NOPASSWD_ALL = /nopasswd\s{0,4}:\s{0,4}all\b/i;
/** `ALL=(ALL) ALL`, `ALL=(ALL:ALL) NOPASSWD: ALL`: any command as any user. */
const ALL_ALL = /\ball\s{0,4}=\s{0,4}\(\s{0,4}all(?:\s{0,4}:\s{0,4}all)?\s{0,4}\)\s{0,4}(?:nopasswd\s{0,4}:\s{0,4})?all\b/i;
/** Shells, interpreters and GTFOBins that give a shell when setuid. */
const SETUID_TARGETS = new Set([
  'sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'fish', 'busybox', 'python', 'python2', 'python3', 'perl', 'ruby', 'php', 'node', 'lua',
  'env', 'find', 'vim', 'vi', 'nano', 'less', 'more', 'awk', 'gawk', 'nmap', 'cp', 'tee', 'dd', 'tar', 'zip', 'socat', 'nc', 'ncat', 'gdb', 'strace',
  'docker', 'systemctl', 'chown',
]);
const TEMP_DIR = /^(?:\/tmp|\/var\/tmp|\/dev\/shm)\//;
const PYTHONISH = /^python\d(?:\.\d{1,2})?$/;

/** Which special bits a chmod mode sets: 'u' setuid, 'g' setgid only, undefined neither. */
function specialBits(mode: string): 'u' | 'g' | undefined {
  if (/^[0-7]{4}$/.test(mode)) {
    const d = Number(mode[0]);
    return d & 4 ? 'u' : d & 2 ? 'g' : undefined;
  }
  let bits: 'u' | 'g' | undefined;
  for (const clause of mode.split(',')) {
    const m = /^([ugoa]{0,4})\+([rwxXst]{1,6})$/.exec(clause);
    if (!m || !m[2]!.includes('s')) continue;
    const who = m[1]!;
    if (who === '' || who.includes('u') || who.includes('a')) return 'u';
    if (who.includes('g')) bits = 'g';
  }
  return bits;
}

function setuid(c: Cmd, env: Env): void {
  if (c.name !== 'chmod' && c.name !== 'install') return;
  const mode = c.name === 'chmod' ? operands(c)[0] : c.args[c.args.indexOf('-m') + 1];
  const bits = mode ? specialBits(mode) : undefined;
  if (!bits) return;
  const files = c.name === 'chmod' ? operands(c).slice(1) : operands(c, 'mogt');
  for (const f of files) {
    const name = baseName(f);
    const shell = SETUID_TARGETS.has(name) || PYTHONISH.test(name);
    const temp = TEMP_DIR.test(f);
    if (!shell && !(temp && bits === 'u')) continue;
    const what = shell ? `the ${name} binary` : `${f} in a temp directory`;
    env.report('commands.privilege-escalation.setuid-shell', c, `${c.name} sets the ${bits === 'u' ? 'setuid' : 'setgid'} bit on ${what}`, bits === 'g' ? { severity: 'medium', score: 0.6 } : {});
    return;
  }
}

function sudoers(stages: Stage[], env: Env): void {
  for (const w of writesOf(stages, env)) {
    if (!SUDOERS.test(w.norm)) continue;
    const content = w.content ?? '';
    const all = NOPASSWD_ALL.test(content);
    const broad = all || ALL_ALL.test(content);
    const detail = all ? 'grants passwordless root (NOPASSWD: ALL)' : broad ? 'grants a user full sudo rights' : 'changes who may run what as root';
    const options = all ? { severity: 'critical' as const, score: 0.92 } : broad ? {} : { severity: 'medium' as const, score: 0.55 };
    env.report('commands.privilege-escalation.sudoers', w.span, `${w.via} into ${w.norm} ${detail}`, options);
  }
}

export function privilegeEscalationCommand(c: Cmd, env: Env): void {
  setuid(c, env);
}

export function privilegeEscalationPipeline(stages: Stage[], env: Env): void {
  sudoers(stages, env);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const PRIVILEGE_ESCALATION_PATTERNS: readonly RegExp[] = [SUDOERS, NOPASSWD_ALL, ALL_ALL, TEMP_DIR, PYTHONISH, /^[0-7]{4}$/, /^([ugoa]{0,4})\+([rwxXst]{1,6})$/];
