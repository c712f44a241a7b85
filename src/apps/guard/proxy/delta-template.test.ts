import { describe, expect, it } from 'vitest';
import { DeltaTemplate } from './delta-template.js';

const chunk = (content: string, extra = '') =>
  `{"id":"chatcmpl-1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}${extra}},"logprobs":null,"finish_reason":null}],"usage":null}`;
const content = (data: string): unknown => (JSON.parse(data) as { choices: { delta: { content?: unknown } }[] }).choices[0]!.delta.content;

function learned(): DeltaTemplate {
  const template = new DeltaTemplate();
  expect(template.learn(chunk(' Hello'), 'content', ' Hello', content)).toBe(true);
  return template;
}

describe('DeltaTemplate', () => {
  it('recognises sibling events and returns their text, escapes included', () => {
    const template = learned();
    for (const text of [' world', '', 'a "quoted" \\ back\nslash', '\u00e9\u{1F600}', '\u0000']) expect(template.match(chunk(text))).toBe(text);
    expect(template.match('{"x":"\\u00e9"}')).toBeUndefined();
    // The same text with another escaping (\u00e9 for é) is still one JSON string.
    expect(template.match(chunk('x').replace('"x"', '"\\u00e9"'))).toBe('\u00e9');
  });

  it('refuses anything that is not exactly prefix + one JSON string + suffix', () => {
    const template = learned();
    expect(template.match(chunk('x', ',"role":"assistant"'))).toBeUndefined(); // another field
    expect(template.match(chunk('x').replace('"logprobs":null', '"logprobs":{"content":[]}'))).toBeUndefined();
    expect(template.match(chunk('x').replace('"finish_reason":null', '"finish_reason":"stop"'))).toBeUndefined();
    expect(template.match(chunk('a').replace('"a"', '"a","tool_calls":"b"'))).toBeUndefined(); // two values where one string was
    expect(template.match(chunk('a').replace('"a"', ' "a"'))).toBeUndefined(); // whitespace
    expect(template.match(chunk('a').replace('"a"', '123'))).toBeUndefined(); // not a string
    expect(template.match(chunk('a').replace('"a"', '"a\u0001"'))).toBeUndefined(); // invalid JSON string
    expect(template.match('[DONE]')).toBeUndefined();
  });

  it('does not learn when the text is not where the caller reads it', () => {
    const template = new DeltaTemplate();
    // "content" holds the text, but the caller reads another field: the probe check fails.
    expect(template.learn(chunk('hi'), 'content', 'hi', () => 'elsewhere')).toBe(false);
    expect(template.match(chunk('hi'))).toBeUndefined();
    expect(new DeltaTemplate().learn(chunk('hi'), 'content', 'other text', content)).toBe(false);
    expect(new DeltaTemplate().learn('{"content":1}', 'content', '1', content)).toBe(false);
    expect(new DeltaTemplate().learn('{"text":"x"}', 'content', 'x', content)).toBe(false);
  });
});
