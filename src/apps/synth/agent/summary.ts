import { join } from 'node:path';
import { formatDistributions } from '../dlp/stats.js';
import type { AgentManifest } from './engine.js';

const counts = (c: Record<string, number>): string =>
  Object.entries(c).length === 0 ? 'none' : Object.entries(c).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');

/**
 * The end-of-run report of `warden synth dlp-agent`: records, rejects by reason, errors, usage
 * and cost, the validator's summary and the distributions.
 *
 * @example
 * process.stdout.write(formatAgentSummary(manifest, 'gen/run1'));
 */
export function formatAgentSummary(m: AgentManifest, dir: string): string {
  const lines = [
    `dlp-agent: ${m.records}/${m.requested} records in ${join(dir, 'records.jsonl')} (${m.status}, ${m.rounds} round(s), model ${m.model})`,
    `  rejected answers: ${counts(m.rejects)}`,
    `  request errors:   ${counts(m.errors)}`,
    `  usage: ${m.usage.answers} answers, ${m.usage.inputTokens} input + ${m.usage.outputTokens} output tokens, cost ${m.usage.costUsd === null ? 'n/a (model not in the price table)' : `$${m.usage.costUsd.toFixed(4)}`}`,
    `  validator: ${m.validation.problems} problem(s) in ${m.validation.records} record(s)${m.validation.problems > 0 ? ` (${counts(m.validation.byCode as Record<string, number>)}); see warden synth validate-dlp ${join(dir, 'records.jsonl')}` : ''}`,
  ];
  if (m.abandoned.length > 0) lines.push(`  abandoned after every attempt: ${m.abandoned.slice(0, 10).join(', ')}${m.abandoned.length > 10 ? ', ...' : ''}`);
  lines.push('distributions:', ...formatDistributions(m.distributions));
  return lines.join('\n') + '\n';
}
