import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfigFile, parseConfigText } from './config.js';
import { WardenError } from './errors.js';

const schema = z.object({
  name: z.string(),
  server: z.object({ host: z.string(), port: z.number().int() }),
  workers: z.number().int().positive().default(2),
  debug: z.boolean().default(false),
});

/** Runs `fn`, expecting a WardenError, and returns it. */
function catchWarden(fn: () => unknown): WardenError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WardenError);
    return error as WardenError;
  }
  throw new Error('expected a WardenError, nothing was thrown');
}

describe('parseConfigText: syntax errors', () => {
  it('reports a YAML syntax error as W_CONFIG_PARSE with file:line:col', () => {
    const text = 'name: x\nserver:\n  host: h\n  host: i\n';
    const err = catchWarden(() => parseConfigText(text, 'conf/app.yaml', schema));
    expect(err.code).toBe('W_CONFIG_PARSE');
    expect(err.where).toBe('conf/app.yaml:4:3');
    expect(err.message).toMatch(/^conf\/app\.yaml:4:3: invalid YAML: /);
    expect(err.message).not.toContain('\n');
  });

  it('points at the column inside the line', () => {
    const err = catchWarden(() => parseConfigText('name: x\nserver:\n  host: h\n   port: 1\n', 'a.yaml', schema));
    expect(err.code).toBe('W_CONFIG_PARSE');
    expect(err.where).toBe('a.yaml:3:9');
  });

  it('calls a broken .json file invalid JSON', () => {
    const err = catchWarden(() => parseConfigText('{"name": "x",\n "server": {"host": "h"\n', 'c.json', schema));
    expect(err.code).toBe('W_CONFIG_PARSE');
    expect(err.message).toMatch(/^c\.json:\d+:\d+: invalid JSON: /);
  });
});

describe('parseConfigText: validation errors', () => {
  it('names file:line and the field path of a wrong type', () => {
    const text = 'name: x\nserver:\n  host: h\n  port: "eighty"\n';
    const err = catchWarden(() => parseConfigText(text, 'app.yaml', schema));
    expect(err.code).toBe('W_CONFIG_INVALID');
    expect(err.message).toContain('app.yaml:4: field "server.port"');
    expect(err.message).toMatch(/expected number/);
  });

  it('reports a wrong top-level field at its own line', () => {
    const err = catchWarden(() => parseConfigText('# comment\nname: x\nserver: {host: h, port: 1}\nworkers: -3\n', 'app.yaml', schema));
    expect(err.code).toBe('W_CONFIG_INVALID');
    expect(err.message).toContain('app.yaml:4: field "workers"');
  });

  it('points a missing nested field at its parent when the parent is a flow map', () => {
    const err = catchWarden(() => parseConfigText('name: x\nserver: {host: h}\n', 'app.yaml', schema));
    expect(err.code).toBe('W_CONFIG_INVALID');
    expect(err.message).toContain('app.yaml:2: field "server.port"');
  });

  // Known bug (src/core/config.ts, lineOf): for a block-style parent the line of the parent
  // *map value* is used, which starts at its first child (line 3, `host: h`), not the line
  // of the parent key `server:` (line 2). Remove `.fails` once lineOf is fixed.
  it('points a missing nested field at the line of its block-style parent key', () => {
    const err = catchWarden(() => parseConfigText('name: x\nserver:\n  host: h\n', 'app.yaml', schema));
    expect(err.message).toContain('app.yaml:2: field "server.port"');
  });

  it('points a missing top-level field at the document', () => {
    const err = catchWarden(() => parseConfigText('name: x\n', 'app.yaml', schema));
    expect(err.message).toContain('app.yaml:1: field "server"');
  });

  it('lists several issues, one per line', () => {
    const err = catchWarden(() => parseConfigText('name: 1\nserver: {host: 2, port: 3}\n', 'app.yaml', schema));
    const lines = err.message.split('\n');
    expect(lines[0]).toBe('invalid config');
    expect(lines).toContain('  app.yaml:1: field "name": Invalid input: expected string, received number');
    expect(lines.some((line) => line.startsWith('  app.yaml:2: field "server.host"'))).toBe(true);
  });

  it('reports a non-object document as (root)', () => {
    const err = catchWarden(() => parseConfigText('- 1\n- 2\n', 'app.yaml', schema));
    expect(err.message).toContain('field "(root)"');
  });
});

