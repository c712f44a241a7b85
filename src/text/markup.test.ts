import { expect, it } from 'vitest';
import { markupView } from './markup.js';
import { originalView } from './view.js';

it('turns code/line tags into same-length whitespace starting with a newline', () => {
  const text = 'Run <code>ls -la</code> or<br/>that <pre class="x">pwd</pre>';
  const view = markupView(originalView(text))!;
  expect(view.text.length).toBe(text.length);
  expect(view.text).toBe(`Run \n${' '.repeat(5)}ls -la\n${' '.repeat(6)} or\n${' '.repeat(4)}that \n${' '.repeat(14)}pwd\n${' '.repeat(5)}`);
  expect(view.starts).toBeNull(); // offsets are the original's
});

it('leaves text without such tags alone', () => {
  expect(markupView(originalView('a < b and <T>(x) => x'))).toBeUndefined();
  expect(markupView(originalView('plain'))).toBeUndefined();
});
