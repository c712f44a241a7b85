/**
 * Reads prompt-generated JSONL the way an LLM actually writes it: rows wrapped in markdown
 * fences, a "jsonl" word on its own line, chatter before and after, a JSON array around the
 * rows, trailing commas, pretty-printed objects. Those artefacts are told apart from real bad
 * rows so `--fix` can strip only them; a line that is neither stays where it is as an error.
 */

export type ArtefactKind =
  | 'bom'
  | 'fence'
  | 'format-word'
  | 'prose'
  | 'array-open'
  | 'array-close'
  | 'trailing-comma'
  | 'array-line'
  | 'multi-line';

export interface Artefact {
  line: number;
  kind: ArtefactKind;
  message: string;
}

export interface ScannedRow {
  /** 1-based line where the row starts. */
  line: number;
  value: unknown;
  /** The row as one JSONL line: the input line untouched when possible. */
  raw: string;
}

export interface ParseError {
  line: number;
  message: string;
}

export interface ScannedFile {
  rows: ScannedRow[];
  artefacts: Artefact[];
  errors: ParseError[];
  /** The file with artefacts (and blank lines) removed; bad rows kept verbatim. */
  fixed: string;
}

/** A pretty-printed object longer than this is not followed (reported as an error instead). */
const MAX_OBJECT_LINES = 2000;