describe('parseConfigText: values', () => {
  it('applies zod defaults', () => {
    expect(parseConfigText('name: x\nserver:\n  host: h\n  port: 80\n', 'a.yaml', schema)).toEqual({
      name: 'x',
      server: { host: 'h', port: 80 },
      workers: 2,
      debug: false,
    });
  });

  it('accepts JSON', () => {
    const value = parseConfigText('{"name": "j", "server": {"host": "h", "port": 8080}, "workers": 3}', 'a.json', schema);
    expect(value).toEqual({ name: 'j', server: { host: 'h', port: 8080 }, workers: 3, debug: false });
  });

  it('overrides fields from the env with the prefix, nesting on __ and parsing numbers and booleans', () => {
    const env = { APP_WORKERS: '4', APP_SERVER__HOST: 'example.org', APP_DEBUG: 'true', OTHER_WORKERS: '9' };
    const value = parseConfigText('name: x\nserver:\n  host: h\n  port: 80\nworkers: 1\n', 'a.yaml', schema, { envPrefix: 'APP_', env });
    expect(value).toEqual({ name: 'x', server: { host: 'example.org', port: 80 }, workers: 4, debug: true });
    expect(typeof value.workers).toBe('number');
  });

  it('creates nested objects from the env when the file lacks them', () => {
    const nested = z.object({ a: z.object({ b: z.string() }), flag: z.boolean(), n: z.number() });
    const value = parseConfigText('', 'empty.yaml', nested, { envPrefix: 'P_', env: { P_A__B: 'x', P_FLAG: 'false', P_N: '2.5' } });
    expect(value).toEqual({ a: { b: 'x' }, flag: false, n: 2.5 });
  });

  it('ignores the env without a prefix and keeps non-numeric strings as strings', () => {
    const env = { WORKERS: '7', APP_NAME: '12abc' };
    expect(parseConfigText('name: x\nserver: {host: h, port: 1}\n', 'a.yaml', schema, { env }).workers).toBe(2);
    expect(parseConfigText('name: x\nserver: {host: h, port: 1}\n', 'a.yaml', schema, { envPrefix: 'APP_', env }).name).toBe('12abc');
  });

  it('validates env overrides with the schema', () => {
    const err = catchWarden(() =>
      parseConfigText('name: x\nserver: {host: h, port: 1}\n', 'a.yaml', schema, { envPrefix: 'APP_', env: { APP_WORKERS: 'many' } }),
    );
    expect(err.code).toBe('W_CONFIG_INVALID');
    expect(err.message).toContain('field "workers"');
  });
});

describe('loadConfigFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warden-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and validates a file, returning the source text', async () => {
    const file = join(dir, 'app.yaml');
    const source = 'name: x\nserver:\n  host: h\n  port: 1\n';
    await writeFile(file, source);
    const loaded = await loadConfigFile(file, schema);
    expect(loaded).toEqual({ value: { name: 'x', server: { host: 'h', port: 1 }, workers: 2, debug: false }, source, file });
  });

  it('names the file in validation errors', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'name: x\nserver:\n  host: h\n  port: no\n');
    await expect(loadConfigFile(file, schema)).rejects.toMatchObject({ code: 'W_CONFIG_INVALID', message: expect.stringContaining(`${file}:4: field "server.port"`) });
  });

  it('throws W_IO_NOT_FOUND for a missing file', async () => {
    const file = join(dir, 'missing.yaml');
    const error = await loadConfigFile(file, schema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WardenError);
    expect(error).toMatchObject({ code: 'W_IO_NOT_FOUND', where: file });
    expect((error as WardenError).message).toMatch(/^.*missing\.yaml: cannot read config: ENOENT/);
  });
});
