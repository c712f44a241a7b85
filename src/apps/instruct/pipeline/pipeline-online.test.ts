import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers.js';
import { fakeApi, sendJson, type FakeApi } from '../collect/test-helpers/fake-api.js';
import { runInstructPipeline } from './index.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-instruct-online-');
let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

it('collects online (--since) from a local CISA KEV feed and runs every stage on it; the collect report names the source', async () => {
  const feed = JSON.parse(await readFile(new URL('../collect/test-fixtures/known_exploited_vulnerabilities.json', import.meta.url), 'utf8')) as unknown;
  api = await fakeApi((_url, _req, res) => sendJson(res, feed));
  const out = join(dir, 'run');
  const result = await runInstructPipeline({ out, since: new Date('2020-01-01'), sources: ['kev'], online: { kevUrl: `${api.origin}/kev.json` }, reviewPending: 'approve' });
  expect(result.status).toBe('complete');
  expect(result.stages.map((s) => s.status)).toEqual(Array(7).fill('ran'));
  expect(api.seen.map((r) => r.url.pathname)).toEqual(['/kev.json']);
  const records = (await readFile(join(out, 'records.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { source: string });
  expect(records.length).toBeGreaterThan(0);
  expect(new Set(records.map((r) => r.source))).toEqual(new Set(['kev']));
  const report = JSON.parse(await readFile(join(out, 'collect-report.json'), 'utf8')) as { sources: Record<string, { records: number }> };
  expect(Object.keys(report.sources)).toEqual(['kev']);
  expect(report.sources.kev!.records).toBe(records.length);
  const classified = (await readFile(join(out, 'classified.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { metadata: { domains: string[] } });
  expect(classified.every((p) => p.metadata.domains.includes('vulnerability_management'))).toBe(true);

  // The same command again is up to date: nothing is fetched.
  const again = await runInstructPipeline({ out, since: new Date('2020-01-01'), sources: ['kev'], online: { kevUrl: `${api.origin}/kev.json` }, reviewPending: 'approve' });
  expect(again.stages.map((s) => s.status)).toEqual(Array(7).fill('skipped'));
  expect(api.seen).toHaveLength(1);
}, 60_000);
