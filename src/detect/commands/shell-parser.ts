import type { Redir, Token, Word } from './shell-lexer.js';

/** A simple command as written: assignments, words and redirections in source order. */
export interface SimpleCommand {
  kind: 'cmd';
  assigns: Word[];
  words: Word[];
  redirs: Redir[];
  start: number;
  end: number;
  background: boolean;
}

/** A subshell `( ... )` or brace group `{ ...; }` used as one pipeline element. */
export interface Group {
  kind: 'group';
  body: Script;
  redirs: Redir[];
  start: number;
  end: number;
}

export type Element = SimpleCommand | Group;

export interface Pipeline {
  elements: Element[];
  /** Operator that joined this pipeline to the previous one ('', ';', '&&', '||', '&', '\n'). */
  connector: string;
  start: number;
  end: number;
}

export interface Script {
  pipelines: Pipeline[];
  /** Function definitions (name and body span), e.g. for fork bombs. */
  functions: { name: string; start: number; end: number }[];
}

export interface ParseOptions {
  /**
   * Prose: a command may start mid-sentence. Leading words that are not a known command are
   * dropped (`Then run curl ... | sh` → `curl ... | sh`), and a command with none is dropped.
   */
  isCommandWord?: (word: Word) => boolean;
}

const MAX_GROUP_DEPTH = 8;
/** Tokens searched for the end of a function body. */
const MAX_FUNCTION_TOKENS = 2000;
const OPENERS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'RUN']);
const CLOSERS = new Set(['fi', 'done', 'esac']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]{0,63}\+?=/;

/**
 * Parses lexer tokens into pipelines of simple commands and groups. Lenient: compound
 * commands (if/while/for/case) are flattened to the commands they run, unknown structure
 * never throws, and a pipe at the start of a line continues the previous pipeline.
 *
 * @example
 * parse(lex('curl -s x \\\n  | sh')).pipelines[0].elements.length; // 2
 */
export function parse(tokens: readonly Token[], options: ParseOptions = {}): Script {
  return new Parser(tokens, options).list(undefined, 0);
}

