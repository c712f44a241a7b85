import { AhoCorasick } from '../../text/aho-corasick.js';
import { normName } from './resolve.js';
import type { Word } from './shell-lexer.js';

/**
 * Words (whole-word, case-insensitive) that make a line worth parsing. Every check keys on at
 * least one of them; obfuscated spellings are caught by OBFUSCATION_HINT instead.
 */
export const TRIGGER_WORDS: readonly string[] = [
  // download and interpreters
  'curl', 'wget', 'fetch', 'aria2c', 'lwp-download', 'lwp-request', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod', 'invoke-expression', 'iex',
  'downloadstring', 'downloadfile', 'downloaddata', 'webclient', 'start-bitstransfer', 'bash', 'sh', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'busybox',
  'python', 'python2', 'python3', 'perl', 'ruby', 'php', 'node', 'lua', 'awk', 'gawk', 'eval', 'source', 'exec', '$shell', '${shell}',
  // network
  'nc', 'ncat', 'netcat', 'socat', 'telnet', 'openssl', 'mkfifo', 'mknod', 'tcpclient', 'tcplistener', '/dev/tcp', '/dev/udp', '/inet/tcp', 'fsockopen',
  // destructive
  'rm', 'rmdir', 'rd', 'del', 'erase', 'remove-item', 'mv', 'find', 'mkfs', 'mke2fs', 'mkswap', 'wipefs', 'sgdisk', 'parted', 'dd', 'shred', 'blkdiscard',
  'chmod', 'chown', 'chgrp', 'format', 'format-volume', 'clear-disk', 'initialize-disk', 'vssadmin', 'wbadmin', 'bcdedit', 'shadowcopy',
  'win32_shadowcopy', 'fork', 'ri', 'mkdosfs', 'mkntfs', 'newfs',
  // persistence
  'crontab', 'cron', 'systemd', 'bashrc', 'bash_profile', 'profile', 'zshrc', 'zprofile', 'authorized_keys', 'currentversion', 'startup', 'schtasks',
  'register-scheduledtask', 'register-wmievent', '__eventfilter', 'commandlineeventconsumer', 'set-wmiinstance', 'new-ciminstance', 'rc.local', 'init.d',
  'autostart', 'launchagents', 'launchdaemons', 'ld.so.preload', 'new-itemproperty', 'set-itemproperty', 'reg', 'zshenv', 'bash_login', 'kshrc',
  'cshrc', 'config.fish', 'update-motd.d', 'register-cimindicationevent', 'new-item', 'runonce', 'winlogon',
  // privilege escalation
  'sudoers', 'nopasswd',
  // accounts
  'useradd', 'adduser', 'usermod', 'luseradd', 'gpasswd', 'passwd', 'localgroup', 'add-localgroupmember', 'add-adgroupmember', 'domain admins',
  'enterprise admins',
  // credentials
  'shadow', 'gshadow', 'master.passwd', 'hklm', 'ntds', 'ntdsutil', 'esentutl', 'lsass', 'procdump', 'comsvcs', 'minidump', 'out-minidump', 'mimikatz',
  'sekurlsa', 'lsadump', 'invoke-mimikatz', 'pypykatz', 'secretsdump', 'login data', 'logins.json', 'key4.db', 'key3.db', 'signons.sqlite', 'cookies',
  'aws', 'gcloud', 'azure', 'kube', 'ssh', 'id_rsa', 'id_ed25519', 'id_ecdsa', 'id_dsa', 'netrc', 'git-credentials', 'docker', 'npmrc', 'pypirc',
  'unshadow', 'printenv', 'serviceaccount', 'sam', 'globalroot', 'opasswd', 'procdump64', 'nanodump', 'local state', 'vault-token',
  'login\\ data', 'pgpass',
  // evasion
  'set-mppreference', 'add-mppreference', 'windefend', 'mpcmdrun', 'defender', 'amsiutils', 'amsiinitfailed', 'amsiscanbuffer', 'ufw', 'iptables',
  'ip6tables', 'nft', 'firewalld', 'netsh', 'set-netfirewallprofile', 'pfctl', 'setenforce', 'selinux', 'apparmor', 'aa-teardown', 'auditctl', 'auditd',
  'auditpol', 'journalctl', '/var/log', 'wevtutil', 'clear-eventlog', 'remove-eventlog', 'history', 'histfile', 'histsize', 'histfilesize', 'savehist',
  'bash_history', 'zsh_history', 'clear-history', 'historysavepath', 'base64', 'xxd', 'uudecode', 'frombase64string', 'b64decode', 'base64_decode', 'atob',
  'powershell', 'pwsh', 'encodedcommand', '-enc', 'truncate', 'assembly.gettype', 'system.management.automation', 'base32', 'eventlog',
  'falcon-sensor', 'mdatp', 'sentinelone', 'clamav-daemon', 'osqueryd', 'wazuh-agent', 'cbagentd', 'elastic-agent', 'wdnissvc', 'nftables',
  'netfilter-persistent', 'mpssvc',
  // lolbins
  'certutil', 'mshta', 'rundll32', 'regsvr32', 'bitsadmin', 'wmic', 'msiexec', 'installutil', 'cmstp', 'odbcconf', 'hh', 'mavinject',
  // containers and cloud
  'podman', 'nerdctl', 'nsenter', 'chroot', '169.254.169.254', 'metadata.google.internal', 'fd00:ec2::254', '169.254.170.2', '100.100.100.200',
  'metadata.azure.com', 'kubectl', 'clusterrolebinding', 'rolebinding', 'oc', 'k3s',
];

