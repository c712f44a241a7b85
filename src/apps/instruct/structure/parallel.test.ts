import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { expectWardenError, useTempDir } from '../../../../test/helpers.js';
import { structureInWorkers } from './parallel.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-structure-parallel-');

// Chunks finish out of order on two threads while the consumer is slow: a failed chunk must
// neither crash the process as an unhandled rejection nor hide an earlier bad line.
it('fails with the earliest bad line, whichever thread finishes first, while the consumer lags', async () => {
  const good = (await readFile(join(import.meta.dirname, 'test-fixtures', 'real-source.jsonl'), 'utf8')).split('\n')[0]!;
  const record = JSON.parse(good) as { id: string };
  const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ ...record, id: `${record.id}-${i}` }));
  lines[1000] = '{"id": broken';
  lines[2500] = '{"id": also broken';
  const input = join(dir, 'records.jsonl');
  await writeFile(input, lines.join('\n') + '\n');
  let seen = 0;
  const error = await expectWardenError(
    (async () => {
      for await (const _ of structureInWorkers(input, { seed: 42, templatesPerRecord: 2 }, 2)) {
        seen++;
        if (seen % 100 === 0) await sleep(5);
      }
    })(),
  );
  expect(error.message).toContain(`${input}:1001`);
  expect(seen).toBeLessThanOrEqual(1000);
});
