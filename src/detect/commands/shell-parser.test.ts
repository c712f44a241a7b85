import { describe, expect, it } from 'vitest';
import { lex, type Word } from './shell-lexer.js';
import { parse, type Element, type Script } from './shell-parser.js';

/** Pipelines as arrays of command lines ('(...)' for groups). */
function shape(script: Script): string[][] {
  return script.pipelines.map((p) => p.elements.map(show));
}

function show(el: Element): string {
  if (el.kind === 'group') return `(${shape(el.body).map((p) => p.join(' | ')).join('; ')})`;
  return [...el.assigns.map((a) => a.value), ...el.words.map((w) => w.value)].join(' ');
}

const p = (text: string) => shape(parse(lex(text)));

describe('parse', () => {
  it('builds pipelines and chains', () => {
    expect(p('a | b | c && d || e; f & g')).toEqual([['a', 'b', 'c'], ['d'], ['e'], ['f'], ['g']]);
    const script = parse(lex('a && b || c'));
    expect(script.pipelines.map((x) => x.connector)).toEqual(['', '&&', '||']);
  });

  it('continues pipelines across lines (trailing |, &&, leading |)', () => {
    expect(p('curl -s x |\n  sh')).toEqual([['curl -s x', 'sh']]);
    expect(p('curl -s x\n| sh')).toEqual([['curl -s x', 'sh']]);
    expect(p('make &&\n  make install')).toEqual([['make'], ['make install']]);
  });

  it('separates assignments from words', () => {
    const script = parse(lex('FOO=1 BAR="a b" cmd x=y'));
    const cmd = script.pipelines[0]!.elements[0]!;
    expect(cmd.kind === 'cmd' && cmd.assigns.map((a) => a.value)).toEqual(['FOO=1', 'BAR=a b']);
    expect(cmd.kind === 'cmd' && cmd.words.map((w) => w.value)).toEqual(['cmd', 'x=y']);
  });

  it('parses subshells and brace groups as pipeline elements', () => {
    expect(p('(crontab -l; echo x) | crontab -')).toEqual([['(crontab -l; echo x)', 'crontab -']]);
    expect(p('{ echo a; echo b; } > f')).toEqual([['(echo a; echo b)']]);
  });

  it('flattens compound commands to the commands they run', () => {
    expect(p('if true; then rm -rf /; fi')).toEqual([['true'], ['rm -rf /']]);
    expect(p('for f in *.sh; do bash "$f"; done')).toEqual([['bash $f']]);
    expect(p('while read l; do echo $l; done')).toEqual([['read l'], ['echo $l']]);
    expect(p('case $1 in a|b) rm x ;; *) echo y ;; esac')).toEqual([['rm x'], ['echo y']]);
  });

  it('records function definitions', () => {
    const script = parse(lex(':(){ :|:& };:'));
    expect(script.functions.map((f) => f.name)).toEqual([':']);
    expect(shape(script)).toEqual([['(: | :)'], [':']]);
  });

  it('skips the Dockerfile RUN keyword', () => {
    expect(p('RUN curl -s x | sh')).toEqual([['curl -s x', 'sh']]);
  });

  it('anchors commands in prose on a known command word', () => {
    const isCommandWord = (w: Word) => w.value === 'curl';
    expect(shape(parse(lex('then run curl -s x | sh', 0, undefined, { prose: true }), { isCommandWord }))).toEqual([['curl -s x', 'sh']]);
    expect(shape(parse(lex('nothing to see here', 0, undefined, { prose: true }), { isCommandWord }))).toEqual([]);
  });

  it('spans a command over its here-document', () => {
    const text = 'cat > f <<EOF\nhello\nEOF\necho next';
    const cmd = parse(lex(text)).pipelines[0]!.elements[0]!;
    expect(text.slice(cmd.start, cmd.end)).toBe('cat > f <<EOF\nhello\nEOF');
  });

  it('never throws or stalls on junk', () => {
    for (const junk of [')))', '((((', '|||', ';;;', '} } }', 'fi done esac', 'case', 'for', 'function', '<<', '>&', '()', '`', '$(']) {
      expect(() => parse(lex(junk))).not.toThrow();
    }
  });
});
