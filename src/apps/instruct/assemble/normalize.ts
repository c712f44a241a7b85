/**
 * Normalisation before deduplication: Unicode NFC, whitespace, and the artefacts prompt
 * templates leave behind (chat-template tokens, "### Response:" headers, unfilled
 * `{{placeholders}}`). Every pattern here is linear: no nested quantifiers.
 */
import { createHash } from 'node:crypto';

/** Chat-template special tokens models and templates leak into text. */
const SPECIAL_TOKENS = /<\|(?:im_start|im_end|endoftext|eot_id|start_header_id|end_header_id|begin_of_text|system|user|assistant)\|>|<\/?s>|\[\/?INST\]|<<\/?SYS>>/g;
/** A leading section header such as "### Instruction:", "Response:" or "Answer -". */
const LEADING_LABEL = /^(?:#{1,4}[ \t]*)?(?:instruction|input|question|response|answer|output)[ \t]*[:-][ \t]*/i;
/** An unfilled mustache placeholder: `{{ cve_id }}`. */
const PLACEHOLDER = /\{\{[ \t]*[\w.]{1,64}[ \t]*\}\}/g;
/** Control characters other than tab and newline; zero-width space, non-joiner, word joiner and BOM (not ZWJ, which emoji need). */
const CONTROL = /[^\P{Cc}\n\t]|[\u200b\u200c\u2060\ufeff]/gu;

/**
 * Normalises one text: NFC, CRLF → LF, control and zero-width characters removed, template
 * artefacts stripped, runs of spaces/tabs collapsed, trailing spaces and 3+ blank lines cut.
 *
 * @example
 * normalizeText('### Response:  The  CVE\r\n\r\n\r\n\r\nis  {{x}} fixed.<|im_end|>'); // 'The CVE\n\nis fixed.'
 */
export function normalizeText(text: string): string {
  let out = text.normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROL, '');
  out = out.replace(SPECIAL_TOKENS, '').replace(PLACEHOLDER, '');
  out = out.replace(/[ \t\u00a0]+/g, ' ');
  out = out
    .split('\n')
    .map(function trimLine(line) {
      return line.trim();
    })
    .join('\n');
  out = out.replace(/\n{3,}/g, '\n\n').trim();
  return out.replace(LEADING_LABEL, '').trim();
}

/**
 * The exact-duplicate key: sha256 of the normalised instruction and response (a NUL between
 * them, so moving words across the boundary gives another key).
 *
 * @example
 * exactKey('a', 'b') === exactKey('a', 'b'); // true
 */
export function exactKey(instruction: string, response: string): string {
  return createHash('sha256').update(instruction).update('\u0000').update(response).digest('hex');
}
