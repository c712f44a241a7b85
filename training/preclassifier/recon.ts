import type { DangerCmd } from './commands.js';
import type { Slots } from './pools.js';
import type { Rng } from './rng.js';
import type { Shell } from './types.js';

/**
 * Discovery commands (ATT&CK Discovery tactic): what intruders run first to look around.
 * None is dangerous by itself and the guard does not block them, so rows that show them in an
 * educational framing (write-ups, incident reports, Sigma rules) are labelled `text`. They
 * share all the vocabulary of the educational families without their label.
 */

interface Recon {
  sh: Shell;
  tech: string;
  t: string;
  what: string;
}

function r(sh: Shell, tech: string, t: string, what: string): Recon {
  return { sh, tech, t, what };
}

export const RECON: readonly Recon[] = [
  r('bash', 'T1033', 'whoami', 'prints the name of the current user'),
  r('bash', 'T1033', 'id', 'prints the user ID, group ID and supplementary groups of the current user'),
  r('bash', 'T1082', 'uname -a', 'prints the kernel name, version, architecture and host name'),
  r('bash', 'T1082', 'cat /etc/os-release', 'shows which Linux distribution and release the host runs'),
  r('bash', 'T1057', 'ps aux', 'lists every running process with its owner, CPU and memory use'),
  r('bash', 'T1049', 'ss -tulpn', 'lists listening TCP and UDP sockets and the processes that own them'),
  r('bash', 'T1016', 'ip a', 'shows the network interfaces and their addresses'),
  r('bash', 'T1069.001', 'sudo -l', 'lists which commands the current user may run through sudo'),
  r('bash', 'T1083', 'find / -perm -4000 -type f 2>/dev/null', 'lists set-user-ID binaries, the usual starting point when looking for a privilege escalation'),
  r('bash', 'T1087.001', 'cat /etc/passwd', 'lists the local accounts, their home directories and shells (it holds no password hashes)'),
  r('bash', 'T1033', 'last -n 20', 'shows the last twenty logins with their source addresses'),
  r('bash', 'T1083', 'ls -la /home', 'lists the home directories on the machine'),
  r('cmd', 'T1033', 'whoami /all', 'prints the current user, its SID, its group memberships and its privileges'),
  r('cmd', 'T1082', 'systeminfo', 'prints the Windows version, patch level, domain and boot time'),
  r('cmd', 'T1016', 'ipconfig /all', 'prints every network adapter with its addresses and DNS servers'),
  r('cmd', 'T1087.001', 'net user', 'lists the local user accounts'),
  r('cmd', 'T1087.002', 'net user /domain', 'lists the user accounts of the Active Directory domain'),
  r('cmd', 'T1069.002', 'net group "Domain Admins" /domain', 'lists the members of the Domain Admins group'),
  r('cmd', 'T1018', 'nltest /dclist:corp.local', 'lists the domain controllers of corp.local'),
  r('cmd', 'T1482', 'nltest /domain_trusts', 'lists the trust relationships of the current domain'),
  r('cmd', 'T1057', 'tasklist /v', 'lists running processes with their owners and window titles'),
  r('cmd', 'T1049', 'netstat -ano', 'lists connections and listening ports with the owning process IDs'),
  r('cmd', 'T1033', 'quser', 'shows who is logged on to the machine'),
  r('cmd', 'T1018', 'arp -a', 'prints the ARP cache, which reveals nearby hosts'),
  r('cmd', 'T1135', 'net share', 'lists the folders this machine shares on the network'),
  r('cmd', 'T1069.001', 'net localgroup administrators', 'lists the members of the local Administrators group'),
  r('powershell', 'T1057', 'Get-Process', 'lists the running processes'),
  r('powershell', 'T1087.001', 'Get-LocalUser', 'lists the local accounts and whether they are enabled'),
  r('powershell', 'T1049', 'Get-NetTCPConnection -State Listen', 'lists the listening TCP ports'),
  r('powershell', 'T1082', 'Get-CimInstance Win32_OperatingSystem', 'shows the operating system version and install date'),
  r('powershell', 'T1018', 'Get-ADComputer -Filter * | Select-Object Name', 'lists the computer accounts of the domain'),
];

const WIN_IMAGE: Record<Shell, (first: string) => string> = {
  bash: (first) => first,
  cmd: (first) => `${first}.exe`,
  powershell: () => 'powershell.exe',
};

/** Draws a discovery command, in the shape of a dangerous one (technique, needle, image). */
export function drawRecon(rng: Rng, s: Slots): DangerCmd {
  const x = rng.pick(RECON);
  const text = s.fill(x.t);
  const first = text.split(/\s+/)[0]!.toLowerCase();
  return { cat: 'recon', sh: x.sh, tech: x.tech, text, needle: text.split(/\s+/).slice(0, 2).join(' '), what: x.what, img: WIN_IMAGE[x.sh](first), multiline: false, effect: 'evasion' };
}
