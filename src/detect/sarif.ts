import type { Finding, Severity } from './finding.js';

export interface SarifInput {
  /** Artifact URI (relative path) and the findings in it, with 1-based positions. */
  artifacts: { uri: string; findings: (Finding & { line: number; column: number; endLine: number; endColumn: number })[] }[];
  version: string;
}

const LEVEL: Record<Severity, 'note' | 'warning' | 'error'> = { low: 'note', medium: 'warning', high: 'error', critical: 'error' };

/**
 * A SARIF 2.1.0 log (validated against the OASIS schema in the test suite). Results carry the
 * masked preview and the salted hash as a partial fingerprint, never the matched value.
 */
export function toSarif(input: SarifInput): object {
  const rules = new Map<string, Finding>();
  for (const artifact of input.artifacts) for (const f of artifact.findings) if (!rules.has(f.rule)) rules.set(f.rule, f);
  const ruleIds = [...rules.keys()].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'warden',
            version: input.version,
            informationUri: 'https://github.com/warden/warden',
            rules: ruleIds.map((id) => {
              const f = rules.get(id)!;
              return {
                id,
                name: id.replace(/[^A-Za-z0-9]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()).replace(/ /g, ''),
                shortDescription: { text: f.message },
                defaultConfiguration: { level: LEVEL[f.severity] },
                properties: { tags: [f.detector, f.category, ...(f.attack ? [f.attack] : [])], 'security-severity': securitySeverity(f.severity) },
              };
            }),
          },
        },
        results: input.artifacts.flatMap((artifact) =>
          artifact.findings.map((f) => ({
            ruleId: f.rule,
            ruleIndex: ruleIds.indexOf(f.rule),
            level: LEVEL[f.severity],
            message: { text: `${f.message} (${f.preview})` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: artifact.uri },
                  region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn, charOffset: f.start, charLength: f.end - f.start },
                },
              },
            ],
            partialFingerprints: { 'wardenValueHash/v1': f.hash },
            properties: { score: f.score, category: f.category, views: f.views, ...(f.attack ? { attack: f.attack } : {}) },
          })),
        ),
      },
    ],
  };
}

function securitySeverity(severity: Severity): string {
  return { low: '3.0', medium: '5.5', high: '8.0', critical: '9.5' }[severity];
}
