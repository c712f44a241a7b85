import { baseName, normPath, operands, type Cmd, type CommandRule, type Env, type ReportOptions, type Stage } from '../model.js';
import { SENDERS, stripAt } from './credential-access.js';

/**
 * Cloud, Kubernetes, Docker and SSH credential files read, copied or encoded on the machine.
 * Sending them over the network is `credential-file-exfil` (credential-access.ts); this rule
 * covers the step before: printing a secret into the conversation or staging it for transfer.
 * Listing a directory, editing a file, chmod, `aws configure`, `ssh-keygen` and public keys
 * (`id_rsa.pub`) are not findings.
 */
export const CREDENTIAL_FILE_RULES: CommandRule[] = [
  {
    id: 'commands.credential-access.credential-file-read',
    family: 'credential-access',
    severity: 'medium',
    score: 0.55,
    attack: 'T1552.001',
    description: 'A cloud, Kubernetes, Docker or SSH credential file is read, copied or encoded (printing it exposes the secret; copying or encoding it stages it for exfiltration)',
    examples: {
      tp: ['cat ~/.aws/credentials', 'find / -name id_rsa 2>/dev/null -exec cat {} \\;', 'base64 -w0 ~/.ssh/id_ed25519'],
      fp: ['ls ~/.aws', 'cat ~/.ssh/id_rsa.pub', 'chmod 600 ~/.ssh/id_rsa', 'vim ~/.aws/credentials', 'cp ~/.kube/config ~/.kube/config.bak'],
    },
  },
];

/** Files that hold secrets themselves (not config next to them: ~/.aws/config is not here). */
const SECRET_FILE =
  /(?:^|\/)(?:\.aws\/credentials|\.config\/gcloud\/(?:credentials\.db|access_tokens\.db|application_default_credentials\.json|legacy_credentials\/[^/]{1,128}\/(?:adc\.json|\.boto))|\.azure\/(?:accesstokens\.json|msal_token_cache\.(?:json|bin))|\.kube\/config|\.docker\/config\.json|\.ssh\/(?:id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?|id_\*|\*)|\.netrc|\.git-credentials|\.pgpass|\.vault-token)$|^\/var\/run\/secrets\/kubernetes\.io\/serviceaccount\/token$/;
/** `find -name` values that hunt for key and credential files. */
const FIND_NAME = /^\*?(?:id_(?:rsa|dsa|ecdsa|ed25519|\*)|\.?git-credentials|\.?netrc|\.?pgpass|\.?vault-token|credentials(?:\.db)?|access_tokens\.db|application_default_credentials\.json|kubeconfig)$/;
const PRINTERS = new Set(['cat', 'tac', 'nl', 'head', 'tail', 'less', 'more', 'most', 'bat', 'batcat', 'strings', 'grep', 'egrep', 'fgrep', 'rg', 'awk', 'gawk', 'sed', 'cut', 'sort', 'od', 'hexdump', 'jq', 'yq', 'sqlite3', 'type', 'get-content', 'gc']);
const ENCODERS = new Set(['base64', 'base32', 'xxd', 'uuencode', 'gpg', 'tar', 'zip', '7z', 'gzip', 'bzip2', 'xz', 'compress-archive', 'certutil']);
const COPIERS = new Set(['cp', 'copy', 'copy-item', 'xcopy', 'robocopy', 'dd', 'install']);
const STAGING_DIR = /^(?:\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|\/var\/www\/|\/srv\/www\/|c:\/users\/public\/|%temp%\/|\$env:temp\/)|^\/(?:tmp|var\/tmp|dev\/shm)$/;

function isSecret(value: string): boolean {
  return SECRET_FILE.test(stripAt(value));
}

