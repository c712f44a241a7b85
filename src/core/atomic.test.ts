import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicFile, tempPathFor, writeFileAtomic, writeLinesAtomic } from './atomic.js';
import { WardenError } from './errors.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tempFiles = async (folder = dir) => (await readdir(folder)).filter((name) => name.startsWith('.tmp-'));

describe('tempPathFor', () => {
  it('is a hidden .tmp- file in the same folder, different each call', () => {
    const target = join(dir, 'sub', 'out.json');
    const a = tempPathFor(target);
    const b = tempPathFor(target);
    expect(dirname(a)).toBe(dirname(target));
    expect(basename(a)).toMatch(/^\.tmp-out\.json-\d+-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });
});

describe('writeFileAtomic', () => {
  it('writes the content, creating folders, and leaves no temp file', async () => {
    const target = join(dir, 'a', 'b', 'manifest.json');
    await writeFileAtomic(target, '{"ok":true}');
    expect(await readFile(target, 'utf8')).toBe('{"ok":true}');
    expect(await tempFiles(dirname(target))).toEqual([]);
  });

  it('writes bytes', async () => {
    const target = join(dir, 'bin');
    await writeFileAtomic(target, new Uint8Array([0, 1, 2, 255]));
    expect([...(await readFile(target))]).toEqual([0, 1, 2, 255]);
  });

  it('replaces an existing, longer file whole', async () => {
    const target = join(dir, 'f.txt');
    await writeFile(target, 'x'.repeat(10_000));
    await writeFileAtomic(target, 'short');
    expect(await readFile(target, 'utf8')).toBe('short');
    expect(await tempFiles()).toEqual([]);
  });

  it('throws W_IO_WRITE naming the target and cleans up when the rename fails', async () => {
    const target = join(dir, 'taken');
    await mkdir(join(target, 'child'), { recursive: true });
    const error = await writeFileAtomic(target, 'data').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WardenError);
    expect(error).toMatchObject({ code: 'W_IO_WRITE', where: target });
    expect(await tempFiles()).toEqual([]);
  });
});

describe('AtomicFile', () => {
  it('shows nothing at the target before commit and the whole content after', async () => {
    const target = join(dir, 'out', 'part-00000.jsonl');
    const file = await AtomicFile.open(target);
    await file.write('{"a":1}\n');
    await file.write(new TextEncoder().encode('{"a":2}\n'));
    expect(existsSync(target)).toBe(false);
    expect(file.temp.startsWith(join(dir, 'out', '.tmp-part-00000.jsonl-'))).toBe(true);
    await file.commit();
    expect(await readFile(target, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    expect(existsSync(file.temp)).toBe(false);
    expect(await tempFiles(dirname(target))).toEqual([]);
  });

  it('writes more than the stream buffer (20 MiB) through backpressure', async () => {
    const target = join(dir, 'big.bin');
    const file = await AtomicFile.open(target);
    const chunk = 'y'.repeat(1 << 20);
    for (let i = 0; i < 20; i++) await file.write(chunk);
    await file.commit();
    expect((await readFile(target, 'utf8')).length).toBe(20 << 20);
  });

  it('abort leaves neither the target nor the temp file', async () => {
    const target = join(dir, 'gone.jsonl');
    const file = await AtomicFile.open(target);
    await file.write('partial');
    await file.abort();
    expect(existsSync(target)).toBe(false);
    expect(existsSync(file.temp)).toBe(false);
    expect(await tempFiles()).toEqual([]);
  });

  it('abort keeps an existing target untouched', async () => {
    const target = join(dir, 'keep.txt');
    await writeFile(target, 'old');
    const file = await AtomicFile.open(target);
    await file.write('new content');
    await file.abort();
    expect(await readFile(target, 'utf8')).toBe('old');
  });

  it('commit replaces an existing file whole', async () => {
    const target = join(dir, 'replace.txt');
    await writeFile(target, 'old content that is much longer than the new one');
    const file = await AtomicFile.open(target);
    await file.write('new');
    expect(await readFile(target, 'utf8')).toBe('old content that is much longer than the new one');
    await file.commit();
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await tempFiles()).toEqual([]);
  });

  it('commit works when the stream was already ended (piped compressor case)', async () => {
    const target = join(dir, 'ended.txt');
    const file = await AtomicFile.open(target);
    await file.write('done');
    file.stream.end();
    await file.commit();
    expect(await readFile(target, 'utf8')).toBe('done');
  });
});

describe('writeLinesAtomic', () => {
  it('writes each line with a newline and returns the count; a failing source leaves no file', async () => {
    const target = join(dir, 'lines.jsonl');
    expect(await writeLinesAtomic(target, ['{"a":1}', '{"b":2}'])).toBe(2);
    expect(await readFile(target, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
    const broken = join(dir, 'broken.jsonl');
    async function* failing(): AsyncGenerator<string> {
      yield 'one';
      throw new Error('source failed');
    }
    await expect(writeLinesAtomic(broken, failing())).rejects.toThrow('source failed');
    expect(existsSync(broken)).toBe(false);
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