/**
 * The detector's keywords for the scanner's pre-filter: the trigger words plus the characters
 * obfuscated spellings need (c'u'rl, \\rm, c^e^r^t, $IFS), function definitions (fork bombs)
 * and device paths, so a text is never skipped because its only command is disguised.
 */
export const KEYWORDS: readonly string[] = [...TRIGGER_WORDS, "'", '"', '\\', '^', '$ifs', '${ifs', '$@', '()', '%0|%0', '/dev/'];

/**
 * Quotes, escapes, carets or $IFS/$@ inside a word (c'u'rl, c\url, c^e^r^t, cat${IFS}),
 * function definitions (fork bombs) and block devices.
 */
const OBFUSCATION_HINT = /[A-Za-z](?:'[A-Za-z]{0,8}'|"[A-Za-z]{0,8}")[A-Za-z]|[A-Za-z][\\^][A-Za-z]|\$\{?IFS\b|[a-z]\$@[a-z]|\(\)\s{0,4}\{|\/dev\/(?:sd[a-z]|nvme|hd[a-z]|x?vd[a-z]|mmcblk|r?disk\d|md\d)|%0\|%0/g;

let automaton: AhoCorasick | undefined;

/**
 * Positions (sorted) of trigger words and obfuscation hints in a text. Aho-Corasick over
 * chars with word boundaries: one table step per char, whatever the number of words.
 *
 * @example
 * findHits('run curl | sh'); // [4, 11]
 */
export function findHits(text: string): number[] {
  automaton ??= new AhoCorasick(TRIGGER_WORDS, { unit: 'char', wordBoundaries: true });
  const hits: number[] = [];
  automaton.scanText(text, (_term, start) => {
    if (hits.length < 1_000_000) hits.push(start);
  });
  OBFUSCATION_HINT.lastIndex = 0;
  let extra: number[] | undefined;
  for (let m = OBFUSCATION_HINT.exec(text); m; m = OBFUSCATION_HINT.exec(text)) (extra ??= []).push(m.index);
  if (!extra) return hits;
  return [...hits, ...extra].sort((a, b) => a - b);
}

/** Command names the checks know, for anchoring a command inside a prose sentence. */
export const COMMAND_WORDS: ReadonlySet<string> = new Set([
  'curl', 'wget', 'fetch', 'aria2c', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod', 'iex', 'invoke-expression', 'bash', 'sh', 'zsh', 'dash', 'ksh',
  'python', 'python2', 'python3', 'perl', 'ruby', 'php', 'node', 'lua', 'awk', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'openssl', 'mkfifo', 'rm', 'rd',
  'rmdir', 'del', 'remove-item', 'mv', 'find', 'mkfs', 'mke2fs', 'wipefs', 'sgdisk', 'dd', 'shred', 'blkdiscard', 'chmod', 'chown', 'format-volume',
  'vssadmin', 'wbadmin', 'bcdedit', 'crontab', 'echo', 'printf', 'cat', 'tee', 'cp', 'scp', 'rsync', 'tar', 'sqlite3', 'truncate', 'schtasks', 'reg',
  'register-scheduledtask', 'register-wmievent', 'set-wmiinstance', 'new-itemproperty', 'set-itemproperty', 'set-mppreference', 'add-mppreference', 'ufw',
  'iptables', 'nft', 'netsh', 'setenforce', 'auditctl', 'auditpol', 'journalctl', 'wevtutil', 'clear-eventlog', 'history', 'unset', 'export', 'base64',
  'xxd', 'powershell', 'pwsh', 'cmd', 'certutil', 'mshta', 'rundll32', 'regsvr32', 'bitsadmin', 'wmic', 'msiexec', 'installutil', 'cmstp', 'odbcconf',
  'hh', 'docker', 'podman', 'nsenter', 'chroot', 'kubectl', 'sudo', 'env', 'nohup', 'exec', 'eval', 'source', 'unshadow', 'procdump', 'mimikatz',
  'ntdsutil', 'esentutl', 'copy', 'start-process', 'systemctl', 'service', 'sc', 'set-content', 'add-content', 'invoke-mimikatz', 'sekurlsa::logonpasswords',
  'sed', 'ln', 'install', 'printenv', 'ssh', 'unlink', 'launchctl', 'move', 'xcopy', 'robocopy', 'copy-item', 'move-item', 'set-netfirewallprofile',
  'stop-service', 'set-service', 'uninstall-windowsfeature', 'mpcmdrun', 'aa-teardown', 'grubby', 'pfctl', 'secretsdump', 'pypykatz', 'out-minidump',
  'new-item', 'new-ciminstance', 'clear-history', 'remove-eventlog', 'nerdctl', 'mavinject', 'mkswap', 'parted', 'format', 'clear-disk', 'gawk',
  'set', 'fetch', 'busybox', 'timeout', 'nice', 'setsid', 'xargs', 'watch', 'doas', 'su', 'runuser', 'saps', 'invoke-item', 'wscript', 'cscript',
  'unzip', 'chgrp', 'mknod', 'erase', 'ri', 'sekurlsa::logonpasswords', 'lsadump::sam', 'start', 'exec',
  'useradd', 'usermod', 'adduser', 'gpasswd', 'net', 'add-localgroupmember', 'type', 'get-content', 'gc', 'base64', 'sqlite3', 'head',
  'tail', 'less', 'more', 'grep', 'egrep', 'strings', 'jq', 'od', 'hexdump', 'tac', 'new-localuser', 'add-adgroupmember', 'luseradd',
]);

const MKFS_NAME = /^mkfs\.[a-z0-9]{1,10}$/;

/**
 * Whether a word starts a command in prose: a known command typed as a command would be
 * (lower case, a Verb-Noun cmdlet, or an .exe), not a quoted string or a capitalised word.
 */
export function isCommandWord(w: Word): boolean {
  return !w.quoted && isCommandText(w.value);
}

/** The same test on plain text (a word as written, without quotes). */
export function isCommandText(v: string): boolean {
  if (v.length === 0 || v.length > 64) return false;
  const name = normName(v);
  if (!COMMAND_WORDS.has(name) && !MKFS_NAME.test(name)) return false;
  return v === v.toLowerCase() || v.includes('-') || v.toLowerCase().endsWith('.exe') || v === v.toUpperCase();
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const TRIGGER_PATTERNS: readonly RegExp[] = [OBFUSCATION_HINT, MKFS_NAME];
