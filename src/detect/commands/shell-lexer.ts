/**
 * A small, linear-time POSIX-shell lexer (bash flavoured, lenient): words with their unquoted
 * values, operators, redirections, here-documents, and command/process substitutions lexed
 * recursively (depth-limited). Every token keeps its offsets in the source so findings can
 * point at the exact command.
 *
 * Linear time: every char is consumed once per nesting level (here-doc bodies and substitution
 * bodies are lexed once, by the level that owns them), nesting stops at MAX_DEPTH (deeper
 * bodies are skipped with a plain counter), a physical line is analysed up to MAX_LINE chars,
 * and a token budget caps the work on hostile input.
 */

import {
  AMP,
  BACKSLASH,
  BACKTICK,
  CR,
  DOLLAR,
  DQUOTE,
  GT,
  HASH,
  LBRACE,
  LPAREN,
  LT,
  MAX_WORD,
  NL,
  PIPE,
  RPAREN,
  SEMI,
  SPACE,
  SQUOTE,
  TAB,
  ansiC,
  findChar,
  isLetter,
  isMeta,
  isNameChar,
  piece,
  skipBraces,
  skipParens,
} from './lexer-util.js';

/** Deepest nesting of $(...), `...`, <(...) lexed (deeper bodies are skipped, not lexed). */
export const MAX_DEPTH = 8;
/** Characters of one physical line that are analysed; the rest of the line is skipped. */
export const MAX_LINE = 10_000;

export interface Word {
  kind: 'word';
  /** Value after quote removal and escapes; `$VAR` and substitutions are kept as source text. */
  value: string;
  start: number;
  end: number;
  /** Quotes or escapes occurred inside the word (c'u'rl, \rm, "bash"). */
  quoted: boolean;
  /** Command and process substitutions inside the word. */
  subs?: Sub[];
}

export interface Sub {
  kind: '$(' | '`' | '<(' | '>(';
  /** Body range in the source. */
  start: number;
  end: number;
  /** Body tokens; empty when the nesting limit was reached. */
  tokens: Token[];
}

export interface Op {
  kind: 'op';
  op: string;
  start: number;
  end: number;
}

export interface Redir {
  kind: 'redir';
  /** '>', '>>', '<', '<<', '<<-', '<<<', '>&', '<&', '&>', '&>>', '<>', '>|' */
  op: string;
  /** Explicit file descriptor (2 in 2>&1), -1 when none. */
  fd: number;
  start: number;
  end: number;
  target?: Word;
  /** Here-document body range (after the operator's line) and whether the delimiter was quoted. */
  heredoc?: { start: number; end: number; quoted: boolean; close: number };
}

export type Token = Word | Op | Redir;

export interface LexOptions {
  /** Prose: apostrophes between letters (don't) are plain characters, quotes end at the line. */
  prose?: boolean;
  /** Nesting depth of this text (a body of a substitution or of a -c string is one deeper). */
  depth?: number;
  /** Shared token budget; lexing stops when it runs out. */
  budget?: { tokens: number };
}

/**
 * Lexes `src[from, to)` into tokens.
 *
 * @example
 * lex("c'u'rl -s x | sh").map((t) => (t.kind === 'word' ? t.value : t.kind === 'op' ? t.op : t.op));
 * // ['curl', '-s', 'x', '|', 'sh']
 */
export function lex(src: string, from = 0, to = src.length, options: LexOptions = {}): Token[] {
  const lexer = new Lexer(src, from, to, options);
  return lexer.run(0, options.depth ?? 0);
}

interface PendingHeredoc {
  redir: Redir;
  delimiter: string;
  strip: boolean;
}

class Lexer {
  private pos: number;
  private lineStart: number;
  private pending: PendingHeredoc[] = [];
  /** Inside a backtick body: an unquoted backtick closes it (nested ones must be escaped). */
  private inTick = false;
  private readonly prose: boolean;
  private readonly budget: { tokens: number };

