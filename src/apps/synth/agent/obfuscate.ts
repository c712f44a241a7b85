import type { WorkSpan } from '../dlp/edits.js';
import type { Rng } from '../dlp/prng.js';
import { applyObfuscation, fittingSpans, type MessageBounds } from '../dlp/scramble.js';
import type { Obfuscation } from '../dlp/types.js';

/**
 * The planned obfuscation, applied AFTER the placeholders are filled (the generator's own
 * scramble pass draws its kind at random; the agent's plan fixes it): one or two fitting values
 * are rewritten, or one value is cut across two messages of the thread (split), by the
 * generator's own applyObfuscation, which remaps every span and message bound so each span
 * covers its obfuscated text. Returns kind 'none' when no value fits.
 *
 * @example
 * obfuscate(rng, 'base64', 'mail a@b.io', [{ type: 'EMAIL', start: 5, end: 11 }], []).body; // 'mail YUBiLmlv'
 */
export function obfuscate(rng: Rng, kind: Obfuscation, body: string, spans: WorkSpan[], messages: MessageBounds[]): { kind: Obfuscation; body: string; spans: WorkSpan[] } {
  if (kind === 'none' || spans.length === 0) return { kind: 'none', body, spans };
  const pool = fittingSpans(kind, body, spans, messages);
  if (pool.length === 0) return { kind: 'none', body, spans };
  return applyObfuscation(rng, kind, body, spans, messages, pool);
}
