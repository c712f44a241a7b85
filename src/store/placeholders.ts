/**
 * Rewrites `?` placeholders to PostgreSQL's `$1, $2, ...`, leaving alone any `?` inside
 * string literals ('...', E'...' with backslash escapes), quoted identifiers ("..."),
 * dollar-quoted bodies ($tag$...$tag$) and comments. PostgreSQL's jsonb `?` operators cannot
 * be written with this: use jsonb_exists() and friends instead.
 *
 * @example
 * toPgPlaceholders("SELECT * FROM t WHERE a = ? AND b = '?'"); // "SELECT * FROM t WHERE a = $1 AND b = '?'"
 */
export function toPgPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '?') {
      out += `$${++n}`;
      i++;
      continue;
    }
    const end = skipQuoted(sql, i);
    out += sql.slice(i, end);
    i = end;
  }
  return out;
}

/** Index just past the literal, identifier or comment starting at `i`; i + 1 for anything else. */
function skipQuoted(sql: string, i: number): number {
  const c = sql[i]!;
  if (c === "'") return skipString(sql, i, isEscapeString(sql, i));
  if (c === '"') return skipUntil(sql, i + 1, '"');
  if (c === '-' && sql[i + 1] === '-') return skipUntil(sql, i + 2, '\n');
  if (c === '/' && sql[i + 1] === '*') return skipUntil(sql, i + 2, '*/');
  if (c === '$') {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
    // `$1` is a parameter, not a tag; a tag cannot follow an identifier character.
    if (tag && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) return skipUntil(sql, i + tag[0].length, tag[0]);
  }
  return i + 1;
}

function isEscapeString(sql: string, quote: number): boolean {
  const prefix = sql[quote - 1];
  return (prefix === 'E' || prefix === 'e') && !/[A-Za-z0-9_]/.test(sql[quote - 2] ?? '');
}

function skipString(sql: string, start: number, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === "'" && sql[i + 1] === "'") i += 2;
    else if (c === "'") return i + 1;
    else i++;
  }
  return sql.length;
}

function skipUntil(sql: string, from: number, terminator: string): number {
  const at = sql.indexOf(terminator, from);
  return at < 0 ? sql.length : at + terminator.length;
}