  constructor(
    private readonly src: string,
    from: number,
    private readonly end: number,
    options: LexOptions,
  ) {
    this.pos = from;
    this.lineStart = from;
    this.prose = options.prose ?? false;
    this.budget = options.budget ?? { tokens: 200_000 };
  }

  /** stop: 0 = end of text, RPAREN = unmatched ')', BACKTICK = closing backtick. */
  run(stop: number, depth: number): Token[] {
    const tokens: Token[] = [];
    const { src, end } = this;
    let parens = 0;
    while (this.pos < end) {
      if (--this.budget.tokens < 0) {
        this.pos = end;
        break;
      }
      if (this.pos - this.lineStart > MAX_LINE) {
        this.pos = findChar(src, NL, this.pos, end);
        continue;
      }
      const c = src.charCodeAt(this.pos);
      if (c === SPACE || c === TAB || c === CR) {
        this.pos++;
        continue;
      }
      if (c === BACKSLASH && src.charCodeAt(this.pos + 1) === NL) {
        this.pos += 2;
        this.lineStart = this.pos;
        continue;
      }
      if (c === BACKSLASH && src.charCodeAt(this.pos + 1) === CR && src.charCodeAt(this.pos + 2) === NL) {
        this.pos += 3;
        this.lineStart = this.pos;
        continue;
      }
      if (c === NL) {
        const last = tokens[tokens.length - 1];
        if (!(last && last.kind === 'op' && last.op === '\n')) tokens.push({ kind: 'op', op: '\n', start: this.pos, end: this.pos + 1 });
        this.pos++;
        this.lineStart = this.pos;
        if (this.pending.length > 0) this.readHeredocs();
        continue;
      }
      if (c === HASH) {
        this.pos = findChar(src, NL, this.pos, end);
        continue;
      }
      if (c === RPAREN) {
        if (stop === RPAREN && parens === 0) {
          this.pos++;
          return tokens;
        }
        parens--;
        tokens.push({ kind: 'op', op: ')', start: this.pos, end: ++this.pos });
        continue;
      }
      if (c === BACKTICK && stop === BACKTICK) {
        this.pos++;
        return tokens;
      }
      if (c === LPAREN) {
        parens++;
        tokens.push({ kind: 'op', op: '(', start: this.pos, end: ++this.pos });
        continue;
      }
      if (c === AMP && src.charCodeAt(this.pos + 1) === GT) {
        tokens.push(this.redirect(-1, this.pos, depth));
        continue;
      }
      if (c === PIPE || c === AMP || c === SEMI) {
        tokens.push(this.operator(c));
        continue;
      }
      if ((c === LT || c === GT) && src.charCodeAt(this.pos + 1) === LPAREN) {
        tokens.push(this.word(depth));
        continue;
      }
      if (c === LT || c === GT) {
        tokens.push(this.redirect(-1, this.pos, depth));
        continue;
      }
      if (c >= 48 && c <= 57) {
        let p = this.pos;
        while (p < end && src.charCodeAt(p) >= 48 && src.charCodeAt(p) <= 57) p++;
        const next = src.charCodeAt(p);
        if ((next === LT || next === GT) && p - this.pos <= 4 && src.charCodeAt(p + 1) !== LPAREN) {
          const fd = Number(src.slice(this.pos, p));
          const start = this.pos;
          this.pos = p;
          tokens.push(this.redirect(fd, start, depth));
          continue;
        }
      }
      tokens.push(this.word(depth));
    }
    return tokens;
  }

  private operator(c: number): Op {
    const { src } = this;
    const start = this.pos;
    const n = src.charCodeAt(start + 1);
    let op: string;
    if (c === PIPE) op = n === PIPE ? '||' : n === AMP ? '|&' : '|';
    else if (c === AMP) op = n === AMP ? '&&' : '&';
    else op = n === SEMI ? ';;' : n === AMP ? ';&' : ';';
    this.pos = start + op.length;
    return { kind: 'op', op, start, end: this.pos };
  }

