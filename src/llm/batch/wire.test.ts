import { describe, expect, it } from 'vitest';
import { anthropicParams, fromAnthropicMessage, fromOpenAICompletion, kindOfAnthropicError, kindOfStatus, openAIChatBody, withJson } from './wire.js';

const schema = { name: 'x', schema: { type: 'object' } };

describe('batch wire mapping', () => {
  it('builds OpenAI bodies and Anthropic params from one ChatRequest', () => {
    const request = { model: 'm', messages: [{ role: 'system' as const, content: 's' }, { role: 'user' as const, content: 'u' }], temperature: 1.5, maxTokens: 9, stop: ['x'], seed: 3 };
    expect(openAIChatBody(request)).toEqual({ model: 'm', messages: request.messages, temperature: 1.5, max_completion_tokens: 9, stop: ['x'], seed: 3 });
    expect(openAIChatBody(request, 'max_tokens')).toMatchObject({ max_tokens: 9 });
    expect(anthropicParams(request)).toEqual({ model: 'm', max_tokens: 9, system: 's', messages: [{ role: 'user', content: 'u' }], temperature: 1, stop_sequences: ['x'] });
    expect(anthropicParams({ model: 'm', messages: [{ role: 'user', content: 'u' }] })).toEqual({ model: 'm', max_tokens: 4096, messages: [{ role: 'user', content: 'u' }] });
  });

  it('maps OpenAI answers like the transport: JSON (fenced too), filtered and empty answers', () => {
    const request = { model: 'm', messages: [], jsonSchema: schema };
    const ok = fromOpenAICompletion({ model: 'g', choices: [{ message: { content: '```json\n{"a":1}\n```' }, finish_reason: 'stop' }], usage: { prompt_tokens: 2, completion_tokens: 1 } }, request, 5);
    expect(ok).toEqual({ text: '```json\n{"a":1}\n```', json: { a: 1 }, model: 'g', finishReason: 'stop', usage: { inputTokens: 2, outputTokens: 1 }, cached: false, latencyMs: 5, attempts: 1 });
    expect(fromOpenAICompletion({ choices: [{ message: { content: 'prose' }, finish_reason: 'stop' }] }, request, 0)).not.toHaveProperty('json');
    expect(fromOpenAICompletion({ choices: [{ message: { content: 'x' } }] }, request, 0)).toMatchObject({ model: 'm' });
    expect(fromOpenAICompletion({ choices: [{ message: { content: null }, finish_reason: 'content_filter' }] }, request, 0)).toMatchObject({ kind: 'content_filter' });
    expect(fromOpenAICompletion({ choices: [{ message: { content: '  ' }, finish_reason: 'length' }] }, request, 0)).toMatchObject({ kind: 'empty', error: 'the model returned an empty answer (finish reason length)' });
    expect(withJson({ text: '{"b":2}' } as never, request).json).toEqual({ b: 2 });
  });

  it('maps Anthropic answers like the transport: the named forced tool, refusals, empty answers', () => {
    const request = { model: 'm', messages: [], jsonSchema: schema };
    const tool = fromAnthropicMessage({ model: 'c', content: [{ type: 'tool_use', name: 'x', input: { q: 1 } }], stop_reason: 'tool_use', usage: { input_tokens: 3, output_tokens: 4 } }, request, 0);
    expect(tool).toMatchObject({ text: '{"q":1}', json: { q: 1 }, finishReason: 'tool_use', usage: { inputTokens: 3, outputTokens: 4 } });
    expect(fromAnthropicMessage({ content: [{ type: 'text', text: '{"q":2}' }], stop_reason: 'end_turn' }, request, 0)).toMatchObject({ json: { q: 2 }, model: 'm' });
    expect(fromAnthropicMessage({ content: [], stop_reason: 'refusal' }, request, 0)).toMatchObject({ kind: 'content_filter' });
    expect(fromAnthropicMessage({ content: [], stop_reason: 'end_turn' }, request, 0)).toMatchObject({ kind: 'empty' });
  });

  it('sorts failed lines into kinds', () => {
    expect([401, 429, 500, 409, 400, 404].map(kindOfStatus)).toEqual(['auth', 'rate_limit', 'server', 'server', 'request', 'request']);
    expect(['overloaded_error', 'rate_limit_error', 'permission_error', 'invalid_request_error'].map(kindOfAnthropicError)).toEqual(['server', 'rate_limit', 'auth', 'request']);
  });
});
