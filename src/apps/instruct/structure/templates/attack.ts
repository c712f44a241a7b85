import type { SourceRecord } from '../../types.js';
import { joinList, label, realCwes, trimSentences } from '../text.js';
import type { Template } from '../types.js';

/** `- M0801 Access Management: first sentence` lines, at most `max`. */
function mitigationLines(r: SourceRecord, max = 8): string {
  const items = (r.facts.mitigations ?? []).slice(0, max).map(function mitigationLine(m) {
    const head = m.id ? `${m.id} ${m.name}` : m.name;
    return m.description ? `- ${head}: ${trimSentences(m.description, 240, 1)}` : `- ${head}`;
  });
  const rest = (r.facts.mitigations ?? []).length - items.length;
  return items.join('\n') + (rest > 0 ? `\n- and ${rest} more in the source record` : '');
}

/** Templates for MITRE ATT&CK techniques (`kind: technique`). */
export const TECHNIQUE_TEMPLATES: readonly Template[] = [
  {
    id: 'technique.explain',
    kind: 'technique',
    style: 'explain',
    requires: ['description'],
    render: (r) => {
      const tactics = r.facts.tactics?.length ? ` ATT&CK places it under the ${joinList(r.facts.tactics)} tactic${r.facts.tactics.length > 1 ? 's' : ''}.` : '';
      return { instruction: `Explain the MITRE ATT&CK technique ${label(r)}.`, response: `${trimSentences(r.description)}${tactics}` };
    },
  },
  {
    id: 'technique.detection',
    kind: 'technique',
    style: 'detect-mitigate',
    requires: ['detection'],
    render: (r) => ({
      instruction: `How can defenders detect ${label(r)}?`,
      response: `ATT&CK's detection guidance for ${r.sourceId}: ${trimSentences(r.facts.detection!)}`,
    }),
  },
  {
    id: 'technique.mitigation',
    kind: 'technique',
    style: 'detect-mitigate',
    requires: ['mitigations'],
    render: (r) => ({
      instruction: `Which mitigations does ATT&CK recommend against ${label(r)}?`,
      response: `ATT&CK lists these mitigations for ${r.sourceId}:\n${mitigationLines(r)}`,
    }),
  },
  {
    id: 'technique.context',
    kind: 'technique',
    style: 'mapping',
    requires: ['tactics'],
    render: (r) => {
      const platforms = r.facts.platforms?.length ? ` It applies to these platforms: ${joinList(r.facts.platforms)}.` : '';
      const users = r.facts.usedBy?.length ? ` Groups and software known to use it: ${joinList(r.facts.usedBy)}.` : '';
      return {
        instruction: `Map ${label(r)} to its ATT&CK tactics, platforms and known users.`,
        response: `${r.sourceId} serves the ${joinList(r.facts.tactics ?? [])} tactic${(r.facts.tactics ?? []).length > 1 ? 's' : ''}.${platforms}${users}`,
      };
    },
  },
  {
    id: 'technique.executive',
    kind: 'technique',
    style: 'executive',
    requires: ['description'],
    render: (r) => ({
      instruction: `Summarise the ATT&CK technique ${r.sourceId} for a non-technical executive.`,
      response: `${r.title}: ${trimSentences(r.description, 280, 2)}`,
    }),
  },
];

/** Templates for CAPEC attack patterns (`kind: attack-pattern`). */
export const ATTACK_PATTERN_TEMPLATES: readonly Template[] = [
  {
    id: 'attack-pattern.explain',
    kind: 'attack-pattern',
    style: 'explain',
    requires: ['description'],
    render: (r) => ({ instruction: `Describe the attack pattern ${label(r)}.`, response: trimSentences(r.description) }),
  },
  {
    id: 'attack-pattern.prerequisites',
    kind: 'attack-pattern',
    style: 'facts',
    requires: ['prerequisites'],
    render: (r) => ({
      instruction: `What must be true for an attacker to carry out ${label(r)}?`,
      response: `CAPEC lists these prerequisites for ${r.sourceId}:\n${(r.facts.prerequisites ?? []).slice(0, 8).map((p) => `- ${trimSentences(p, 300)}`).join('\n')}`,
    }),
  },
  {
    id: 'attack-pattern.risk',
    kind: 'attack-pattern',
    style: 'severity',
    requires: [],
    anyOf: ['likelihood', 'severity'],
    render: (r) => {
      const { likelihood, severity } = r.facts;
      const rating = likelihood && severity
        ? `the likelihood of attack for ${r.sourceId} as ${likelihood} and its typical severity as ${severity}`
        : likelihood ? `the likelihood of attack for ${r.sourceId} as ${likelihood}` : `the typical severity of ${r.sourceId} as ${severity}`;
      return { instruction: `Assess the risk of the attack pattern ${label(r)}.`, response: `CAPEC rates ${rating}.` };
    },
  },
  {
    id: 'attack-pattern.weaknesses',
    kind: 'attack-pattern',
    style: 'mapping',
    requires: ['cwes'],
    render: (r) => ({
      instruction: `Which weaknesses (CWE) does the attack pattern ${r.sourceId} exploit?`,
      response: `CAPEC relates ${r.sourceId} to ${joinList(realCwes(r))}.`,
    }),
  },
  {
    id: 'attack-pattern.mitigation',
    kind: 'attack-pattern',
    style: 'detect-mitigate',
    requires: ['mitigations'],
    render: (r) => ({ instruction: `How can ${label(r)} be mitigated?`, response: `CAPEC's mitigations for ${r.sourceId}:\n${mitigationLines(r)}` }),
  },
];

/** Templates for CWE weaknesses (`kind: weakness`). */
export const WEAKNESS_TEMPLATES: readonly Template[] = [
  {
    id: 'weakness.explain',
    kind: 'weakness',
    style: 'explain',
    requires: ['description'],
    render: (r) => ({ instruction: `Explain the weakness ${label(r)}.`, response: `${r.sourceId}: ${trimSentences(r.description)}` }),
  },
  {
    id: 'weakness.mitigation',
    kind: 'weakness',
    style: 'detect-mitigate',
    requires: ['mitigations'],
    render: (r) => ({ instruction: `How do developers prevent ${label(r)}?`, response: `CWE's potential mitigations for ${r.sourceId}:\n${mitigationLines(r)}` }),
  },
  {
    id: 'weakness.likelihood',
    kind: 'weakness',
    style: 'severity',
    requires: ['likelihood'],
    render: (r) => ({
      instruction: `How likely is ${label(r)} to be exploited?`,
      response: `CWE gives the likelihood of exploit for ${r.sourceId} as ${r.facts.likelihood}.`,
    }),
  },
  {
    id: 'weakness.examples',
    kind: 'weakness',
    style: 'mapping',
    requires: ['cves'],
    render: (r) => ({
      instruction: `Name observed vulnerabilities that are examples of ${r.sourceId}.`,
      response: `The CWE entry for ${r.sourceId} cites ${joinList(r.facts.cves ?? [])} as observed examples.`,
    }),
  },
  {
    id: 'weakness.executive',
    kind: 'weakness',
    style: 'executive',
    requires: ['description'],
    render: (r) => ({ instruction: `In two sentences, tell a manager what ${r.sourceId} is.`, response: `${r.title}. ${trimSentences(r.description, 280, 2)}` }),
  },
];