  private redirect(fd: number, start: number, depth: number): Redir {
    const { src } = this;
    const p = this.pos;
    const c = src.charCodeAt(p);
    const n = src.charCodeAt(p + 1);
    let op: string;
    if (c === AMP) op = src.charCodeAt(p + 2) === GT ? '&>>' : '&>';
    else if (c === LT) {
      if (n === LT) op = src.charCodeAt(p + 2) === LT ? '<<<' : src.charCodeAt(p + 2) === 45 ? '<<-' : '<<';
      else op = n === AMP ? '<&' : n === GT ? '<>' : '<';
    } else op = n === GT ? '>>' : n === AMP ? '>&' : n === PIPE ? '>|' : '>';
    this.pos = p + op.length;
    const redir: Redir = { kind: 'redir', op, fd, start, end: this.pos };
    while (this.pos < this.end && (src.charCodeAt(this.pos) === SPACE || src.charCodeAt(this.pos) === TAB)) this.pos++;
    const t = src.charCodeAt(this.pos);
    if (this.pos < this.end && (!isMeta(t) || ((t === LT || t === GT) && src.charCodeAt(this.pos + 1) === LPAREN))) {
      redir.target = this.word(depth);
      redir.end = redir.target.end;
    }
    if ((op === '<<' || op === '<<-') && redir.target) {
      this.pending.push({ redir, delimiter: redir.target.value, strip: op === '<<-' });
    }
    return redir;
  }

  /** Reads the bodies of pending here-documents, starting at the current line. */
  private readHeredocs(): void {
    const { src, end } = this;
    for (const h of this.pending) {
      const bodyStart = this.pos;
      let p = this.pos;
      let bodyEnd = end;
      let after = end;
      while (p < end) {
        const nl = findChar(src, NL, p, end);
        let s = p;
        while (s < nl && (src.charCodeAt(s) === TAB || src.charCodeAt(s) === SPACE)) s++;
        let e = nl;
        while (e > s && (src.charCodeAt(e - 1) === CR || src.charCodeAt(e - 1) === SPACE)) e--;
        if (e - s === h.delimiter.length && h.delimiter.length > 0 && src.startsWith(h.delimiter, s)) {
          bodyEnd = p;
          after = nl < end ? nl + 1 : end;
          break;
        }
        p = nl + 1;
      }
      let close = after;
      while (close > bodyEnd && (src.charCodeAt(close - 1) === NL || src.charCodeAt(close - 1) === CR)) close--;
      h.redir.heredoc = { start: bodyStart, end: Math.min(bodyEnd, end), quoted: h.redir.target?.quoted ?? false, close };
      this.pos = after;
      this.lineStart = after;
    }
    this.pending = [];
  }

