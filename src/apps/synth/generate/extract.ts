import { scanJsonlText } from '../artefacts.js';

/** An answer longer than this is cut before parsing (a model stuck in a loop). */
export const MAX_ANSWER_CHARS = 2_000_000;

export interface ExtractedRows {
  /** Parsed values in answer order, each with the 1-based answer line it started on. */
  rows: { line: number; value: unknown }[];
  /** Lines that looked like rows but were not valid JSON. */
  errors: { line: number; message: string }[];
}

/** "1. {", "2) {", "- {", "* {", "• {": list markers a model puts before rows. */
const LIST_MARKER = /^(\s*)(?:\d{1,4}[.):]|[-*•])[ \t]+(?=[{[])/;
const FENCE_LINE = /^(?:`{3,}|~{3,})[ \t]*[A-Za-z0-9_+-]*$/;

/**
 * Pulls JSON rows out of a model's answer, however it was wrapped: JSON lines with or without
 * code fences, prose before and after, numbered or bulleted lines, trailing commas, a JSON
 * array (on one line, pretty-printed, or as the whole answer), or an object holding one array
 * of rows (`{"rows": [...]}`). Values are returned as parsed; checking them is the caller's job.
 *
 * @example
 * extractRows('Here you go:\n```jsonl\n1. {"text":"a"},\n{"text":"b"}\n```\nEnjoy!').rows.length; // 2
 * extractRows('[{"text":"a"},{"text":"b"}]').rows.map((r) => r.line); // [1, 1]
 */
export function extractRows(answer: string): ExtractedRows {
  const text = answer.length > MAX_ANSWER_CHARS ? answer.slice(0, MAX_ANSWER_CHARS) : answer;
  const whole = wholeJson(text);
  if (whole) return { rows: whole.map((value) => ({ line: 1, value })), errors: [] };
  const lines = text.split('\n').map(function stripListMarker(line) {
    return line.replace(LIST_MARKER, '$1');
  });
  const scan = scanJsonlText(lines.join('\n'));
  return { rows: scan.rows.map((r) => ({ line: r.line, value: r.value })), errors: scan.errors };
}

/** The rows when the whole answer (inside one optional fence) is a JSON array or `{key: [rows]}`. */
function wholeJson(text: string): unknown[] | undefined {
  const body = insideOneFence(text.trim()).trim();
  if (!body.startsWith('[') && !body.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.values(value as Record<string, unknown>);
    // One object that is itself a row stays a row; a wrapper holds exactly one array of objects.
    if (entries.length === 1 && Array.isArray(entries[0]) && entries[0].every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) {
      return entries[0];
    }
    return [value];
  }
  return undefined;
}

/** The text between a first-line fence and a last-line fence, or the text itself. */
function insideOneFence(text: string): string {
  const first = text.indexOf('\n');
  const last = text.lastIndexOf('\n');
  if (first < 0 || last <= first) return text;
  if (!FENCE_LINE.test(text.slice(0, first).trim()) || !FENCE_LINE.test(text.slice(last + 1).trim())) return text;
  return text.slice(first + 1, last);
}
