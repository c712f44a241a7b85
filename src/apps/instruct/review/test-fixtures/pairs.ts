/** Small instruction pairs for the review tests, shaped like `warden instruct classify` output. */
import { writeFile } from 'node:fs/promises';
import type { InstructionPair } from '../types.js';

export function pair(n: number, overrides: Partial<InstructionPair['metadata']> = {}, response?: string): InstructionPair {
  return {
    id: `nvd:CVE-2024-000${n}#vulnerability.explain`,
    instruction: `Explain CVE-2024-000${n}.`,
    response: response ?? `CVE-2024-000${n} is a cross-site scripting flaw in product ${n}. An attacker can run script in a victim's browser.`,
    metadata: {
      source: n % 2 === 0 ? 'nvd' : 'capec',
      kind: 'vulnerability',
      source_ids: [`nvd:CVE-2024-000${n}`],
      template: 'vulnerability.explain',
      seed: 42,
      domains: n % 2 === 0 ? ['web-security'] : ['ics', 'malware'],
      domain_scores: n % 2 === 0 ? { 'web-security': 0.9 } : { ics: 0.8, malware: 0.4 },
      score: n / 10,
      ...overrides,
    },
  };
}

export async function writePairs(path: string, pairs: InstructionPair[]): Promise<string> {
  await writeFile(path, pairs.map((p) => JSON.stringify(p)).join('\n') + '\n');
  return path;
}
