import { describe, expect, it } from 'vitest';
import { classifyName } from './generic-names.js';
import { detectGeneric } from './generic.js';

const rules = (text: string) => detectGeneric(text).map((f) => f.rule);
const values = (text: string) => detectGeneric(text).map((f) => text.slice(f.start, f.end));

describe('classifyName', () => {
  it.each([
    ['API_KEY', 'secret', false],
    ['apiKey', 'secret', false],
    ['x-api-key', 'secret', false],
    ['client_secret', 'secret', false],
    ['GITHUB_TOKEN', 'secret', false],
    ['accessToken', 'secret', false],
    ['token', 'secret', true],
    ['key', 'secret', true],
    ['DB_PASSWORD', 'password', false],
    ['passwd', 'password', false],
    ['Authorization', 'auth', false],
    ['credentials', 'secret', false],
  ] as const)('%s → %s', (name, kind, weak) => expect(classifyName(name)).toEqual({ kind, weak }));

  it.each(['max_tokens', 'token_count', 'secret_name', 'api_key_id', 'password_hash', 'primary_key', 'cache_key', 'public_key', 'keyboard', 'monkey', 'author', 'passthrough', 'tokenizer', 'token_url'])(
    '%s is not a secret name',
    (name) => expect(classifyName(name)).toBeUndefined(),
  );
});

describe('detectGeneric', () => {
  it('reads the value in env, shell, YAML, JSON, Python, JS, TOML, CLI and XML shapes', () => {
    const v = 'Zq8vR2mXw9LkT4pN7sYb3HcJ';
    for (const text of [
      `API_KEY=${v}`,
      `export API_KEY="${v}"`,
      `api_key: ${v}`,
      `{"api_key": "${v}"}`,
      `api_key = '${v}'`,
      `const apiKey = \`${v}\`;`,
      `$env:API_KEY = "${v}"`,
      `tool --api-key ${v}`,
      `tool --api-key=${v}`,
      `<apiKey>${v}</apiKey>`,
      `settings["api_key"] = "${v}"`,
      `API_KEY := ${v}`,
      `https://api.acme.io/v1?api_key=${v}&page=2`,
    ]) {
      expect(values(text), text).toEqual([v]);
    }
  });

  it('reads Authorization headers with Bearer, Token and Basic schemes', () => {
    expect(detectGeneric('Authorization: Bearer 8f2Kq9LmZx4Rt7VwN3pB6sYh1Jd')).toMatchObject([{ rule: 'secrets.authorization-header', severity: 'high' }]);
    expect(values('-H "Authorization: Token Lq8Zr3Xw7Nv2Pm9Kt4Bs6Hd1"')).toEqual(['Lq8Zr3Xw7Nv2Pm9Kt4Bs6Hd1']);
    expect(values(`Authorization: Basic ${Buffer.from('deploy:Q7w!mZ2xNp4r').toString('base64')}`)).toHaveLength(1);
    expect(values('use the Bearer 8f2Kq9LmZx4Rt7VwN3pB6sYh1Jd for that call')).toEqual(['8f2Kq9LmZx4Rt7VwN3pB6sYh1Jd']);
  });

  it('takes a leading @, & or % of a Basic password as a character, not a reference sigil', () => {
    const basic = (pair: string) => values(`Authorization: Basic ${Buffer.from(pair).toString('base64')}`);
    expect(basic('backup:@Lq8#zW2r!Vn5')).toHaveLength(1);
    expect(basic('etl:%9fTq2Wz8Lm')).toHaveLength(1);
    expect(basic('svc:$PASSWORD')).toEqual([]);
    expect(basic('svc:@password')).toEqual([]);
  });

  it('rejects references, placeholders and expressions', () => {
    for (const text of [
      'api_key = os.environ["API_KEY"]',
      'api_key = os.getenv("API_KEY")',
      'apiKey: process.env.API_KEY',
      'token = config.auth.token',
      'API_KEY=${API_KEY}',
      'token: {{ .Values.token }}',
      'API_KEY=<your-api-key>',
      'api_key = "your_api_key_here"',
      'token = f"Bearer {token}"',
      'Authorization: Bearer $TOKEN',
      'secret = get_secret("prod/api")',
      'API_KEY=OPENAI_API_KEY',
      'token: !vault |',
    ]) {
      expect(detectGeneric(text), text).toEqual([]);
    }
  });

  it('rejects UUIDs, hashes near hash words, paths, URLs, numbers and sequences', () => {
    for (const text of [
      'key: 550e8400-e29b-41d4-a716-446655440000',
      'token = "3f786850e387550fdab836ed7e6dc881de23001b"',
      'commit sha, key = "3f786850e387550fdab836ed7e6dc881de23001b"',
      'api_key_file = "/etc/acme/api.key"',
      'token_endpoint: https://auth.acme.io/oauth/token',
      'secret = "https://vault.acme.io/v1/secret/data/app"',
      'token = 1718000000',
      'api_key = "abcdefghijklmnopqrstuvwx"',
      'password = "12345678"',
      'password: hunter2',
    ]) {
      expect(detectGeneric(text), text).toEqual([]);
    }
  });

  it('keeps a hex key when the name says secret and nothing says hash', () => {
    expect(rules('SECRET_KEY_BASE = "d41d8cd98f00b204e9800998ecf8427ed41d8cd98f00b204e9800998ecf8427e"')).toEqual(['secrets.generic-secret']);
  });

  it('judges base64 values by what they decode to (Kubernetes Secret data)', () => {
    expect(rules(`data:\n  password: ${Buffer.from('password').toString('base64')}`)).toEqual([]);
    expect(rules(`data:\n  password: ${Buffer.from('S3cr3tPazz!').toString('base64')}`)).toEqual(['secrets.generic-password']);
  });

  it('scores strong random values higher and bare names lower, with an explanation', () => {
    const [strong] = detectGeneric('api_key = "Zq8vR2mXw9LkT4pN7sYb3HcJ8fRt"');
    const [bare] = detectGeneric('token = "Zq8vR2mXw9LkT4pN7sYb3HcJ8fRt"');
    expect(strong).toMatchObject({ severity: 'high', score: 0.7 });
    expect(bare!.score).toBeLessThan(strong!.score);
    expect(strong!.explanation!.map((s) => s.step)).toEqual(['pattern', 'entropy']);
  });

  it('reads prose that hands out a quoted credential, with a qualifying word before the name', () => {
    expect(values('Your new API key is `Kd82mQz7Lp4Xw9Rt2VnB5sYc`.')).toEqual(['Kd82mQz7Lp4Xw9Rt2VnB5sYc']);
    expect(values('Your GitHub token is now "Zq8vR2mXw9LkT4pN7sYb3HcJ".')).toEqual(['Zq8vR2mXw9LkT4pN7sYb3HcJ']);
    expect(rules('Your password is `hT6wP0qZ4nY2!`')).toEqual(['secrets.generic-password']);
    expect(detectGeneric('The cache key is `q7Zp2mX9kL4vR8tN3bW6yT5u`.')).toEqual([]);
    expect(detectGeneric('The key is important and the token is valid for an hour.')).toEqual([]);
  });

  it('finds several assignments in one text and none in prose about keys', () => {
    expect(rules('DB_PASSWORD=Tr0ub4dor3x!\nAPI_TOKEN=Zq8vR2mXw9LkT4pN7sYb3HcJ')).toEqual(['secrets.generic-password', 'secrets.generic-secret']);
    expect(detectGeneric('The key: rotate your tokens often. Password requirements: at least 12 characters. Secret: there is none.')).toEqual([]);
  });
});
