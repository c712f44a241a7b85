import { describe, expect, it } from 'vitest';
import { toPgPlaceholders } from './placeholders.js';

describe('toPgPlaceholders', () => {
  it('numbers ? in order', () => {
    expect(toPgPlaceholders('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)');
  });

  it('leaves ? inside literals, identifiers, comments and dollar quotes', () => {
    expect(toPgPlaceholders("SELECT '?', 'it''s ?', \"col?\", ? -- why?\n, ? /* ? */ FROM t")).toBe(
      "SELECT '?', 'it''s ?', \"col?\", $1 -- why?\n, $2 /* ? */ FROM t",
    );
    expect(toPgPlaceholders("SELECT $$ ? $$, $body$ it's ? $body$, ?")).toBe("SELECT $$ ? $$, $body$ it's ? $body$, $1");
  });

  it('handles E-strings with backslash escapes but not identifiers ending in e', () => {
    expect(toPgPlaceholders("SELECT E'a\\'?', ?")).toBe("SELECT E'a\\'?', $1");
    // `name'...'` is not an E-string: the backslash is literal and the quote ends the string.
    expect(toPgPlaceholders("SELECT name '\\', ?")).toBe("SELECT name '\\', $1");
  });

  it('does not treat $1-style parameters as dollar quotes', () => {
    expect(toPgPlaceholders('SELECT $1, ?')).toBe('SELECT $1, $1');
  });

  it('survives unterminated literals', () => {
    expect(toPgPlaceholders("SELECT 'open ?")).toBe("SELECT 'open ?");
  });
});
