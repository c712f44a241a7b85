import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', 'src');

/** Every regular-expression literal in shipped (non-test) source, found with the TypeScript parser. */
function regexLiterals(): { where: string; source: string; flags: string }[] {
  const out: { where: string; source: string; flags: string }[] = [];
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.parentPath.includes('test-helpers'))
    .map((e) => join(e.parentPath, e.name));
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(source);
        const slash = text.lastIndexOf('/');
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        out.push({ where: `${relative(root, file)}:${line + 1}`, source: text.slice(1, slash), flags: text.slice(slash + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

it('every regex literal shipped in src/ passes the recheck ReDoS checker', () => {
  const literals = regexLiterals();
  expect(literals.length).toBeGreaterThan(100);
  const unsafe: string[] = [];
  for (const { where, source, flags } of literals) {
    const result = checkSync(source, flags.replace(/[gy]/g, ''), { timeout: 5000 });
    if (result.status === 'vulnerable') unsafe.push(`${where}: /${source}/${flags} (${result.complexity.type})`);
  }
  expect(unsafe, unsafe.join('\n')).toEqual([]);
}, 600_000);
