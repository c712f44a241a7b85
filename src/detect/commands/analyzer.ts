import type { RawFinding } from '../finding.js';
import { codeChecks, stringLiterals } from './code.js';
import { Downloads } from './downloads.js';
import { FAMILIES } from './families/index.js';
import { FindingSet } from './findings.js';
import { forkBombs } from './fork-bomb.js';
import { isInterpreter, isShell, operands, type Cmd, type Env, type ReportOptions, type Span, type Stage } from './model.js';
import { analyzePowerShell, powershellArgs } from './powershell.js';
import { resolveCommand } from './resolve.js';
import { lex, MAX_DEPTH, type Sub, type Word } from './shell-lexer.js';
import { parse, type Script, type SimpleCommand } from './shell-parser.js';
import { Variables } from './vars.js';

/** Where a text being analysed sits: its source, how its offsets map to the scanned text. */
interface Ctx {
  src: string;
  /** Offset of src[0] in the scanned text (exact contexts). */
  base: number;
  /** Inexact contexts (decoded strings) report this span of the scanned text instead. */
  outer?: [number, number];
  depth: number;
  prose: boolean;
  isCommandWord?: (w: Word) => boolean;
  env?: Env;
}

const ASSIGNING = new Set(['export', 'declare', 'local', 'readonly', 'typeset', 'set']);
const SSH_VALUE_OPTS = 'bcDEeFIiJLlmOoQRSWwpB';
/** sh -c, bash -lc, -ic ... */
const SHELL_C = /^-[a-z]{0,4}c$/;
/** perl -e, -ne, -pe ... */
const CODE_E = /^-[A-Za-z]{1,4}e$/;
/** Code glued to its flag: ruby -e'...', python -c"..." */
const GLUED_CODE = /^-[ecr]['"]/;

/**
 * Walks parsed scripts: resolves each command, runs every family's checks on commands and
 * pipelines, and recurses (depth-limited) into substitutions, here-documents, `sh -c`
 * strings, `eval`, ssh remote commands, `cmd /c` and PowerShell arguments. Keeps the state
 * that spans commands of one text: variables and downloaded files.
 */
export class Analyzer {
  private readonly found: FindingSet;
  private readonly vars = new Variables();
  private readonly downloads = new Downloads();
  private readonly subCache = new WeakMap<Sub, Cmd[]>();
  private readonly budget: { tokens: number };
  /** Index of the chunk being analysed (saved-then-run spans only join within one chunk). */
  chunk = 0;

  constructor(
    private readonly text: string,
    readonly view: string,
    /** Called when a download is saved, so later mentions of the file are analysed too. */
    private readonly onSave?: (needle: string, after: number) => void,
    /** Whether a span of the scanned text holds a trigger word (filters code string literals). */
    private readonly hot?: (start: number, end: number) => boolean,
  ) {
    this.budget = { tokens: 8 * text.length + 100_000 };
    this.found = new FindingSet(text);
  }

  /** Findings so far, in the scanned text's offsets. */
  get findings(): RawFinding[] {
    return this.found.list;
  }

  /** Analyses src[from, to) as shell; src[0] is at `base` in the scanned text. */
  shell(src: string, from: number, to: number, base: number, options: { prose?: boolean; isCommandWord?: (w: Word) => boolean } = {}): void {
    const ctx: Ctx = { src, base, depth: 0, prose: options.prose ?? false };
    if (options.isCommandWord) ctx.isCommandWord = options.isCommandWord;
    this.run(ctx, from, to);
  }

  /** Analyses src[from, to) as PowerShell. */
  powershell(src: string, from: number, to: number, base: number): void {
    const ctx: Ctx = { src, base, depth: 0, prose: false };
    analyzePowerShell(src, from, to, this.env(ctx));
  }

  /** Analyses source code (python, js, ...): interpreter one-liners and command strings. */
  code(src: string, from: number, to: number, base: number): void {
    const ctx: Ctx = { src, base, depth: 0, prose: false };
    this.codeIn(ctx, from, to);
  }

  /** Only the source-code checks (socket-to-shell, decode-and-exec, fork loops). */
  codeChecksOnly(src: string, from: number, to: number, base: number): void {
    codeChecks(src, from, to, this.env({ src, base, depth: 0, prose: false }));
  }

  private run(ctx: Ctx, from: number, to: number): Cmd[] {
    if (this.budget.tokens <= 0 || ctx.depth > MAX_DEPTH) return [];
    const tokens = lex(ctx.src, from, to, { prose: ctx.prose, depth: ctx.depth, budget: this.budget });
    const script = parse(tokens, ctx.isCommandWord ? { isCommandWord: ctx.isCommandWord } : {});
    const env = this.env(ctx);
    forkBombs(ctx.src, from, to, env);
    return this.script(script, ctx, env);
  }

  private script(script: Script, ctx: Ctx, env: Env): Cmd[] {
    const all: Cmd[] = [];
    for (const p of script.pipelines) {
      if (!this.worth(ctx, p.start, p.end)) {
        // Nothing can fire here (no trigger word in the pipeline): keep only its variables.
        for (const el of p.elements) if (el.kind === 'cmd') this.assignOnly(el);
        continue;
      }
      const stages: Stage[] = [];
      for (const el of p.elements) {
        if (el.kind === 'cmd') {
          const c = this.command(el, ctx, env);
          all.push(c);
          stages.push({ cmds: [c], redirs: c.redirs, start: el.start, end: el.end });
        } else {
          const cmds = this.script(el.body, ctx, env);
          all.push(...cmds);
          stages.push({ cmds, redirs: el.redirs, start: el.start, end: el.end });
        }
      }
      const commandLike = !ctx.prose || p.elements.length > 1 || p.elements[0]!.kind !== 'cmd' || shellish(p.elements[0]!);
      if (commandLike && this.worth(ctx, p.start, p.end, stages)) for (const family of FAMILIES) family.pipeline?.(stages, env);
      if (stages.length > 1) this.echoIntoShell(stages, ctx);
    }
    return all;
  }

  private command(sc: SimpleCommand, ctx: Ctx, env: Env): Cmd {
    for (const w of sc.words) if (w.subs) for (const sub of w.subs) this.sub(sub, ctx);
    for (const w of sc.assigns) if (w.subs) for (const sub of w.subs) this.sub(sub, ctx);
    for (const r of sc.redirs) if (r.target?.subs) for (const sub of r.target.subs) this.sub(sub, ctx);
    if (sc.words.length === 0) for (const a of sc.assigns) this.vars.assign(a.value);
    const c = resolveCommand(sc, ctx.src, env.expand);
    if (ASSIGNING.has(c.name)) {
      for (const a of c.args) this.vars.assign(a);
    }
    const checked = (c.obfuscated || this.worth(ctx, c.start, c.end)) && (!ctx.prose || shellish(sc));
    if (checked) for (const family of FAMILIES) family.command?.(c, env);
    this.nested(c, ctx, env);
    return c;
  }

  /**
   * Whether checks can fire on a span: every check needs a trigger word (or a saved file
   * name) inside the command, so spans without one are skipped. Decoded texts always run.
   */
  private worth(ctx: Ctx, start: number, end: number, stages?: Stage[]): boolean {
    if (!this.hot || ctx.outer) return true;
    if (stages?.some((s) => s.cmds.some((c) => c.obfuscated))) return true;
    return this.hot(ctx.base + start, ctx.base + end);
  }

  private assignOnly(sc: SimpleCommand): void {
    if (sc.words.length === 0) for (const a of sc.assigns) this.vars.assign(a.value);
    else if (ASSIGNING.has(sc.words[0]!.value)) for (const w of sc.words) this.vars.assign(w.value);
  }

  private sub(sub: Sub, ctx: Ctx): Cmd[] {
    const cached = this.subCache.get(sub);
    if (cached) return cached;
    let cmds: Cmd[] = [];
    if (sub.tokens.length > 0 && ctx.depth < MAX_DEPTH) {
      const inner: Ctx = { src: ctx.src, base: ctx.base, depth: ctx.depth + 1, prose: false };
      if (ctx.outer) inner.outer = ctx.outer;
      cmds = this.script(parse(sub.tokens), inner, this.env(inner));
    }
    this.subCache.set(sub, cmds);
    return cmds;
  }

  /** Strings and bodies a command runs: -c strings, eval, ssh, cmd /c, here-docs, code. */
  private nested(c: Cmd, ctx: Ctx, env: Env): void {
    if (ctx.depth >= MAX_DEPTH) return;
    for (const r of c.redirs) {
      if (!r.heredoc || r.heredoc.end <= r.heredoc.start) continue;
      const inner = this.deeper(ctx);
      if (isInterpreter(c.name) && !isShell(c.name)) this.codeIn(inner, r.heredoc.start, r.heredoc.end);
      else this.run(inner, r.heredoc.start, r.heredoc.end);
    }
    const name = c.name;
    if (isShell(name) || name === 'su' || name === 'runuser') {
      const i = c.args.findIndex((a) => a === '-c' || SHELL_C.test(a));
      // A -c string that is one substitution ("$(curl ...)") was analysed with the word itself.
      const w = c.words[i + 1];
      const sub = w?.subs?.length === 1 ? w.subs[0]! : undefined;
      const onlySub = sub !== undefined && w!.value === ctx.src.slice(sub.start - (sub.kind === '`' ? 1 : 2), sub.end + 1);
      if (i >= 0 && i + 1 < c.args.length && !onlySub) this.stringArg(c, i + 1, i + 1, ctx, 'shell');
      return;
    }
    if (name === 'eval' && c.args.length > 0) {
      // eval re-parses its arguments after expansion: analyse the expanded text.
      const expanded = c.words.some((w, k) => w.value !== c.args[k]);
      if (expanded) env.nested(c.args.join(' '), { start: c.words[0]!.start, end: c.words[c.words.length - 1]!.end }, 'shell');
      else this.commandArgs(c, 0, c.args.length - 1, ctx, 'shell');
      return;
    }
    if (name === 'ssh') {
      const ops = operands(c, SSH_VALUE_OPTS);
      if (ops.length >= 2) {
        const first = c.args.lastIndexOf(ops[1]!);
        if (first >= 0) this.commandArgs(c, first, c.args.length - 1, ctx, 'shell');
      }
      return;
    }
    if (name === 'cmd') {
      const i = c.lower.findIndex((a) => a === '/c' || a === '/k' || a === '/r' || a.startsWith('/c ') || a === '-c');
      if (i >= 0 && i + 1 < c.args.length) this.commandArgs(c, i + 1, c.args.length - 1, ctx, 'shell');
      return;
    }
    if (name === 'powershell' || name === 'pwsh') {
      const nested = powershellArgs(c, env);
      if (nested) this.commandArgs(c, nested.from, c.args.length - 1, ctx, 'powershell');
      return;
    }
    if (name === 'kubectl' || name === 'oc') {
      const i = c.args.indexOf('--');
      if (i >= 0 && i + 1 < c.args.length && c.lower.includes('exec')) this.commandArgs(c, i + 1, c.args.length - 1, ctx, 'shell');
      return;
    }
    if (name === 'find') {
      const i = c.lower.findIndex((a) => a === '-exec' || a === '-execdir' || a === '-ok');
      if (i >= 0 && i + 1 < c.args.length) {
        let j = i + 1;
        while (j < c.args.length && c.args[j] !== ';' && c.args[j] !== '+') j++;
        if (j > i + 1) this.commandArgs(c, i + 1, j - 1, ctx, 'shell');
      }
      return;
    }
    if (isInterpreter(name) || name === 'awk' || name === 'gawk' || name === 'mawk' || name === 'nawk' || name === 'jrunscript') {
      const i = c.args.findIndex((a) => a === '-c' || a === '-e' || a === '-E' || a === '-r' || a === '--eval' || CODE_E.test(a));
      const glued = c.args.findIndex((a, k) => a.length > 2 && (a.startsWith('-e') || a.startsWith('-c') || a.startsWith('-r')) && GLUED_CODE.test(ctx.src.slice(c.words[k]!.start, c.words[k]!.start + 3)));
      if (glued >= 0 && (i < 0 || glued < i)) {
        const w = c.words[glued]!;
        env.nested(c.args[glued]!.slice(2), w, 'code');
      } else if (i >= 0 && i + 1 < c.args.length) this.stringArg(c, i + 1, i + 1, ctx, 'code');
      else if (name.endsWith('awk')) {
        const prog = operands(c, 'fFv')[0];
        const k = prog === undefined ? -1 : c.args.indexOf(prog);
        if (k >= 0) this.stringArg(c, k, k, ctx, 'code');
      }
    }
  }

  private deeper(ctx: Ctx): Ctx {
    const inner: Ctx = { src: ctx.src, base: ctx.base, depth: ctx.depth + 1, prose: false };
    if (ctx.outer) inner.outer = ctx.outer;
    return inner;
  }

  /**
   * Analyses args[i..j] as one text. A single quoted or plain word is a slice of the source
   * (exact offsets); anything else is analysed as its value and reported on the words' span.
   */
  private stringArg(c: Cmd, i: number, j: number, ctx: Ctx, kind: 'shell' | 'code' | 'powershell'): void {
    const first = c.words[i];
    const last = c.words[j];
    if (!first || !last) return;
    const inner = this.deeper(ctx);
    if (i === j && first !== c.nameWord) {
      const raw = ctx.src.slice(first.start, first.end);
      const q = raw[0];
      const sliceable = (q === "'" || q === '"') && raw.length >= 2 && raw[raw.length - 1] === q && raw.slice(1, -1) === first.value;
      if (sliceable || (!first.quoted && raw === first.value)) {
        const from = sliceable ? first.start + 1 : first.start;
        const to = sliceable ? first.end - 1 : first.end;
        this.dispatch(inner, from, to, kind);
        return;
      }
    }
    const value = c.args.slice(i, j + 1).join(' ');
    const [s, e] = this.toText(ctx, first.start, last.end);
    const decoded: Ctx = { src: value, base: 0, outer: [s, e], depth: inner.depth, prose: false };
    this.dispatch(decoded, 0, value.length, kind);
  }

  /**
   * A command line given as arguments (ssh host CMD..., kubectl exec -- CMD..., cmd /c ...,
   * find -exec ...): one argument is a string to analyse; several are the source text from the
   * first to the last (quotes intact), with quotes around the whole removed.
   */
  private commandArgs(c: Cmd, i: number, j: number, ctx: Ctx, kind: 'shell' | 'powershell'): void {
    if (i === j) {
      this.stringArg(c, i, i, ctx, kind);
      return;
    }
    const first = c.words[i];
    const last = c.words[j];
    if (!first || !last || first === c.nameWord) return;
    let from = first.start;
    let to = last.end;
    const q = ctx.src[from];
    if ((q === '"' || q === "'") && ctx.src[to - 1] === q && to - from >= 2 && first === last) {
      from++;
      to--;
    }
    this.dispatch(this.deeper(ctx), from, to, kind);
  }

  private dispatch(ctx: Ctx, from: number, to: number, kind: 'shell' | 'code' | 'powershell'): void {
    if (kind === 'shell') this.run(ctx, from, to);
    else if (kind === 'code') this.codeIn(ctx, from, to);
    else {
      analyzePowerShell(ctx.src, from, to, this.env(ctx));
      this.run(ctx, from, to);
    }
  }

  private codeIn(ctx: Ctx, from: number, to: number): void {
    const env = this.env(ctx);
    codeChecks(ctx.src, from, to, env);
    if (ctx.depth >= MAX_DEPTH) return;
    const hot = this.hot && !ctx.outer ? (s: number, e: number) => this.hot!(ctx.base + s, ctx.base + e) : undefined;
    for (const [s, e] of stringLiterals(ctx.src, from, to, hot)) this.run(this.deeper(ctx), s, e);
  }

  /** `echo "curl x | sh" | bash`: the echoed text is what the shell runs. */
  private echoIntoShell(stages: Stage[], ctx: Ctx): void {
    if (ctx.depth >= MAX_DEPTH) return;
    for (let i = 0; i < stages.length - 1; i++) {
      const c = stages[i]!.cmds.length === 1 ? stages[i]!.cmds[0]! : undefined;
      if (!c || (c.name !== 'echo' && c.name !== 'printf') || c.args.length === 0) continue;
      const next = stages[i + 1]!.cmds[0];
      if (!next || !isShell(next.name) || operands(next).length > 0) continue;
      const firstArg = c.lower[0]!.startsWith('-') ? 1 : 0;
      if (firstArg < c.args.length) this.commandArgs(c, firstArg, c.args.length - 1, ctx, 'shell');
    }
  }

  private toText(ctx: Ctx, s: number, e: number): [number, number] {
    return ctx.outer ? ctx.outer : [ctx.base + s, ctx.base + e];
  }

  private env(ctx: Ctx): Env {
    return (ctx.env ??= new ScriptEnv(this, ctx));
  }

  /** @internal Saves a download for saved-then-run (called by ScriptEnv). */
  saveDownload(ctx: Ctx, path: string, span: Span, detail: string): void {
    const at = this.toText(ctx, span.start, span.end);
    const needle = this.downloads.save(path, at, detail, this.chunk);
    if (needle !== undefined && needle.length >= 2) this.onSave?.(needle, at[1]);
  }

  /** @internal A download saved before `before` at `path` (called by ScriptEnv). */
  downloaded(ctx: Ctx, path: string, before: number): ReturnType<Env['downloaded']> {
    const [at] = this.toText(ctx, before, before);
    const found = this.downloads.find(path, at, this.chunk);
    if (found && ctx.outer) found.sameChunk = false;
    return found;
  }

  /** @internal Marks a saved download as inspected (called by ScriptEnv). */
  inspectDownload(ctx: Ctx, path: string, before: number, how: string): void {
    const [at] = this.toText(ctx, before, before);
    this.downloads.inspect(path, at, how);
  }

  /** @internal */
  setVar(name: string, value: string): void {
    this.vars.set(name, value);
  }

  /** @internal */
  expand(value: string): string {
    return this.vars.expand(value);
  }

  /** @internal */
  subCmds(ctx: Ctx, word: Word): Cmd[] {
    if (!word.subs) return [];
    return word.subs.length === 1 ? this.sub(word.subs[0]!, ctx) : word.subs.flatMap((sub) => this.sub(sub, ctx));
  }

  /** @internal */
  spanToText(ctx: Ctx, span: Span): Span {
    const [s, e] = this.toText(ctx, span.start, span.end);
    return { start: s, end: e };
  }

  /** @internal */
  nestedText(ctx: Ctx, text: string, span: Span, kind: 'shell' | 'powershell' | 'code'): void {
    if (ctx.depth >= MAX_DEPTH) return;
    const [s, e] = this.toText(ctx, span.start, span.end);
    this.dispatch({ src: text, base: 0, outer: [s, e], depth: ctx.depth + 1, prose: false }, 0, text.length, kind);
  }

  /** @internal */
  reportIn(ctx: Ctx, ruleId: string, span: Span, detail: string, options?: ReportOptions): void {
    this.report(ctx, ruleId, span, detail, options);
  }

  private report(ctx: Ctx, ruleId: string, span: Span, detail: string, options: ReportOptions = {}): void {
    const [start, end] = options.absolute ? [span.start, span.end] : this.toText(ctx, span.start, span.end);
    this.found.add(ruleId, start, end, detail, options, { nested: ctx.depth > 0 || ctx.outer !== undefined, view: this.view });
  }
}

/**
 * In prose, a command needs something only a command line has (an option, a path, a URL, a
 * redirection, an assignment), so "add it to your crontab with care" is not `crontab`.
 */
function shellish(sc: SimpleCommand): boolean {
  if (sc.redirs.length > 0) return true;
  for (let i = 1; i < sc.words.length; i++) if (SHELLISH_ARG.test(sc.words[i]!.value)) return true;
  return false;
}

const SHELLISH_ARG = /^[-/~$.\\]|[/=:@.\\$*]|^\d+$/;

/** Every regex this module ships (checked for ReDoS by the tests). */
export const ANALYZER_PATTERNS: readonly RegExp[] = [SHELLISH_ARG, SHELL_C, CODE_E, GLUED_CODE];

/** The view of the analyser a check gets for one analysed text (methods, no closures). */
class ScriptEnv implements Env {
  readonly depth: number;
  readonly prose: boolean;
  readonly view: string;
  readonly src: string;

  constructor(
    private readonly an: Analyzer,
    private readonly ctx: Ctx,
  ) {
    this.depth = ctx.depth;
    this.prose = ctx.prose;
    this.view = an.view;
    this.src = ctx.src;
  }

  expand = (value: string): string => this.an.expand(value);

  setVar(name: string, value: string): void {
    this.an.setVar(name, value);
  }

  report(rule: string, span: Span, detail: string, options?: ReportOptions): void {
    this.an.reportIn(this.ctx, rule, span, detail, options);
  }

  subCmds(word: Word): Cmd[] {
    return this.an.subCmds(this.ctx, word);
  }

  saveDownload(path: string, span: Span, detail: string): void {
    this.an.saveDownload(this.ctx, path, span, detail);
  }

  downloaded(path: string, before: number): ReturnType<Env['downloaded']> {
    return this.an.downloaded(this.ctx, path, before);
  }

  inspectDownload(path: string, before: number, how: string): void {
    this.an.inspectDownload(this.ctx, path, before, how);
  }

  toText(span: Span): Span {
    return this.an.spanToText(this.ctx, span);
  }

  nested(text: string, span: Span, kind: 'shell' | 'powershell' | 'code'): void {
    this.an.nestedText(this.ctx, text, span, kind);
  }
}
