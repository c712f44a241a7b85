import type { Env } from './model.js';

/** Fork bombs: `name(){ name|name& };name` in any spacing, and `%0|%0`. */
export function forkBombs(src: string, from: number, to: number, env: Env): void {
  const seg = src.slice(from, to);
  let i = seg.indexOf('()');
  let guard = 0;
  while (i >= 0 && guard++ < 64) {
    // Name: the run of non-separator chars before "()", then optional spaces and "{".
    let s = i;
    while (s > 0 && s > i - 64 && !' \t\n;&|'.includes(seg[s - 1]!)) s--;
    const name = seg.slice(s, i);
    let brace = i + 2;
    while (brace < seg.length && brace < i + 8 && (seg[brace] === ' ' || seg[brace] === '\t')) brace++;
    if (name.length > 0 && seg[brace] === '{') {
      let body = '';
      let p = brace + 1;
      while (p < seg.length && p < i + 200 && seg[p] !== '}') {
        if (seg[p] !== ' ' && seg[p] !== '\t') body += seg[p];
        p++;
      }
      if (body === `${name}|${name}&` || body === `${name}|${name}&;`) {
        let end = p + 1;
        const after = seg.slice(end, end + 80);
        const call = after.search(NON_SEPARATOR);
        if (call >= 0 && after.startsWith(name, call)) end += call + name.length;
        env.report('commands.destructive.fork-bomb', { start: from + s, end: from + end }, 'a function that pipes into itself in the background and is then called');
      }
    }
    i = seg.indexOf('()', i + 2);
  }
  const bat = seg.indexOf('%0|%0');
  if (bat >= 0) env.report('commands.destructive.fork-bomb', { start: from + bat, end: from + bat + 5 }, 'a batch file that starts itself twice (%0|%0)');
}

const NON_SEPARATOR = /[^\s;]/;

/** Every regex this module ships (checked for ReDoS by the tests). */
export const FORK_BOMB_PATTERNS: readonly RegExp[] = [NON_SEPARATOR];
