import { describe, expect, it } from 'vitest';
import { checkRow, DEFAULT_SCHEMA } from './schema.js';

const good = { text: 'Run ls', label: 'command', segment_type: 'text' };
const codes = (value: unknown, schema = DEFAULT_SCHEMA) => checkRow(value, schema).map((p) => p.code);

describe('checkRow', () => {
  it('accepts a valid row, with or without a language (null counts as absent)', () => {
    expect(codes(good)).toEqual([]);
    expect(codes({ ...good, language: 'en' })).toEqual([]);
    expect(codes({ ...good, language: 'pt-BR' })).toEqual([]);
    expect(codes({ ...good, language: null })).toEqual([]);
  });

  it('names each bad field', () => {
    expect(codes({ text: '  ', label: 'Command', segment_type: 'prose', language: 'english' })).toEqual(['field.text', 'field.label', 'field.segment', 'field.language']);
    expect(codes({ label: 'text', segment_type: 'code' })).toEqual(['field.text']);
    expect(codes({ text: 5, label: 'text', segment_type: 'code' })).toEqual(['field.text']);
    expect(checkRow({ ...good, label: 'x'.repeat(60) }, DEFAULT_SCHEMA)[0]!.message).toContain('…');
  });

  it('rejects non-objects', () => {
    expect(codes([1])).toEqual(['row.not-object']);
    expect(codes(null)).toEqual(['row.not-object']);
    expect(checkRow('x', DEFAULT_SCHEMA)[0]!.message).toBe('expected a JSON object, got string');
  });

  it('follows a custom schema: other field names and labels, optional fields off, extra fields flagged', () => {
    const schema = { ...DEFAULT_SCHEMA, textField: 'prompt', labelField: 'y', labels: ['safe', 'unsafe'], segmentField: undefined, languageField: undefined, extraFields: 'warning' as const };
    expect(codes({ prompt: 'hi', y: 'safe' }, schema)).toEqual([]);
    const extra = checkRow({ prompt: 'hi', y: 'safe', why: 'x' }, schema);
    expect(extra).toEqual([{ severity: 'warning', code: 'field.extra', message: 'fields outside the schema: why' }]);
    expect(codes({ prompt: 'hi', y: 'text' }, schema)).toEqual(['field.label']);
  });
});