/** The first credential file among the arguments (the shell value or, for cmd, the source text). */
function secretArg(c: Cmd, env: Env): string | undefined {
  for (let i = 0; i < c.args.length; i++) {
    if (isSecret(c.args[i]!)) return stripAt(c.args[i]!);
    const w = c.win[i];
    if (w !== undefined && w !== c.lower[i] && isSecret(w)) return stripAt(w);
  }
  for (const r of c.redirs) if (r.op === '<' && r.target && isSecret(env.expand(r.target.value))) return normPath(env.expand(r.target.value));
  return undefined;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function attackOf(file: string): ReportOptions {
  return file.includes('.ssh/') ? { attack: 'T1552.004' } : {};
}

const HIGH: ReportOptions = { severity: 'high', score: 0.7 };

/** How a command touches the file: undefined when it does not read it (or only backs it up beside itself). */
function access(c: Cmd, file: string): { how: string; high: boolean } | undefined {
  if (PRINTERS.has(c.name)) return { how: 'prints', high: false };
  if (ENCODERS.has(c.name)) return c.name === 'certutil' && !c.lower.includes('-encode') ? undefined : { how: c.name === 'gpg' || c.name === 'tar' || c.name === 'zip' || c.name === '7z' ? 'packs' : 'encodes', high: true };
  if (c.name === 'openssl' && (c.lower.includes('base64') || c.lower.includes('enc'))) return { how: 'encodes', high: true };
  if (!COPIERS.has(c.name)) return undefined;
  const ops = c.name === 'dd' ? c.args.filter((a) => a.startsWith('of=')).map((a) => a.slice(3)) : operands(c, 'mogt');
  const dest = ops.length > 0 ? normPath(ops[ops.length - 1]!) : '';
  if (dest !== '' && (dirOf(dest) === dirOf(file) || dest.startsWith(`${file}.`))) return undefined;
  return { how: STAGING_DIR.test(dest) ? 'copies to a temp or public directory' : 'copies', high: true };
}

/** find -name id_rsa -exec cat {} \; (or | xargs cat): credential files hunted across a tree. */
function findHunt(c: Cmd): string | undefined {
  if (c.name !== 'find') return undefined;
  for (let i = 0; i < c.lower.length - 1; i++) {
    const a = c.lower[i]!;
    if (a !== '-name' && a !== '-iname' && a !== '-path' && a !== '-ipath' && a !== '-wholename') continue;
    const v = c.lower[i + 1]!;
    if (FIND_NAME.test(v) || SECRET_FILE.test(normPath(v))) return v;
  }
  return undefined;
}

function readerName(name: string): boolean {
  const n = baseName(name);
  return PRINTERS.has(n) || ENCODERS.has(n) || COPIERS.has(n);
}

function huntAction(stages: Stage[], i: number, c: Cmd): string | undefined {
  const k = c.lower.findIndex((a) => a === '-exec' || a === '-execdir' || a === '-ok');
  if (k >= 0 && readerName(c.lower[k + 1] ?? '')) return baseName(c.lower[k + 1]!);
  // xargs is peeled like sudo: `| xargs cat` is a stage whose command is cat.
  for (let j = i + 1; j < stages.length; j++) {
    const x = stages[j]!.cmds.find((y) => readerName(y.name) && y.wrappers.includes('xargs'));
    if (x) return x.name;
  }
  return undefined;
}

function sentLater(stages: Stage[], i: number): boolean {
  for (let j = i + 1; j < stages.length; j++) if (stages[j]!.cmds.some((x) => SENDERS.has(x.name) && !(x.name === 'openssl' && !x.lower.includes('s_client')))) return true;
  return false;
}

function encodedLater(stages: Stage[], i: number): string | undefined {
  for (let j = i + 1; j < stages.length; j++) for (const x of stages[j]!.cmds) if (ENCODERS.has(x.name) || (x.name === 'openssl' && x.lower.includes('base64'))) return x.name;
  return undefined;
}

export function credentialFilePipeline(stages: Stage[], env: Env): void {
  for (let i = 0; i < stages.length; i++) {
    for (const c of stages[i]!.cmds) {
      if (SENDERS.has(c.name)) continue;
      const hunted = findHunt(c);
      if (hunted !== undefined) {
        const action = huntAction(stages, i, c);
        if (action && !sentLater(stages, i)) {
          const high = ENCODERS.has(action) || COPIERS.has(action);
          env.report('commands.credential-access.credential-file-read', { start: c.start, end: stages[stages.length - 1]!.end }, `find hunts for ${hunted} files and runs ${action} on them`, { attack: hunted.includes('id_') ? 'T1552.004' : 'T1552.001', ...(high ? HIGH : {}) });
        }
        continue;
      }
      const file = secretArg(c, env);
      if (!file || sentLater(stages, i)) continue;
      const how = access(c, file);
      if (!how) continue;
      const enc = how.high ? undefined : encodedLater(stages, i);
      const span = enc ? { start: c.start, end: stages[stages.length - 1]!.end } : c;
      const detail = enc ? `${c.name} of ${file} piped to ${enc}` : `${c.name} ${how.how} ${file}`;
      env.report('commands.credential-access.credential-file-read', span, detail, { ...attackOf(file), ...(how.high || enc ? HIGH : {}) });
    }
  }
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const CREDENTIAL_FILE_PATTERNS: readonly RegExp[] = [SECRET_FILE, FIND_NAME, STAGING_DIR];