const FENCE = /^\s{0,3}(?:`{3,}|~{3,})(?:[ \t]*([A-Za-z0-9_+-]+))?\s*$/;
const FORMAT_WORD = /^(?:jsonl|json|ndjson|json lines)\s*:?$/i;
const ARRAY_CLOSE = /^\]\s*[,;]?$/;

/**
 * Splits JSONL text into rows, artefacts and parse errors (all with 1-based line numbers) and
 * builds the artefact-free text. Prose is an artefact only where it cannot be a broken row:
 * outside fences when the file uses fences, else before the first or after the last JSON line.
 *
 * @example
 * const scan = scanJsonlText('```jsonl\n{"text":"a"},\n```\n');
 * scan.rows.length; // 1
 * scan.artefacts.map((a) => a.kind); // ['fence', 'trailing-comma', 'fence']
 * scan.fixed; // '{"text":"a"}\n'
 */
export function scanJsonlText(text: string): ScannedFile {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const rows: ScannedRow[] = [];
  const artefacts: Artefact[] = [];
  const errors: ParseError[] = [];
  const out: string[] = [];
  const artefact = (line: number, kind: ArtefactKind, message: string): void => {
    artefacts.push({ line, kind, message });
  };

  const bodies = lines.map((raw) => (raw.endsWith('\r') ? raw.slice(0, -1) : raw));
  if (bodies[0]?.startsWith('\uFEFF')) {
    bodies[0] = bodies[0].slice(1);
    lines[0] = lines[0]!.slice(1);
    artefact(1, 'bom', 'byte-order mark at the start of the file');
  }
  const usesFences = bodies.some((b) => FENCE.test(b));
  let firstJson = -1;
  let lastJson = -1;
  bodies.forEach((b, i) => {
    if (isJsonish(b.trim())) {
      if (firstJson < 0) firstJson = i;
      lastJson = i;
    }
  });

  let inFence = false;
  for (let i = 0; i < bodies.length; i++) {
    const lineNo = i + 1;
    const trimmed = bodies[i]!.trim();
    if (trimmed === '') continue;
    const fence = FENCE.exec(bodies[i]!);
    if (fence) {
      // A fence with a language opens; a bare fence toggles (closes the open one, or opens).
      inFence = fence[1] ? true : !inFence;
      artefact(lineNo, 'fence', `markdown fence ${JSON.stringify(trimmed)}`);
      continue;
    }
    if (FORMAT_WORD.test(trimmed)) {
      artefact(lineNo, 'format-word', `stray ${JSON.stringify(trimmed)} line`);
      continue;
    }
    if (trimmed === '[') {
      artefact(lineNo, 'array-open', 'JSON array wrapper "["');
      continue;
    }
    if (ARRAY_CLOSE.test(trimmed)) {
      artefact(lineNo, 'array-close', `JSON array wrapper ${JSON.stringify(trimmed)}`);
      continue;
    }
    if (!isJsonish(trimmed)) {
      const chatter = usesFences ? !inFence : i < firstJson || i > lastJson || firstJson < 0;
      if (chatter && !/"\s*:/.test(trimmed)) {
        artefact(lineNo, 'prose', `prose line ${preview(trimmed)}`);
        continue;
      }
      errors.push({ line: lineNo, message: `not a JSON row: ${preview(trimmed)}` });
      out.push(lines[i]!);
      continue;
    }

    const whole = tryParse(trimmed);
    if (whole.ok) {
      if (Array.isArray(whole.value) && whole.value.every(isObject)) {
        artefact(lineNo, 'array-line', `JSON array of ${whole.value.length} row(s) on one line`);
        for (const value of whole.value) {
          const raw = JSON.stringify(value);
          rows.push({ line: lineNo, value, raw });
          out.push(raw);
        }
      } else {
        // Indentation (rows inside a pretty array) goes; the row's own bytes stay as written.
        const raw = trimmed === bodies[i] ? lines[i]! : trimmed;
        rows.push({ line: lineNo, value: whole.value, raw });
        out.push(raw);
      }
      continue;
    }

    const stripped = stripWrappers(trimmed);
    const single = stripped.kinds.length ? tryParse(stripped.text) : whole;
    if (single.ok && isObject(single.value)) {
      for (const kind of stripped.kinds) artefact(lineNo, kind, WRAPPER_MESSAGES[kind]);
      rows.push({ line: lineNo, value: single.value, raw: stripped.text });
      out.push(stripped.text);
      continue;
    }

    const open = depth(stripped.text);
    const end = open > 0 ? objectEnd(bodies, i, open) : -1;
    if (end > i) {
      const chunk = stripWrappers(bodies.slice(i, end + 1).join('\n').trim());
      const multi = tryParse(chunk.text);
      if (multi.ok && isObject(multi.value)) {
        for (const kind of chunk.kinds) artefact(lineNo, kind, WRAPPER_MESSAGES[kind]);
        artefact(lineNo, 'multi-line', `object spans lines ${lineNo}-${end + 1}`);
        const raw = JSON.stringify(multi.value);
        rows.push({ line: lineNo, value: multi.value, raw });
        out.push(raw);
      } else {
        errors.push({ line: lineNo, message: `invalid JSON in lines ${lineNo}-${end + 1}: ${multi.ok ? 'not an object' : multi.message}` });
        out.push(...lines.slice(i, end + 1));
      }
      i = end;
      continue;
    }
    errors.push({ line: lineNo, message: `invalid JSON: ${whole.message}` });
    out.push(lines[i]!);
  }
  return { rows, artefacts, errors, fixed: out.length ? out.join('\n') + '\n' : '' };
}

const WRAPPER_MESSAGES: Record<'array-open' | 'array-close' | 'trailing-comma', string> = {
  'array-open': 'JSON array wrapper "[" before the row',
  'array-close': 'JSON array wrapper "]" after the row',
  'trailing-comma': 'trailing comma after the row',
};

/** Peels a leading "[", a trailing "]" and trailing commas off a row, recording each. */
function stripWrappers(text: string): { text: string; kinds: ('array-open' | 'array-close' | 'trailing-comma')[] } {
  let s = text;
  const kinds: ('array-open' | 'array-close' | 'trailing-comma')[] = [];
  if (s.startsWith('[') && s.slice(1).trimStart().startsWith('{')) {
    s = s.slice(1).trimStart();
    kinds.push('array-open');
  }
  for (let round = 0; round < 2; round++) {
    if (s.endsWith(',')) {
      s = s.slice(0, -1).trimEnd();
      if (!kinds.includes('trailing-comma')) kinds.push('trailing-comma');
    }
    if (s.endsWith(']') && s.slice(0, -1).trimEnd().endsWith('}')) {
      s = s.slice(0, -1).trimEnd();
      kinds.push('array-close');
    }
  }
  return { text: s, kinds };
}

/**
 * The last line of a pretty-printed object whose first line (wrappers peeled) opened `open`
 * brackets, or -1 when it does not close before a fence, the end or MAX_OBJECT_LINES.
 */
function objectEnd(bodies: string[], start: number, open: number): number {
  let level = open;
  const last = Math.min(bodies.length, start + MAX_OBJECT_LINES);
  for (let j = start + 1; j < last; j++) {
    if (FENCE.test(bodies[j]!)) return -1;
    level += depth(bodies[j]!);
    if (level <= 0) return j;
  }
  return -1;
}

/** Net bracket depth of a line, ignoring brackets inside JSON strings (which never span lines). */
function depth(line: string): number {
  let level = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') level++;
    else if (c === '}' || c === ']') level--;
  }
  return level;
}

function isJsonish(trimmed: string): boolean {
  const c = trimmed[0];
  return c === '{' || c === '[' || c === '}' || c === '"';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

function preview(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