class Parser {
  private i = 0;
  private caseDepth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly options: ParseOptions,
  ) {}

  list(closer: ')' | '}' | undefined, depth: number): Script {
    const script: Script = { pipelines: [], functions: [] };
    const { tokens } = this;
    let connector = '';
    while (this.i < tokens.length) {
      const t = tokens[this.i]!;
      if (t.kind === 'op') {
        if (t.op === ')' && closer === ')') {
          this.i++;
          return script;
        }
        if (t.op === '&&' || t.op === '||' || t.op === ';' || t.op === '\n' || t.op === '&' || t.op === ';;' || t.op === ';&' || t.op === ')') {
          if (t.op === '&') markBackground(script);
          if (t.op === ';;' || t.op === ';&') connector = ';';
          else connector = connector === '&&' || connector === '||' ? connector : t.op;
          this.i++;
          continue;
        }
      }
      if (t.kind === 'word' && closer === '}' && t.value === '}' && !t.quoted) {
        this.i++;
        return script;
      }
      const before = this.i;
      const pipeline = this.pipeline(closer, depth, script);
      if (pipeline) {
        pipeline.connector = connector;
        script.pipelines.push(pipeline);
      }
      connector = '';
      if (this.i === before) this.i++; // never stall on an unexpected token
    }
    return script;
  }

  private pipeline(closer: ')' | '}' | undefined, depth: number, script: Script): Pipeline | undefined {
    const elements: Element[] = [];
    const { tokens } = this;
    for (;;) {
      const element = this.element(closer, depth, script, elements.length === 0);
      if (element) elements.push(element);
      const t = tokens[this.i];
      if (t?.kind === 'op' && (t.op === '|' || t.op === '|&')) {
        this.i++;
        while (tokens[this.i]?.kind === 'op' && (tokens[this.i] as { op: string }).op === '\n') this.i++;
        continue;
      }
      // A pipe at the start of the next line continues the pipeline (lenient).
      if (t?.kind === 'op' && t.op === '\n' && elements.length > 0) {
        const n = tokens[this.i + 1];
        if (n?.kind === 'op' && (n.op === '|' || n.op === '|&')) {
          this.i += 2;
          continue;
        }
      }
      break;
    }
    if (elements.length === 0) return undefined;
    return { elements, connector: '', start: elements[0]!.start, end: elements[elements.length - 1]!.end };
  }

  private element(closer: ')' | '}' | undefined, depth: number, script: Script, first: boolean): Element | undefined {
    const { tokens } = this;
    for (;;) {
      const t = tokens[this.i];
      if (!t) return undefined;
      if (t.kind === 'op') {
        if (t.op !== '(') return undefined;
        return this.group(')', depth, script, t.start);
      }
      if (t.kind === 'word' && !t.quoted) {
        const v = t.value;
        if (v === '{') return this.group('}', depth, script, t.start);
        if (v === '}' && closer === '}') return undefined;
        if (OPENERS.has(v)) {
          this.i++;
          continue;
        }
        if (CLOSERS.has(v)) {
          if (v === 'esac' && this.caseDepth > 0) this.caseDepth--;
          this.i++;
          continue;
        }
        if (v === 'for' || v === 'select') {
          this.skipToEndOfLine();
          return undefined;
        }
        if (v === 'case') {
          this.caseDepth++;
          while (this.i < tokens.length && !(tokens[this.i]!.kind === 'word' && (tokens[this.i] as Word).value === 'in')) {
            if (tokens[this.i]!.kind === 'op' && (tokens[this.i] as { op: string }).op === '\n') break;
            this.i++;
          }
          this.i++;
          return undefined;
        }
        if (v === 'function') {
          const name = tokens[this.i + 1];
          this.i += 2;
          if (name?.kind === 'word') this.functionDef(name, script);
          continue;
        }
        if (this.caseDepth > 0 && this.casePattern()) continue;
        if (v === '[[') {
          while (this.i < tokens.length && !(tokens[this.i]!.kind === 'word' && (tokens[this.i] as Word).value === ']]')) this.i++;
          this.i++;
          return undefined;
        }
        // name() { ... }: a function definition.
        const a = tokens[this.i + 1];
        const b = tokens[this.i + 2];
        if (a?.kind === 'op' && a.op === '(' && b?.kind === 'op' && b.op === ')') {
          this.i += 3;
          this.functionDef(t, script);
          continue;
        }
      }
      return this.simple(first);
    }
  }

  private functionDef(name: Word, script: Script): void {
    const { tokens } = this;
    while (tokens[this.i]?.kind === 'op' && (tokens[this.i] as { op: string }).op === '\n') this.i++;
    const open = tokens[this.i];
    let end = name.end;
    if (open?.kind === 'word' && open.value.startsWith('{')) {
      // Find the matching '}' word (bounded by the token count).
      let level = 0;
      for (let j = this.i; j < tokens.length && j < this.i + MAX_FUNCTION_TOKENS; j++) {
        const t = tokens[j]!;
        if (t.kind !== 'word') continue;
        if (t.value.startsWith('{')) level++;
        if (t.value.endsWith('}') && --level <= 0) {
          end = t.end;
          break;
        }
      }
      // Treat "{:|:&}" written without spaces as the group opener.
    }
    script.functions.push({ name: name.value, start: name.start, end });
  }

  /** In a case body: skips `pat | pat )` and returns true. */
  private casePattern(): boolean {
    const { tokens } = this;
    let j = this.i;
    if (tokens[j]?.kind === 'op' && (tokens[j] as { op: string }).op === '(') j++;
    for (let k = 0; k < 16 && j < tokens.length; k++) {
      const t = tokens[j]!;
      if (t.kind !== 'word') return false;
      const n = tokens[j + 1];
      if (n?.kind === 'op' && n.op === ')') {
        this.i = j + 2;
        return true;
      }
      if (n?.kind === 'op' && n.op === '|') {
        j += 2;
        continue;
      }
      return false;
    }
    return false;
  }

  private skipToEndOfLine(): void {
    const { tokens } = this;
    while (this.i < tokens.length) {
      const t = tokens[this.i]!;
      if (t.kind === 'op' && (t.op === ';' || t.op === '\n')) return;
      if (t.kind === 'word' && t.value === 'do' && !t.quoted) return;
      this.i++;
    }
  }

  private group(closer: ')' | '}', depth: number, _script: Script, start: number): Element | undefined {
    this.i++;
    // Too deep: the opener is skipped and the body read as commands of the enclosing level
    // (no recursion, so hostile nesting cannot exhaust the stack).
    if (depth >= MAX_GROUP_DEPTH) return undefined;
    const body = this.list(closer, depth + 1);
    const redirs: Redir[] = [];
    let end = lastEnd(body, start);
    const prev = this.tokens[this.i - 1];
    if (prev) end = Math.max(end, prev.end);
    while (this.tokens[this.i]?.kind === 'redir') {
      const r = this.tokens[this.i++] as Redir;
      redirs.push(r);
      end = Math.max(end, r.heredoc ? r.heredoc.close : r.end);
    }
    return { kind: 'group', body, redirs, start, end };
  }

  /** A simple command; in prose, the first of a pipeline is anchored on a command word. */
  private simple(first: boolean): SimpleCommand | undefined {
    const { tokens } = this;
    const cmd: SimpleCommand = { kind: 'cmd', assigns: [], words: [], redirs: [], start: -1, end: -1, background: false };
    while (this.i < tokens.length) {
      const t = tokens[this.i]!;
      if (t.kind === 'op') break;
      this.i++;
      if (cmd.start < 0) cmd.start = t.start;
      cmd.end = Math.max(cmd.end, t.kind === 'redir' && t.heredoc ? t.heredoc.close : t.end);
      if (t.kind === 'redir') {
        cmd.redirs.push(t);
        continue;
      }
      if (cmd.words.length === 0 && ASSIGNMENT.test(t.value) && !t.value.startsWith('=')) {
        cmd.assigns.push(t);
        continue;
      }
      cmd.words.push(t);
    }
    if (cmd.start < 0) return undefined;
    const isCommandWord = this.options.isCommandWord;
    if (isCommandWord && first) {
      const k = cmd.words.findIndex(isCommandWord);
      if (k < 0) return undefined;
      if (k > 0) {
        cmd.words = cmd.words.slice(k);
        cmd.assigns = [];
        cmd.start = cmd.words[0]!.start;
      }
    }
    return cmd;
  }
}

function lastEnd(script: Script, fallback: number): number {
  const last = script.pipelines[script.pipelines.length - 1];
  return last ? last.end : fallback;
}

function markBackground(script: Script): void {
  const last = script.pipelines[script.pipelines.length - 1];
  const el = last?.elements[last.elements.length - 1];
  if (el?.kind === 'cmd') el.background = true;
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const PARSER_PATTERNS: readonly RegExp[] = [ASSIGNMENT];
