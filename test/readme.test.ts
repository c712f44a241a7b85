import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

it('the README shows examples/guard/guard.yaml verbatim (the file guard check validates in the tests)', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const example = readFileSync(join(root, 'examples', 'guard', 'guard.yaml'), 'utf8');
  const section = readme.slice(readme.indexOf('#### Policies (`guard.yaml`)'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  expect(block?.[1]).toBe(example);
});
