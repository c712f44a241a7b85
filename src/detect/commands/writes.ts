import { hasLong, hasShort, isUrl, normPath, operands, type Cmd, type Env, type Span, type Stage } from './model.js';

/** A file a pipeline writes: by redirection, tee, cp/mv/ln/install, sed -i, truncate, dd, Set-Content. */
export interface Write {
  /** Path as written (expanded), and normalised (lower-case, / separators, ~ → $home). */
  path: string;
  norm: string;
  append: boolean;
  /** What is written when the text shows it ('' = emptied), undefined when unknown. */
  content: string | undefined;
  /** How: 'redirect', 'tee', 'copy', 'sed', 'truncate', 'dd', 'set-content'. */
  via: string;
  /** Where the content came from when it was downloaded (curl/wget upstream). */
  downloaded: boolean;
  span: Span;
  cmd: Cmd;
}

/** The three families that look at writes ask in turn for the same pipeline: a one-entry cache. */
let lastStages: Stage[] | undefined;
let lastWrites: Write[] = [];
const COPIERS = new Set(['cp', 'mv', 'install', 'ln', 'copy', 'xcopy', 'move', 'copy-item', 'move-item', 'robocopy', 'rsync']);
const PS_WRITERS = new Set(['set-content', 'add-content', 'out-file', 'new-item']);
const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod']);
const WRITERS = new Set(['tee', 'sed', 'truncate', 'dd', ...COPIERS, ...PS_WRITERS]);
const EMPTY_WRITERS = new Set(['', ':', 'true', 'echo', 'printf']);

/**
 * Files written by the commands of a pipeline, with the written content where the text
 * shows it (echo arguments, a here-document body, the upstream stage of a tee).
 */
export function writesOf(stages: Stage[], env: Env): Write[] {
  if (stages === lastStages) return lastWrites;
  const out: Write[] = [];
  lastStages = stages;
  lastWrites = out;
  if (!stages.some((s) => s.cmds.some((c) => c.redirs.length > 0 || WRITERS.has(c.name)))) return out;
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i]!;
    const upstream = i > 0 ? stageContent(stages[i - 1]!, env) : undefined;
    const from = i > 0 ? stages[i - 1]!.start : stage.start;
    for (const c of stage.cmds) {
      const own = commandContent(c, env);
      for (const r of c.redirs) {
        if (!r.target || !(r.op === '>' || r.op === '>>' || r.op === '>|' || r.op === '&>' || r.op === '&>>')) continue;
        if (r.fd > 2) continue;
        const path = env.expand(r.target.value);
        const content = own ?? (upstream ? upstream.text : EMPTY_WRITERS.has(c.name) && c.args.length <= 1 ? '' : undefined);
        out.push(write(path, r.op.endsWith('>>'), content, 'redirect', upstream?.downloaded ?? isDownloader(c), { start: i > 0 && !own ? from : c.start, end: c.end }, c));
      }
      if (c.name === 'tee') {
        const append = hasShort(c, 'a') || hasLong(c, '--append');
        for (const p of operands(c)) out.push(write(p, append, upstream?.text, 'tee', upstream?.downloaded ?? false, { start: from, end: c.end }, c));
      } else if (COPIERS.has(c.name)) {
        const ops = c.name === 'ln' || c.name === 'install' ? operands(c, c.name === 'install' ? 'mogt' : 't') : operands(c, 't');
        if (ops.length >= 2) {
          const dest = ops[ops.length - 1]!;
          const winDest = c.win[c.args.lastIndexOf(dest)] ?? dest;
          const src = ops.slice(0, -1).join(' ');
          out.push(write(winDest.includes('\\') ? winDest : dest, false, c.name === 'ln' ? `link to ${src}` : undefined, 'copy', false, c, c));
        }
      } else if (c.name === 'sed' && c.args.some((a) => a === '-i' || a.startsWith('-i') || a === '--in-place')) {
        const ops = operands(c, 'ef');
        const e = c.args.indexOf('-e');
        const script = e >= 0 ? c.args[e + 1] : ops[0];
        const files = e >= 0 ? ops : ops.slice(1);
        for (const f of files) out.push(write(f, false, script, 'sed', false, c, c));
      } else if (c.name === 'truncate') {
        const size = c.args[c.args.indexOf('-s') + 1] ?? c.args.find((a) => a.startsWith('--size='))?.slice(7);
        if (size === '0') for (const f of operands(c, 's')) out.push(write(f, false, '', 'truncate', false, c, c));
      } else if (c.name === 'dd') {
        const of = c.args.find((a) => a.startsWith('of='));
        if (of) out.push(write(of.slice(3), false, undefined, 'dd', false, c, c));
      } else if (PS_WRITERS.has(c.name)) {
        const pi = c.lower.findIndex((a) => a === '-path' || a === '-filepath' || a === '-literalpath');
        const path = pi >= 0 ? c.win[pi + 1] : c.win.find((a) => !a.startsWith('-'));
        const vi = c.lower.findIndex((a) => a === '-value');
        if (path) out.push(write(path, c.name === 'add-content' || hasArgLower(c, '-append'), vi >= 0 ? c.args[vi + 1] : upstream?.text, 'set-content', false, c, c));
      }
    }
  }
  return out;
}

