import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './test-helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(async () => {
  await h.close();
});

const send = (payload: string) => h.app.inject({ method: 'POST', url: '/v1/guard', headers: { 'content-type': 'application/json' }, payload });
const code = async (payload: string) => {
  const res = await send(payload);
  return [res.statusCode, (res.json() as { error?: { code: string } }).error?.code];
};

describe('JSON bodies', () => {
  it('parses plain bodies, with escapes, a BOM and a charset parameter', async () => {
    expect((await send('{"response":"a \\"quoted\\" line\\nand a tab\\t"}')).json().response).toBe('a "quoted" line\nand a tab\t');
    expect((await send('{"response":"caf\\u00e9 \\u2014 ok"}')).json().response).toBe('café — ok');
    expect((await send('\uFEFF{"response":"bom"}')).json().response).toBe('bom');
    const res = await h.app.inject({ method: 'POST', url: '/v1/guard', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: '{"response":"x"}' });
    expect(res.statusCode).toBe(200);
  });

  it('rejects prototype poisoning, written plainly or with \\u escapes, and keeps Fastify’s errors', async () => {
    expect(await code('{"response":"x","__proto__":{"admin":true}}')).toEqual([400, 'W_HTTP_BAD_JSON']);
    expect(await code('{"response":"x","\\u005f_proto__":{"admin":true}}')).toEqual([400, 'W_HTTP_BAD_JSON']);
    expect(await code('{"response":"x","constructor":{"prototype":{"admin":true}}}')).toEqual([400, 'W_HTTP_BAD_JSON']);
    expect(await code('{"response":"x","c\\u006fnstructor":{"prototype":{"admin":true}}}')).toEqual([400, 'W_HTTP_BAD_JSON']);
    expect(await code('{"response": "unterminated')).toEqual([400, 'W_HTTP_BAD_JSON']);
    expect(await code('')).toEqual([400, 'W_HTTP_BAD_JSON']);
  });

  it('text that merely mentions the words passes (the slow path is only slower)', async () => {
    const res = await send(JSON.stringify({ response: 'set obj.__proto__ or call the constructor, e.g. "\\u0041"' }));
    expect(res.statusCode).toBe(200);
    expect(res.json().response).toBe('set obj.__proto__ or call the constructor, e.g. "\\u0041"');
  });
});
