import { hasArg, hasLong, hasShort, normPath, operands, type Cmd, type CommandRule, type Env, type Stage } from '../model.js';
import { writesOf } from '../writes.js';

export const DESTRUCTIVE_RULES: CommandRule[] = [
  {
    id: 'commands.destructive.rm-root',
    family: 'destructive',
    severity: 'critical',
    score: 0.95,
    attack: 'T1485',
    description: 'Recursive deletion of the filesystem root, the home directory or a system directory',
    examples: {
      tp: ['sudo rm -rf / --no-preserve-root', 'rm -rf "$HOME"', 'rd /s /q C:\\'],
      fp: ['rm -rf ./build', 'rm -rf node_modules dist', 'sudo rm -rf /var/lib/apt/lists/*'],
    },
  },
  {
    id: 'commands.destructive.disk-format',
    family: 'destructive',
    severity: 'high',
    score: 0.85,
    attack: 'T1561.002',
    description: 'A filesystem or partition table is created over a disk device (erases it)',
    examples: {
      tp: ['mkfs.ext4 /dev/sda1', 'sudo wipefs -a /dev/nvme0n1', 'Format-Volume -DriveLetter D -FileSystem NTFS -Force'],
      fp: ['mkfs.ext4 disk.img', 'lsblk -f /dev/sda', 'The mkfs command builds a Linux filesystem.'],
    },
  },
  {
    id: 'commands.destructive.disk-overwrite',
    family: 'destructive',
    severity: 'critical',
    score: 0.92,
    attack: 'T1561.001',
    description: 'Raw data written over a block device (dd, redirection, shred, blkdiscard)',
    examples: {
      tp: ['dd if=/dev/zero of=/dev/sda bs=1M', 'cat /dev/urandom > /dev/nvme0n1', 'shred -n 3 -z /dev/sdb'],
      fp: ['dd if=/dev/zero of=swapfile bs=1M count=1024', 'echo test > /dev/null', 'shred -u secrets.txt'],
    },
  },
  {
    id: 'commands.destructive.fork-bomb',
    family: 'destructive',
    severity: 'high',
    score: 0.9,
    attack: 'T1499',
    description: 'Fork bomb: a process that multiplies until the machine is exhausted',
    examples: {
      tp: [':(){ :|:& };:', 'bomb() { bomb | bomb & }; bomb', "perl -e 'fork while fork'"],
      fp: ['f() { echo hi; }; f', 'while true; do sleep 1; done', 'ls | grep foo &'],
    },
  },
  {
    id: 'commands.destructive.permissions-root',
    family: 'destructive',
    severity: 'high',
    score: 0.85,
    attack: 'T1222.002',
    description: 'Recursive permission or ownership change on the root or a system directory',
    examples: {
      tp: ['chmod -R 777 /', 'sudo chown -R nobody:nogroup /usr', 'chmod 000 -R /etc'],
      fp: ['chmod 755 script.sh', 'chmod -R 755 /var/www/html', 'sudo chown -R $USER:$USER ~/project'],
    },
  },
  {
    id: 'commands.destructive.inhibit-recovery',
    family: 'destructive',
    severity: 'critical',
    score: 0.9,
    attack: 'T1490',
    description: 'Backups or shadow copies deleted, or boot recovery disabled (ransomware preparation)',
    examples: {
      tp: ['vssadmin delete shadows /all /quiet', 'wmic shadowcopy delete', 'bcdedit /set {default} recoveryenabled no'],
      fp: ['vssadmin list shadows', 'bcdedit /enum', 'wbadmin get versions'],
    },
  },
];

const SYSTEM_DIR = /^\/(?:bin|boot|dev|etc|home|lib|lib32|lib64|opt|proc|root|sbin|srv|sys|usr|var|usr\/(?:bin|lib|lib64|sbin))\/?\*?$/;
const HOMEISH = new Set(['~', '~/', '~/*', '$home', '$home/', '$home/*', '${home}', '${home}/', '${home}/*', '~/.*', '$home/.*']);
const ROOTISH = new Set(['/', '/*', '/.', '//', '/.*', '/./', '/..']);
const DRIVE_ROOT = /^[a-z]:\\?(?:\*(?:\.\*)?)?$|^[a-z]:\\(?:windows|users|program files(?: \(x86\))?|programdata)(?:\\(?:system32|\*))?\\?$/;
const BLOCK_DEV = /^\/dev\/(?:sd[a-z]{1,2}\d{0,3}|hd[a-z]\d{0,3}|vd[a-z]\d{0,3}|xvd[a-z]\d{0,3}|nvme\d{1,2}n\d{1,2}(?:p\d{1,3})?|mmcblk\d{1,2}(?:p\d{1,3})?|r?disk\d{1,2}(?:s\d{1,3})?|md\d{1,3}|dm-\d{1,3}|mapper\/[\w.-]{1,64}|sr\d|mtdblock\d)$|^\\\\\.\\physicaldrive\d{1,2}$/;
const MKFS = /^(?:mkfs(?:\.[a-z0-9]{1,10})?|mke2fs|mkswap|newfs(?:_[a-z]{2,8})?|mkdosfs|mkntfs)$/;
const RANDOM_SRC = /^if=\/dev\/(?:zero|u?random)$/;

