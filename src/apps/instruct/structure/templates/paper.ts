import { day, joinList, label, trimSentences } from '../text.js';
import type { Template } from '../types.js';

/** Templates for arXiv papers (`kind: paper`). */
export const PAPER_TEMPLATES: readonly Template[] = [
  {
    id: 'paper.summary',
    kind: 'paper',
    style: 'explain',
    requires: ['description'],
    render: (r) => ({ instruction: `Summarise the paper "${r.title}".`, response: trimSentences(r.description) }),
  },
  {
    id: 'paper.citation',
    kind: 'paper',
    style: 'facts',
    requires: ['authors'],
    render: (r) => {
      const when = r.published ? `, first submitted on ${day(r.published)}` : '';
      return {
        instruction: `Who wrote "${r.title}", and where can it be found?`,
        response: `"${r.title}" is by ${joinList(r.facts.authors ?? [], 6)}; it is arXiv paper ${r.sourceId}${when}.`,
      };
    },
  },
  {
    id: 'paper.topics',
    kind: 'paper',
    style: 'mapping',
    requires: ['categories'],
    render: (r) => ({
      instruction: `Which arXiv subject categories is "${r.title}" filed under?`,
      response: `arXiv ${r.sourceId} is filed under ${joinList(r.facts.categories ?? [])}.`,
    }),
  },
  {
    id: 'paper.executive',
    kind: 'paper',
    style: 'executive',
    requires: ['description'],
    render: (r) => ({ instruction: `In one sentence, what does the paper "${r.title}" contribute?`, response: trimSentences(r.description, 300, 1) }),
  },
];

/** Fallback for kinds without their own templates (group, software, mitigation) and any record with a description. */
export const GENERIC_TEMPLATES: readonly Template[] = [
  {
    id: 'generic.overview',
    kind: '*',
    style: 'explain',
    requires: ['description'],
    render: (r) => ({ instruction: `Describe the ${r.kind.replace('-', ' ')} ${label(r)}.`, response: trimSentences(r.description) }),
  },
];
