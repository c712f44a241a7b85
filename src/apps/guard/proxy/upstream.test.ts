import { describe, expect, it } from 'vitest';
import { errorBodyFor, isProtocolErrorBody, upstreamErrorFor } from './errors.js';
import { forwardedResponseHeaders, upstreamHeaders, upstreamUrl, type UpstreamConfig } from './upstream.js';

const config: UpstreamConfig = { base_url: 'https://api.openai.com/v1', api_key_env: 'SERVER_KEY', timeout_ms: 1000, pass_client_key: true };
const env = { SERVER_KEY: 'sk-server' };

describe('upstreamHeaders', () => {
  it("passes the client's OpenAI key, else the server-side key", () => {
    expect(upstreamHeaders('openai', { authorization: 'Bearer sk-client' }, config, env).authorization).toBe('Bearer sk-client');
    expect(upstreamHeaders('openai', {}, config, env).authorization).toBe('Bearer sk-server');
    expect(upstreamHeaders('openai', { authorization: 'Bearer sk-client' }, { ...config, pass_client_key: false }, env).authorization).toBe('Bearer sk-server');
    expect(upstreamHeaders('openai', {}, config, {}).authorization).toBeUndefined();
  });

  it("passes the client's Anthropic x-api-key or bearer token, adds a default anthropic-version", () => {
    const fromKey = upstreamHeaders('anthropic', { 'x-api-key': 'sk-ant-c' }, config, env);
    expect(fromKey).toMatchObject({ 'x-api-key': 'sk-ant-c', 'anthropic-version': '2023-06-01' });
    expect(fromKey.authorization).toBeUndefined();
    expect(upstreamHeaders('anthropic', { authorization: 'Bearer tok' }, config, env)).toMatchObject({ authorization: 'Bearer tok' });
    expect(upstreamHeaders('anthropic', {}, config, env)['x-api-key']).toBe('sk-server');
    expect(upstreamHeaders('anthropic', { 'anthropic-version': '2024-01-01', 'anthropic-beta': 'x' }, config, env)).toMatchObject({ 'anthropic-version': '2024-01-01', 'anthropic-beta': 'x' });
  });

  it('never forwards the guard key, cookies or hop-by-hop headers', () => {
    const headers = upstreamHeaders('openai', { 'x-warden-key': 'g', cookie: 'c', connection: 'close', host: 'proxy', 'content-length': '5', 'openai-organization': 'org' }, config, env);
    expect(Object.keys(headers).sort()).toEqual(['accept', 'authorization', 'content-type', 'openai-organization', 'user-agent']);
  });
});

describe('response headers and URLs', () => {
  it('forwards request ids, rate-limit state and Retry-After only', () => {
    const headers = { 'retry-after': '3', 'x-ratelimit-remaining-requests': '0', 'request-id': 'r', 'set-cookie': ['x'], 'content-length': '9', server: 'x' };
    expect(forwardedResponseHeaders(headers)).toEqual({ 'retry-after': '3', 'x-ratelimit-remaining-requests': '0', 'request-id': 'r' });
  });

  it('joins base URLs and paths', () => {
    expect(upstreamUrl('https://api.openai.com/v1/', '/chat/completions')).toBe('https://api.openai.com/v1/chat/completions');
    expect(upstreamUrl('https://api.anthropic.com', 'v1/messages')).toBe('https://api.anthropic.com/v1/messages');
  });
});

describe('protocol errors', () => {
  it('builds OpenAI and Anthropic error shapes', () => {
    expect(errorBodyFor('openai', 504, 'slow', 'upstream_timeout')).toEqual({ error: { message: 'slow', type: 'timeout', param: null, code: 'upstream_timeout' } });
    expect(errorBodyFor('anthropic', 429, 'later')).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'later' } });
  });

  it("forwards an upstream's well-formed error body and wraps anything else", () => {
    const anthropic = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    expect(upstreamErrorFor('anthropic', 529, JSON.stringify(anthropic)).body).toEqual(anthropic);
    expect(isProtocolErrorBody('openai', anthropic)).toBe(true);
    expect(isProtocolErrorBody('anthropic', { error: { message: 'x' } })).toBe(false);
    expect(upstreamErrorFor('openai', 502, '<html>oops</html>').body).toEqual({ error: { message: 'upstream answered 502', type: 'server_error', param: null, code: 'upstream_error' } });
  });
});