/**
 * Where a path points: 'root' (/, ~, $HOME, system dirs), 'cwd' (* in the current dir) or undefined.
 *
 * @example
 * rootTarget('/'); // 'root'
 * rootTarget('./build'); // undefined
 */
export function rootTarget(value: string): 'root' | 'cwd' | undefined {
  const v = value.trim();
  if (v === '*' || v === './*' || v === '.*') return 'cwd';
  const n = normPath(v);
  if (ROOTISH.has(n) || HOMEISH.has(n) || SYSTEM_DIR.test(n)) return 'root';
  if (DRIVE_ROOT.test(v.toLowerCase())) return 'root';
  return undefined;
}

/**
 * A whole disk or partition device (not /dev/null, /dev/zero or a loop device).
 *
 * @example
 * isBlockDevice('/dev/nvme0n1p2'); // true
 */
export function isBlockDevice(path: string): boolean {
  return BLOCK_DEV.test(path.toLowerCase());
}

function rmRoot(c: Cmd, env: Env): void {
  const n = c.name;
  if (n === 'rm' || n === 'remove-item' || n === 'ri' || n === 'del' || n === 'erase' || n === 'rd' || n === 'rmdir') {
    const windows = n !== 'rm' || c.win.some((w) => /^[a-z]:\\/.test(w));
    const recursive = hasShort(c, 'r') || hasShort(c, 'R') || hasLong(c, '--recursive') || hasArg(c, '/s', '-recurse', '-rec', '-r');
    const noPreserve = hasLong(c, '--no-preserve-root');
    if (!recursive && !noPreserve) return;
    const targets = windows ? c.win.filter((w) => !w.startsWith('-') && !(w.startsWith('/') && w.length <= 3)) : operands(c);
    for (const t of targets) {
      const kind = rootTarget(t);
      if (!kind) continue;
      if (kind === 'cwd' && !noPreserve) {
        env.report('commands.destructive.rm-root', c, `${n} deletes everything in the current directory recursively`, { severity: 'high', score: 0.7 });
        return;
      }
      env.report('commands.destructive.rm-root', c, `${n} recursively deletes ${describe(t)}${noPreserve ? ' with --no-preserve-root' : ''}`, obf(c));
      return;
    }
    if (noPreserve) env.report('commands.destructive.rm-root', c, 'rm with --no-preserve-root', obf(c));
    return;
  }
  if (n === 'find') {
    const roots = operands(c).filter((a) => !a.startsWith('-') && !a.startsWith('('));
    const deletes = c.lower.includes('-delete') || (c.lower.some((a) => a === '-exec' || a === '-execdir') && c.lower.some((a) => a === 'rm' || a === 'shred'));
    const first = roots[0];
    if (deletes && first !== undefined && rootTarget(first) === 'root') env.report('commands.destructive.rm-root', c, `find deletes files under ${describe(first)}`);
    return;
  }
  if (n === 'mv') {
    const ops = operands(c, 't');
    if (ops.length >= 2 && ops[ops.length - 1] === '/dev/null' && ops.slice(0, -1).some((o) => rootTarget(o) === 'root')) env.report('commands.destructive.rm-root', c, 'mv moves the root or home directory to /dev/null');
  }
}

function describe(target: string): string {
  const n = normPath(target);
  if (ROOTISH.has(n)) return 'the filesystem root';
  if (HOMEISH.has(n)) return 'the home directory';
  if (/^[a-z]:/i.test(target)) return 'a drive or Windows system directory';
  return `the system directory ${n}`;
}

function obf(c: Cmd): { steps?: { step: 'context'; delta: number; reason: string }[] } {
  return c.obfuscated ? { steps: [{ step: 'context', delta: 0.05, reason: 'obfuscated command name (+0.05)' }] } : {};
}

