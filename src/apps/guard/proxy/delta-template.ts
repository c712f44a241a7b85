/**
 * Streamed text deltas of one answer are the same JSON event over and over with only the text
 * changed (`{"id":..., "choices":[{"index":0,"delta":{"content":"<text>"}, ...}]}`). A
 * DeltaTemplate learns that event once from a parsed one and then recognises its siblings by
 * comparing the bytes around the text, so each token costs a prefix and suffix comparison and
 * the parse of one short string instead of a JSON.parse of the whole event.
 *
 * Safe by construction: an event is taken only when it is exactly `prefix + S + suffix`, where
 * S alone parses as one JSON string. A JSON string literal is self-delimiting, so such an event
 * parses to the learned event with only that string different; anything else (another field,
 * logprobs, a finish reason, different whitespace) falls back to the full parse.
 */
export class DeltaTemplate {
  private prefix = '';
  private suffix = '';
  private learned = false;

  /**
   * Learns from an event whose `key` holds `value` in its last occurrence, after the caller
   * checked that the parsed event is a plain text delta. `check(probe)` must confirm that the
   * event with the text replaced by `probe` parses with `probe` in the expected place.
   * Returns whether the template was learned.
   *
   * @example
   * const t = new DeltaTemplate();
   * t.learn('{"i":0,"d":{"content":"Hi"}}', 'content', 'Hi', (data) => JSON.parse(data).d.content);
   * t.match('{"i":0,"d":{"content":" there"}}'); // ' there'
   */
  learn(data: string, key: string, value: string, check: (data: string) => unknown): boolean {
    const at = data.lastIndexOf(`"${key}"`);
    if (at === -1) return false;
    let start = at + key.length + 2;
    while (start < data.length && isJsonSpace(data.charCodeAt(start))) start++;
    if (data.charCodeAt(start) !== 0x3a /* : */) return false;
    start++;
    while (start < data.length && isJsonSpace(data.charCodeAt(start))) start++;
    if (data.charCodeAt(start) !== 0x22 /* " */) return false;
    const end = stringEnd(data, start);
    if (end === -1) return false;
    const prefix = data.slice(0, start);
    const suffix = data.slice(end);
    if (parseString(data.slice(start, end)) !== value) return false;
    const probe = '\u0000warden-probe\u0000';
    let checked: unknown;
    try {
      checked = check(prefix + JSON.stringify(probe) + suffix);
    } catch {
      return false;
    }
    if (checked !== probe) return false;
    this.prefix = prefix;
    this.suffix = suffix;
    this.learned = true;
    return true;
  }

  /** The text of an event built like the learned one, else undefined (parse it in full). */
  match(data: string): string | undefined {
    if (!this.learned) return undefined;
    const start = this.prefix.length;
    const end = data.length - this.suffix.length;
    // Slices compared with === (a memory compare): startsWith/endsWith with a non-constant
    // argument take a slow generic path on Node 20, several times the cost of the comparison.
    if (end - start < 2 || data.slice(0, start) !== this.prefix || data.slice(end) !== this.suffix) return undefined;
    if (data.charCodeAt(start) !== 0x22 || data.charCodeAt(end - 1) !== 0x22) return undefined;
    return parseString(data.slice(start, end));
  }
}

/** Index just past the closing quote of the JSON string starting at `start`, or -1. */
function stringEnd(data: string, start: number): number {
  for (let i = start + 1; i < data.length; i++) {
    const code = data.charCodeAt(i);
    if (code === 0x5c /* \ */) i++;
    else if (code === 0x22) return i + 1;
  }
  return -1;
}

/** `literal` as exactly one JSON string, else undefined. */
function parseString(literal: string): string | undefined {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
