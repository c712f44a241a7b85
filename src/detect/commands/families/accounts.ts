import { operands, optionValue, type Cmd, type CommandRule, type Env, type Stage } from '../model.js';
import { writesOf } from '../writes.js';

/**
 * Local accounts created or changed for persistence and privilege. Creating an ordinary
 * account (`useradd -m alice`, `adduser deploy`, `net user bob P /add`, `New-LocalUser`) is
 * routine administration and not a finding; what is reported is a second UID-0 account, a
 * line written straight into /etc/passwd or /etc/shadow, and membership of an admin group
 * (sudo/wheel: medium, since using it still asks for the user's password; the Windows
 * Administrators and domain admin groups: high). The docker group is left alone: every Docker
 * install guide adds the user to it.
 */
export const ACCOUNT_RULES: CommandRule[] = [
  {
    id: 'commands.persistence.local-account',
    family: 'persistence',
    severity: 'critical',
    score: 0.9,
    attack: 'T1136.001',
    description: 'A local account with UID 0 is created (a second root), or an account line is written straight into /etc/passwd or /etc/shadow',
    examples: {
      tp: ['sudo useradd -o -u 0 -g 0 -M -d /root -s /bin/bash root2', "echo 'x:$1$abc$def:0:0::/root:/bin/bash' >> /etc/passwd", 'usermod -o -u 0 backup'],
      fp: ['useradd -m alice', 'sudo adduser deploy', 'cat /etc/passwd'],
    },
  },
  {
    id: 'commands.privilege-escalation.admin-group',
    family: 'privilege-escalation',
    severity: 'medium',
    score: 0.5,
    attack: 'T1098.007',
    description: 'An account is added to an administrators group (sudo, wheel, root, Administrators, Domain Admins)',
    examples: {
      tp: ['sudo usermod -aG sudo bob', 'net user admin2 P@ssw0rd123 /add && net localgroup administrators admin2 /add', 'Add-LocalGroupMember -Group Administrators -Member svc'],
      fp: ['sudo usermod -aG docker $USER', 'net localgroup administrators', 'Get-LocalGroupMember -Group Administrators'],
    },
  },
];

const LINUX_ADMIN = new Set(['sudo', 'wheel', 'admin']);
const LINUX_ROOT = new Set(['root', '0']);
const WINDOWS_ADMIN = new Set(['administrators', 'domain admins', 'enterprise admins', 'schema admins', 'administradores', 'administrateurs', 'administratoren']);
/** A passwd line with UID 0: `name:pw:0:gid:...`. */
const PASSWD_UID0 = /(?:^|\n)[^:\s]{1,64}:[^:\n]{0,256}:0:\d{1,10}:/;
const ACCOUNT_FILE = /^\/etc\/(?:passwd|shadow)$/;

function uid0(c: Cmd, env: Env): void {
  if (c.name !== 'useradd' && c.name !== 'adduser' && c.name !== 'usermod' && c.name !== 'luseradd') return;
  const uid = optionValue(c, 'u', ['--uid']);
  if (uid !== '0') return;
  const user = operands(c, 'ugGdscekpK', ['--uid', '--gid', '--groups', '--home', '--home-dir', '--shell', '--comment', '--expiredate', '--password', '--gecos']).at(-1) ?? 'an account';
  const verb = c.name === 'usermod' ? 'gives' : 'creates';
  env.report('commands.persistence.local-account', c, `${c.name} ${verb} ${user} UID 0 (a second root account)`, c.name === 'usermod' ? { attack: 'T1098' } : {});
}

function groupsOf(c: Cmd): string[] {
  const out: string[] = [];
  const g = optionValue(c, 'G', ['--groups']);
  if (g) out.push(...g.toLowerCase().split(','));
  if (c.name === 'useradd' || c.name === 'usermod') {
    const primary = optionValue(c, 'g', ['--gid']);
    if (primary) out.push(primary.toLowerCase());
  }
  return out;
}

function linuxGroup(c: Cmd, env: Env): void {
  let groups: string[] = [];
  let user: string | undefined;
  if (c.name === 'usermod' || c.name === 'useradd') {
    if (optionValue(c, 'u', ['--uid']) === '0') return;
    groups = groupsOf(c);
    user = operands(c, 'ugGdscekpK').at(-1);
  } else if (c.name === 'gpasswd') {
    const a = optionValue(c, 'aM', ['--add', '--members']);
    if (a) [user, groups] = [a, [operands(c, 'aMdA').at(-1)?.toLowerCase() ?? '']];
  } else if (c.name === 'adduser' && operands(c).length === 2) {
    const [u, g] = operands(c);
    [user, groups] = [u, [g!.toLowerCase()]];
  }
  const root = groups.find((g) => LINUX_ROOT.has(g));
  const admin = root ?? groups.find((g) => LINUX_ADMIN.has(g));
  if (!admin) return;
  env.report('commands.privilege-escalation.admin-group', c, `${c.name} adds ${user ?? 'a user'} to the ${admin} group`, root ? { severity: 'high', score: 0.7 } : {});
}

function windowsGroup(c: Cmd, env: Env): void {
  let group: string | undefined;
  if (c.name === 'net' || c.name === 'net1') {
    const sub = c.lower[0];
    if ((sub !== 'localgroup' && sub !== 'group') || !c.lower.includes('/add') || c.lower.length < 4) return;
    group = c.lower[1];
  } else if (c.name === 'add-localgroupmember' || c.name === 'add-adgroupmember') {
    const i = c.lower.findIndex((a) => a === '-group' || a === '-name' || a === '-identity' || a === '-sid');
    group = i >= 0 ? c.lower[i + 1] : operands(c).map((a) => a.toLowerCase()).find((a) => WINDOWS_ADMIN.has(a));
    if (group === 's-1-5-32-544') group = 'administrators';
  } else return;
  if (group === undefined || !WINDOWS_ADMIN.has(group)) return;
  const domain = group !== 'administrators' && !group.startsWith('administr');
  env.report('commands.privilege-escalation.admin-group', c, `${c.name} adds an account to ${domain ? `the ${group} domain group` : 'the local Administrators group'}`, { severity: 'high', score: domain ? 0.8 : 0.75 });
}

function passwdWrites(stages: Stage[], env: Env): void {
  for (const w of writesOf(stages, env)) {
    if (!ACCOUNT_FILE.test(w.norm) || w.via === 'copy') continue;
    const root = w.content !== undefined && PASSWD_UID0.test(w.content);
    if (!root && (w.content === undefined || !w.content.includes(':'))) continue;
    env.report('commands.persistence.local-account', w.span, `${w.via} writes ${root ? 'a UID-0 account' : 'an account line'} into ${w.norm}`, root ? {} : { severity: 'high', score: 0.75 });
  }
}

export function accountCommand(c: Cmd, env: Env): void {
  uid0(c, env);
  linuxGroup(c, env);
  windowsGroup(c, env);
}

export function accountPipeline(stages: Stage[], env: Env): void {
  passwdWrites(stages, env);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const ACCOUNT_PATTERNS: readonly RegExp[] = [PASSWD_UID0, ACCOUNT_FILE];