  private word(depth: number): Word {
    const { src, end } = this;
    const start = this.pos;
    let value = '';
    let quoted = false;
    const subs: Sub[] = [];
    let run = this.pos;
    // Process substitution <( ... ) / >( ... ) at the start of a word.
    const c0 = src.charCodeAt(this.pos);
    if ((c0 === LT || c0 === GT) && src.charCodeAt(this.pos + 1) === LPAREN) {
      this.pos += 2;
      subs.push(this.paren(c0 === LT ? '<(' : '>(', depth));
      value = src.slice(start, Math.min(this.pos, start + MAX_WORD));
      run = this.pos;
    }
    while (this.pos < end) {
      const c = src.charCodeAt(this.pos);
      if (isMeta(c)) break;
      if (c === BACKSLASH) {
        value += piece(src, run, this.pos, value.length);
        const n = src.charCodeAt(this.pos + 1);
        if (n === NL) {
          this.pos += 2;
          this.lineStart = this.pos;
        } else if (this.pos + 1 < end) {
          if (value.length < MAX_WORD) value += src[this.pos + 1];
          quoted = true;
          this.pos += 2;
        } else this.pos++;
        run = this.pos;
        continue;
      }
      if (c === SQUOTE) {
        if (this.prose && isLetter(src.charCodeAt(this.pos - 1)) && isLetter(src.charCodeAt(this.pos + 1)) && this.pos > start) {
          this.pos++;
          continue;
        }
        value += piece(src, run, this.pos, value.length);
        const close = this.closing(this.pos + 1, "'");
        if (value.length < MAX_WORD) value += src.slice(this.pos + 1, Math.min(close, this.pos + 1 + MAX_WORD));
        quoted = true;
        this.pos = Math.min(close + 1, end);
        run = this.pos;
        continue;
      }
      if (c === DQUOTE) {
        value += piece(src, run, this.pos, value.length);
        value += this.doubleQuoted(depth, subs);
        quoted = true;
        run = this.pos;
        continue;
      }
      if (c === BACKTICK) {
        if (this.inTick) break;
        value += piece(src, run, this.pos, value.length);
        const s = this.pos;
        this.pos++;
        subs.push(this.backtick(depth));
        if (value.length < MAX_WORD) value += src.slice(s, Math.min(this.pos, s + MAX_WORD));
        run = this.pos;
        continue;
      }
      if (c === DOLLAR) {
        const n = src.charCodeAt(this.pos + 1);
        if (n === SQUOTE) {
          value += piece(src, run, this.pos, value.length);
          const close = this.closing(this.pos + 2, "'", true);
          value += ansiC(src.slice(this.pos + 2, Math.min(close, this.pos + 2 + MAX_WORD)));
          quoted = true;
          this.pos = Math.min(close + 1, end);
          run = this.pos;
          continue;
        }
        if (n === DQUOTE) {
          value += piece(src, run, this.pos, value.length);
          this.pos++;
          value += this.doubleQuoted(depth, subs);
          quoted = true;
          run = this.pos;
          continue;
        }
        if (n === LPAREN) {
          value += piece(src, run, this.pos, value.length);
          const s = this.pos;
          if (src.charCodeAt(this.pos + 2) === LPAREN) this.pos = skipParens(src, this.pos + 3, end, 2);
          else {
            this.pos += 2;
            subs.push(this.paren('$(', depth));
          }
          if (value.length < MAX_WORD) value += src.slice(s, Math.min(this.pos, s + MAX_WORD));
          run = this.pos;
          continue;
        }
        if (n === LBRACE) {
          const close = skipBraces(src, this.pos + 2, end);
          if (src.startsWith('IFS', this.pos + 2) && !isNameChar(src.charCodeAt(this.pos + 5))) {
            // ${IFS}, ${IFS%?}: a field separator in disguise ends the word.
            if (this.pos > start) break;
            this.pos = close;
            run = this.pos;
            continue;
          }
          this.pos = close;
          continue;
        }
        if (src.startsWith('IFS', this.pos + 1) && !isNameChar(src.charCodeAt(this.pos + 4))) {
          if (this.pos > start) break;
          this.pos += 4;
          run = this.pos;
          continue;
        }
        if (n === 64 /* $@ */ || n === 42 /* $* */ || (n >= 49 && n <= 57) /* $1..$9 */) {
          // Positional parameters expand to nothing at the top level: c$@url is curl.
          value += piece(src, run, this.pos, value.length);
          this.pos += 2;
          quoted = true;
          run = this.pos;
          continue;
        }
      }
      this.pos++;
    }
    value += piece(src, run, this.pos, value.length);
    const word: Word = { kind: 'word', value, start, end: this.pos, quoted };
    if (subs.length > 0) word.subs = subs;
    return word;
  }

  /** Position of the closing quote char at or after `p` (end, or the line end in prose, when unterminated). */
  private closing(p: number, quote: string, escapes = false): number {
    const { src, end } = this;
    const q = quote.charCodeAt(0);
    for (let i = p; i < end; i++) {
      const c = src.charCodeAt(i);
      if (c === q) return i;
      if (escapes && c === BACKSLASH) i++;
      else if (c === NL && this.prose) return i;
    }
    return end;
  }

