// Enforces the layer order of the architecture guide: imports point down only, and the
// product apps never import each other (shared needs move down a layer).
// Rank, lowest first: core < text < ml < detect < io|store|llm < pipeline < apps < cli.
const layers = [
  ['core', []],
  ['text', ['core']],
  ['ml', ['core', 'text']],
  ['detect', ['core', 'text', 'ml']],
  ['io', ['core', 'text', 'ml', 'detect']],
  ['store', ['core', 'text', 'ml', 'detect']],
  ['llm', ['core', 'text', 'ml', 'detect', 'store']],
  ['pipeline', ['core', 'text', 'ml', 'detect', 'io', 'store', 'llm']],
  ['apps', ['core', 'text', 'ml', 'detect', 'io', 'store', 'llm', 'pipeline', 'apps']],
  ['cli', ['core', 'text', 'ml', 'detect', 'io', 'store', 'llm', 'pipeline', 'apps', 'cli']],
];
const all = layers.map(([name]) => name);

const layerRules = layers.map(([name, allowed]) => {
  const forbidden = all.filter((other) => other !== name && !allowed.includes(other));
  return {
    name: `layer-${name}`,
    comment: `src/${name} may import only ${allowed.join(', ') || 'nothing else in src'} (architecture guide layer order)`,
    severity: 'error',
    from: { path: `^src/${name}/` },
    to: { path: `^src/(${forbidden.join('|')})/` },
  };
}).filter((rule) => !rule.to.path.endsWith('()/'));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'apps-are-independent',
      comment: 'apps/* never import each other; move shared code down a layer',
      severity: 'error',
      from: { path: '^src/apps/([^/]+)/' },
      to: { path: '^src/apps/([^/]+)/', pathNot: '^src/apps/$1/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'tests-stay-out-of-production',
      comment: 'production code never imports a test file',
      severity: 'error',
      from: { pathNot: '\\.test\\.ts$' },
      to: { path: '\\.test\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