function diskFormat(c: Cmd, env: Env): void {
  if (MKFS.test(c.name) || c.name === 'wipefs' || c.name === 'blkdiscard') {
    const dev = operands(c, c.name === 'wipefs' ? 'otO' : 'LtbcCeEgGiIjJmMNoOrTUb').find((a) => a.startsWith('/dev/') && a !== '/dev/null' && a !== '/dev/zero' && !a.startsWith('/dev/loop'));
    if (dev) env.report('commands.destructive.disk-format', c, `${c.name} on the device ${dev}`);
    return;
  }
  if (c.name === 'sgdisk' && (hasShort(c, 'Z') || hasLong(c, '--zap-all') || hasShort(c, 'o') || hasLong(c, '--clear'))) {
    env.report('commands.destructive.disk-format', c, 'sgdisk destroys the partition table');
    return;
  }
  if (c.name === 'parted' && c.lower.includes('mklabel') && c.args.some((a) => a.startsWith('/dev/'))) {
    env.report('commands.destructive.disk-format', c, 'parted writes a new partition table');
    return;
  }
  if (c.name === 'format-volume' || c.name === 'clear-disk' || c.name === 'initialize-disk') {
    env.report('commands.destructive.disk-format', c, `${c.name} erases a volume or disk`);
    return;
  }
  if (c.name === 'format' && c.win.some((a) => /^[a-z]:$/.test(a))) env.report('commands.destructive.disk-format', c, 'format of a drive letter');
}

function diskOverwrite(c: Cmd, env: Env): void {
  if (c.name === 'dd') {
    const of = c.lower.find((a) => a.startsWith('of='));
    if (of && isBlockDevice(of.slice(3))) {
      const random = c.lower.some((a) => RANDOM_SRC.test(a));
      env.report('commands.destructive.disk-overwrite', c, `dd writes ${random ? 'zeros/random data' : 'an image'} over the device ${of.slice(3)}`, random ? {} : { severity: 'high', score: 0.8 });
    }
    return;
  }
  if (c.name === 'shred' || c.name === 'blkdiscard') {
    const dev = operands(c, 'nsx').find(isBlockDevice);
    if (dev) env.report('commands.destructive.disk-overwrite', c, `${c.name} on the device ${dev}`);
  }
}

function overwritePipeline(stages: Stage[], env: Env): void {
  for (const w of writesOf(stages, env)) {
    if ((w.via === 'redirect' || w.via === 'tee' || w.via === 'copy') && isBlockDevice(w.path)) {
      env.report('commands.destructive.disk-overwrite', w.span, `${w.via === 'copy' ? w.cmd.name : w.via} writes over the device ${w.path}`);
    }
  }
}

function inhibitRecovery(c: Cmd, env: Env): void {
  const l = c.lower;
  if (c.name === 'vssadmin') {
    if (l.includes('delete') && l.includes('shadows')) env.report('commands.destructive.inhibit-recovery', c, 'vssadmin deletes volume shadow copies');
    else if (l.includes('resize') && l.includes('shadowstorage')) env.report('commands.destructive.inhibit-recovery', c, 'vssadmin shrinks shadow storage (drops shadow copies)', { severity: 'high', score: 0.8 });
  } else if (c.name === 'wmic' && l.includes('shadowcopy') && l.includes('delete')) {
    env.report('commands.destructive.inhibit-recovery', c, 'wmic deletes shadow copies');
  } else if (c.name === 'bcdedit' && ((l.includes('recoveryenabled') && l.includes('no')) || l.includes('ignoreallfailures'))) {
    env.report('commands.destructive.inhibit-recovery', c, 'bcdedit disables automatic recovery', { severity: 'high', score: 0.85 });
  } else if (c.name === 'wbadmin' && l.includes('delete') && l.some((a) => a === 'catalog' || a === 'systemstatebackup' || a === 'backup')) {
    env.report('commands.destructive.inhibit-recovery', c, 'wbadmin deletes backups or the backup catalog');
  }
}

function permissionsRoot(c: Cmd, env: Env): void {
  if (c.name !== 'chmod' && c.name !== 'chown' && c.name !== 'chgrp') return;
  if (!(hasShort(c, 'R') || hasLong(c, '--recursive'))) return;
  const ops = operands(c);
  const target = ops.slice(1).find((o) => rootTarget(o) === 'root');
  if (!target) return;
  const open = c.name === 'chmod' && (ops[0] === '777' || ops[0] === '000' || ops[0] === '0777' || ops[0] === 'a+rwx');
  env.report('commands.destructive.permissions-root', c, `${c.name} -R on ${describe(target)}`, open ? { severity: 'critical', score: 0.9 } : {});
}

export function destructiveCommand(c: Cmd, env: Env): void {
  rmRoot(c, env);
  diskFormat(c, env);
  diskOverwrite(c, env);
  inhibitRecovery(c, env);
  permissionsRoot(c, env);
}

export function destructivePipeline(stages: Stage[], env: Env): void {
  overwritePipeline(stages, env);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const DESTRUCTIVE_PATTERNS: readonly RegExp[] = [SYSTEM_DIR, DRIVE_ROOT, BLOCK_DEV, MKFS, RANDOM_SRC, /^[a-z]:\\/, /^[a-z]:/i, /^[a-z]:$/];
