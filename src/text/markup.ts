import type { View } from './view.js';

// Block and inline tags that LLM answers rendered as HTML wrap code and lines in.
const TAG = /<\/?(?:code|pre|kbd|samp|tt|p|br|div|li|span|td|th|tr|blockquote)(?:\s[^<>]{0,200})?\/?>/gi;

/**
 * The text with HTML tags that wrap code and lines (`<code>`, `<pre>`, `<br>`, `<p>` …) turned
 * into a newline plus spaces of the same length, so `<code>curl … | sh</code>` reads as a
 * command line. Same length, so offsets are the original's; undefined when there are no tags.
 *
 * @example
 * markupView(originalView('<code>ls</code>'))!.text; // '\n     ls\n      '
 */
export function markupView(base: View): View | undefined {
  if (!base.text.includes('<')) return undefined;
  TAG.lastIndex = 0;
  if (!TAG.test(base.text)) return undefined;
  TAG.lastIndex = 0;
  const text = base.text.replace(TAG, (tag) => `\n${' '.repeat(tag.length - 1)}`);
  return { ...base, name: `${base.name === 'original' ? '' : `${base.name}+`}markup`, text };
}
