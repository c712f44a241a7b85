import type { GenerateManifest } from './manifest.js';

/**
 * A human summary of a run: one line per prompt file (rows kept of requested, status, rejections
 * by reason, re-prompts), the model chain and any switch, and usage.
 *
 * @example
 * process.stdout.write(formatSummary(manifest, 'gen/manifest.json'));
 */
export function formatSummary(manifest: GenerateManifest, manifestPath: string): string {
  const width = Math.max(4, ...manifest.prompts.map((p) => p.name.length));
  const lines = manifest.prompts.map(function promptLine(p) {
    const rejected = Object.entries(p.rejected).filter(([, n]) => (n ?? 0) > 0);
    const total = rejected.reduce((s, [, n]) => s + (n ?? 0), 0);
    const reasons = rejected.length ? `, rejected ${total} (${rejected.map(([r, n]) => `${r} ${n}`).join(', ')})` : '';
    const labels = p.labels.length > 1 ? ` [${Object.entries(p.label_counts).map(([l, n]) => `${l} ${n}`).join(', ')}]` : '';
    const error = p.error ? ` - ${p.error}` : '';
    return `  ${p.name.padEnd(width)}  ${String(p.accepted).padStart(4)}/${p.requested} ${p.status}${labels}${reasons}, re-prompts ${p.reprompts}${error}`;
  });
  const m = manifest.models;
  const switches = m.switches.map((s) => `\n  switched ${s.from} → ${s.to} (${s.reason}, prompt ${s.prompt}, ${s.at})`).join('');
  const u = manifest.usage;
  const cost = u.cost_usd === null ? 'cost unknown' : `$${u.cost_usd.toFixed(4)}`;
  const usage = `usage: ${u.requests} request(s), ${u.cache_hits} from cache, ${u.input_tokens} input / ${u.output_tokens} output tokens, ${cost}, ${u.tokens_per_s} tokens/s`;
  const short = manifest.prompts.filter((p) => p.status === 'short').length;
  const verdict =
    manifest.status === 'complete'
      ? 'every prompt file is complete'
      : manifest.status === 'short'
        ? `${short} prompt file(s) fell short of their samples after re-prompts`
        : `run ${manifest.status}${manifest.error ? `: ${manifest.error}` : ''}; re-run the same command to resume`;
  return `${lines.join('\n')}\nmodel: ${m.current} (chain ${m.chain.join(' → ')})${switches}\n${usage}\n${verdict}; manifest ${manifestPath}\n`;
}