  private doubleQuoted(depth: number, subs: Sub[]): string {
    const { src, end } = this;
    this.pos++; // opening "
    let out = '';
    let run = this.pos;
    while (this.pos < end) {
      const c = src.charCodeAt(this.pos);
      if (c === NL && this.prose) break;
      if (c === DQUOTE) {
        out += piece(src, run, this.pos, out.length);
        this.pos++;
        return out;
      }
      if (c === BACKSLASH) {
        out += piece(src, run, this.pos, out.length);
        const n = src.charCodeAt(this.pos + 1);
        if (n === NL) {
          this.pos += 2;
          this.lineStart = this.pos;
        } else if (n === DOLLAR || n === BACKTICK || n === DQUOTE || n === BACKSLASH) {
          out += src[this.pos + 1];
          this.pos += 2;
        } else {
          out += '\\';
          this.pos++;
        }
        run = this.pos;
        continue;
      }
      if (c === BACKTICK) {
        if (this.inTick) break;
        out += piece(src, run, this.pos, out.length);
        const s = this.pos;
        this.pos++;
        subs.push(this.backtick(depth));
        if (out.length < MAX_WORD) out += src.slice(s, Math.min(this.pos, s + MAX_WORD));
        run = this.pos;
        continue;
      }
      if (c === DOLLAR && src.charCodeAt(this.pos + 1) === LPAREN) {
        out += piece(src, run, this.pos, out.length);
        const s = this.pos;
        if (src.charCodeAt(this.pos + 2) === LPAREN) this.pos = skipParens(src, this.pos + 3, end, 2);
        else {
          this.pos += 2;
          subs.push(this.paren('$(', depth));
        }
        if (out.length < MAX_WORD) out += src.slice(s, Math.min(this.pos, s + MAX_WORD));
        run = this.pos;
        continue;
      }
      if (c === DOLLAR && src.charCodeAt(this.pos + 1) === LBRACE) {
        this.pos = skipBraces(src, this.pos + 2, end);
        continue;
      }
      if (c === NL) this.lineStart = this.pos + 1;
      this.pos++;
    }
    out += piece(src, run, this.pos, out.length);
    return out;
  }

  /** Body of $( / <( / >( starting at pos; consumes through the closing ')'. */
  private paren(kind: Sub['kind'], depth: number): Sub {
    const start = this.pos;
    if (depth >= MAX_DEPTH) {
      this.pos = skipParens(this.src, this.pos, this.end, 1);
      return { kind, start, end: Math.max(start, this.pos - 1), tokens: [] };
    }
    const saved = this.pending;
    const tick = this.inTick;
    this.pending = [];
    this.inTick = false;
    const tokens = this.run(RPAREN, depth + 1);
    this.pending = saved;
    this.inTick = tick;
    const closed = this.src.charCodeAt(this.pos - 1) === RPAREN;
    return { kind, start, end: closed ? this.pos - 1 : this.pos, tokens };
  }

  /** Body of a backtick substitution starting at pos; consumes through the closing backtick. */
  private backtick(depth: number): Sub {
    const start = this.pos;
    if (depth >= MAX_DEPTH) {
      let p = this.pos;
      while (p < this.end && this.src.charCodeAt(p) !== BACKTICK) p += this.src.charCodeAt(p) === BACKSLASH ? 2 : 1;
      this.pos = Math.min(p + 1, this.end);
      return { kind: '`', start, end: Math.min(p, this.end), tokens: [] };
    }
    const saved = this.pending;
    const tick = this.inTick;
    this.pending = [];
    this.inTick = true;
    const tokens = this.run(BACKTICK, depth + 1);
    this.pending = saved;
    this.inTick = tick;
    const closed = this.src.charCodeAt(this.pos - 1) === BACKTICK;
    return { kind: '`', start, end: closed ? this.pos - 1 : this.pos, tokens };
  }
}