function hasArgLower(c: Cmd, name: string): boolean {
  return c.lower.includes(name);
}

function write(path: string, append: boolean, content: string | undefined, via: string, downloaded: boolean, span: Span, cmd: Cmd): Write {
  return { path, norm: normPath(path), append, content, via, downloaded, span: { start: span.start, end: span.end }, cmd };
}

function isDownloader(c: Cmd): boolean {
  return DOWNLOADERS.has(c.name);
}

/** What a command prints, when the text shows it: echo/printf arguments or a here-document. */
export function commandContent(c: Cmd, env: Env): string | undefined {
  for (const r of c.redirs) if (r.heredoc) return env.src.slice(r.heredoc.start, r.heredoc.end);
  for (const r of c.redirs) if (r.op === '<<<' && r.target) return env.expand(r.target.value);
  if (c.name === 'echo' || c.name === 'printf') {
    let k = 0;
    while (k < c.args.length && /^-[neE]{1,3}$/.test(c.args[k]!)) k++;
    return c.args.slice(k).join(' ');
  }
  if (c.name === 'cat' && c.args.length === 1 && c.args[0] === '/dev/null') return '';
  return undefined;
}

function stageContent(stage: Stage, env: Env): { text: string | undefined; downloaded: boolean } {
  const texts: string[] = [];
  let downloaded = false;
  for (const c of stage.cmds) {
    if (isDownloader(c)) {
      downloaded = true;
      texts.push(`${c.name} ${c.args.filter(isUrl).join(' ')}`);
      continue;
    }
    const t = commandContent(c, env);
    if (t !== undefined) texts.push(t);
    else if (c.name === 'crontab' && c.lower.includes('-l')) continue;
    else return { text: undefined, downloaded };
  }
  return { text: texts.join('\n'), downloaded };
}

const SUSPICIOUS = /\b(?:curl|wget|nc|ncat|netcat|socat|telnet|base64|mkfifo|nohup|xmrig|minerd|python[23]?\s{1,4}-c|perl\s{1,4}-e|bash\s{1,4}-i|sh\s{1,4}-i|chmod\s{1,4}\+x)\b|\/dev\/(?:tcp|udp)\/|\/tmp\/|\/dev\/shm\/|\/var\/tmp\/|\balias\s{1,4}(?:sudo|su|ssh|ls|cd)=|\bLD_PRELOAD\b|\bPROMPT_COMMAND\b/i;

/**
 * Content that a startup file or job has no business running (network, payloads, temp dirs).
 *
 * @example
 * suspiciousContent('nohup /tmp/.x &'); // 'nohup'
 */
export function suspiciousContent(content: string | undefined): string | undefined {
  if (!content) return undefined;
  const m = SUSPICIOUS.exec(content.length > 4000 ? content.slice(0, 4000) : content);
  return m ? m[0].replace(/\s+/g, ' ').trim() : undefined;
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const WRITES_PATTERNS: readonly RegExp[] = [SUSPICIOUS, /^-[neE]{1,3}$/, /\s+/g];
