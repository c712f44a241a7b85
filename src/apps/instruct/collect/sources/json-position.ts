/**
 * The offset of the first JSON syntax error in `text`, or -1 when it is valid. Node 20's
 * JSON.parse often reports only a snippet; this scan (linear, no recursion) finds the place
 * so errors can name a line and column. Only run after JSON.parse has failed.
 *
 * @example
 * jsonErrorOffset('{"a": }'); // 6
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  // Each stack entry: 'o' object, 'a' array. `state.expect` is what may come next.
  const stack: ('o' | 'a')[] = [];
  type Expect = 'value' | 'key' | 'colon' | 'commaOrEnd' | 'done' | 'valueOrEnd' | 'keyOrEnd';
  // An object, not a `let`: closures update it and TypeScript must not narrow it.
  const state: { expect: Expect } = { expect: 'value' };
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const afterValue = () => {
    state.expect = stack.length ? 'commaOrEnd' : 'done';
  };
  const scanString = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          return false;
        }
      } else if (c < 32) return false;
      else i++;
    }
    return false;
  };
  while (true) {
    ws();
    if (i >= n) return state.expect === 'done' ? -1 : n;
    const c = text[i]!;
    if (state.expect === 'done') return i;
    if (state.expect === 'colon') {
      if (c !== ':') return i;
      i++;
      state.expect = 'value';
      continue;
    }
    if (state.expect === 'commaOrEnd') {
      const top = stack.at(-1);
      if (c === ',') {
        i++;
        state.expect = top === 'o' ? 'key' : 'value';
      } else if ((c === '}' && top === 'o') || (c === ']' && top === 'a')) {
        i++;
        stack.pop();
        afterValue();
      } else return i;
      continue;
    }
    if (state.expect === 'key' || state.expect === 'keyOrEnd') {
      if (c === '}' && state.expect === 'keyOrEnd') {
        i++;
        stack.pop();
        afterValue();
        continue;
      }
      if (c !== '"' || !scanString()) return i;
      state.expect = 'colon';
      continue;
    }
    // value or valueOrEnd
    if (c === ']' && state.expect === 'valueOrEnd') {
      i++;
      stack.pop();
      afterValue();
    } else if (c === '{') {
      i++;
      stack.push('o');
      state.expect = 'keyOrEnd';
    } else if (c === '[') {
      i++;
      stack.push('a');
      state.expect = 'valueOrEnd';
    } else if (c === '"') {
      if (!scanString()) return i;
      afterValue();
    } else {
      const start = i;
      while (i < n && /[-+.0-9a-zA-Z]/.test(text[i]!)) i++;
      const word = text.slice(start, i);
      if (!(word === 'true' || word === 'false' || word === 'null' || /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(word))) return start;
      afterValue();
    }
  }
}
