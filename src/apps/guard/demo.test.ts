import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers.js';
import { guardDemoStep } from './demo.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-guard-demo-');

it('the demo step guards the bundled responses over HTTP and streams two through the proxy', async () => {
  const lines = await guardDemoStep.run({ dataDir: resolve(import.meta.dirname, '../../../data/demo'), outDir: dir });
  const text = lines.join('\n');
  expect(text).toMatch(/^r01: clean/m);
  expect(text).toMatch(/^r03: BLOCKED .*commands\.download-exec\.pipe-to-shell/m);
  expect(text).toMatch(/^r04: annotated .*\(explain-only\)/m);
  expect(text).toMatch(/stream r05 .*finish_reason stop\): .*AK\*+RB/);
  expect(text).toMatch(/stream r03 .*finish_reason content_filter\): "This response was withheld/);
  expect(text).toContain('14 decisions in the audit');
});
