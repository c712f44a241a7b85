import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTermList } from './terms.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-terms-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('loadTermList', () => {
  it('reads terms, skipping comments and blanks, de-duplicating case-insensitively, with a file hash', async () => {
    const list = await loadTermList(await file('ok.txt', '# comment\nGlimmerfrost\n\n  vorpal   resin \r\nglimmerfrost\nVORPAL RESIN\n'));
    expect(list.terms).toEqual(['Glimmerfrost', 'vorpal resin']);
    expect(list.duplicates).toBe(2);
    expect(list.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fails with the file (and line) on a missing, empty, binary or oversized-term file', async () => {
    await expect(loadTermList(join(dir, 'missing.txt'))).rejects.toMatchObject({ code: 'W_IO_NOT_FOUND' });
    await expect(loadTermList(dir)).rejects.toMatchObject({ code: 'W_IO_NOT_FOUND' });
    await expect(loadTermList(await file('empty.txt', '# nothing\n\n'))).rejects.toMatchObject({ code: 'W_CONFIG_INVALID', message: expect.stringContaining('no terms') });
    const binary = await file('bin.txt', Uint8Array.from([0x61, 0x0a, 0xff, 0xfe, 0x00, 0x01, 0x0a]));
    await expect(loadTermList(binary)).rejects.toMatchObject({ code: 'W_CONFIG_INVALID', message: expect.stringContaining(`${binary}:2`) });
    const long = await file('long.txt', `ok\n${'x'.repeat(300)}\n`);
    await expect(loadTermList(long)).rejects.toMatchObject({ code: 'W_CONFIG_INVALID', message: expect.stringContaining(`${long}:2`) });
  });
});
