import { invalid, objectAt, stringAt } from './hf-normalizer.js';

export interface AddedToken {
  id: number;
  content: string;
  singleWord: boolean;
  lstrip: boolean;
  rstrip: boolean;
  /** Matched in the normalized text (true) or the raw input (false). */
  normalized: boolean;
  special: boolean;
}

const WHITE = /^\p{White_Space}$/u;
const WORD_CHAR = /^[\p{L}\p{N}_]$/u;

/** Reads `added_tokens` of a tokenizer.json. */
export function parseAddedTokens(spec: unknown, file: string): AddedToken[] {
  if (spec === undefined || spec === null) return [];
  if (!Array.isArray(spec)) throw invalid(file, 'added_tokens must be a list');
  return spec.map((entry, i) => {
    const node = objectAt(entry, `added_tokens[${i}]`, file);
    const id = node.id;
    if (!Number.isInteger(id) || (id as number) < 0) throw invalid(file, `added_tokens[${i}].id must be a non-negative integer`);
    const content = stringAt(node.content, `added_tokens[${i}].content`, file);
    if (content.length === 0) throw invalid(file, `added_tokens[${i}].content is empty`);
    const special = node.special === true;
    return {
      id: id as number,
      content,
      singleWord: node.single_word === true,
      lstrip: node.lstrip === true,
      rstrip: node.rstrip === true,
      // Hugging Face's default: special tokens are matched on the raw text, others after normalization.
      normalized: typeof node.normalized === 'boolean' ? node.normalized : !special,
      special,
    };
  });
}

export type Segment = { text: string } | { id: number };

/**
 * Finds added tokens in text, leftmost-longest as Hugging Face does, honouring `single_word`
 * (no word character on either side) and `lstrip`/`rstrip` (the token swallows the whitespace
 * beside it).
 */
export class AddedTokenMatcher {
  private readonly re: RegExp | undefined;
  private readonly byContent: Map<string, AddedToken>;

  constructor(tokens: readonly AddedToken[]) {
    this.byContent = new Map(tokens.filter((t) => t.content.length > 0).map((t) => [t.content, t]));
    const contents = [...this.byContent.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    // Escaped literals in one alternation: linear, and longest-first gives leftmost-longest.
    this.re = contents.length ? new RegExp(contents.map(escape).join('|'), 'gu') : undefined;
  }

  get empty(): boolean {
    return this.re === undefined;
  }

  /** Splits text into plain segments and added-token ids. */
  split(text: string, onSegment: (segment: Segment) => void): void {
    const re = this.re;
    if (!re) {
      if (text) onSegment({ text });
      return;
    }
    re.lastIndex = 0;
    let last = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const token = this.byContent.get(m[0])!;
      let start = m.index;
      let end = start + m[0].length;
      if (token.singleWord && ((start > 0 && WORD_CHAR.test(text[start - 1]!)) || (end < text.length && WORD_CHAR.test(text[end]!)))) {
        re.lastIndex = start + 1;
        continue;
      }
      if (token.lstrip) while (start > last && WHITE.test(text[start - 1]!)) start--;
      if (token.rstrip) while (end < text.length && WHITE.test(text[end]!)) end++;
      if (start > last) onSegment({ text: text.slice(last, start) });
      onSegment({ id: token.id });
      last = end;
      re.lastIndex = end;
    }
    if (last < text.length) onSegment({ text: text.slice(last) });
  }
}

function escape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
