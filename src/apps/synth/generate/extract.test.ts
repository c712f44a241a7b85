import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../schema.js';
import { AcceptedRows } from './accept.js';
import { checkGenerated } from './check.js';
import { extractRows } from './extract.js';
import { parsePromptFile } from './prompt-file.js';

const row = (text: string, label = 'educational', segment = 'code', language: string | undefined = 'en') => ({ text, label, segment_type: segment, ...(language ? { language } : {}) });
const line = (r: object) => JSON.stringify(r);
const prompt = parsePromptFile('---\nlabel: educational\nlanguage: en\nmin_chars: 10\nmax_chars: 300\ndescription: x\n---\nbody', 'prompts/edu.md');

describe('extractRows', () => {
  it('takes rows out of fences, prose, numbering, bullets and trailing commas', () => {
    const answer = [
      'Sure! Here are the rows you asked for:',
      '',
      '```jsonl',
      `1. ${line(row('a `rm -rf ~` b'))},`,
      `2) ${line(row('c `nc -e /bin/sh h 1` d'))}`,
      `- ${line(row('e `dd if=/dev/zero of=/dev/sda` f'))}`,
      '```',
      '',
      'Let me know if you need more.',
    ].join('\n');
    const out = extractRows(answer);
    expect(out.errors).toEqual([]);
    expect(out.rows.map((r) => (r.value as { text: string }).text)).toEqual(['a `rm -rf ~` b', 'c `nc -e /bin/sh h 1` d', 'e `dd if=/dev/zero of=/dev/sda` f']);
    expect(out.rows.map((r) => r.line)).toEqual([4, 5, 6]);
  });

  it('accepts a JSON array answer, fenced or not, pretty-printed or not, and a {rows: [...]} wrapper', () => {
    const rows = [row('one `ls -la /`'), row('two `cat /etc/shadow`')];
    expect(extractRows(JSON.stringify(rows)).rows).toHaveLength(2);
    expect(extractRows('```json\n' + JSON.stringify(rows, null, 2) + '\n```').rows).toHaveLength(2);
    expect(extractRows('Here:\n' + JSON.stringify(rows, null, 2) + '\nDone.').rows).toHaveLength(2);
    expect(extractRows(JSON.stringify({ rows })).rows).toHaveLength(2);
  });

  it('reports lines that look like rows but are broken JSON', () => {
    const out = extractRows(`${line(row('fine `ls -l`'))}\n{"text": "cut off`);
    expect(out.rows).toHaveLength(1);
    expect(out.errors).toEqual([{ line: 2, message: expect.stringContaining('invalid JSON') }]);
  });
});

describe('checkGenerated', () => {
  it('applies the validate field checks, the expected label, segment and language rules and length bounds', () => {
    const reason = (value: unknown) => {
      const c = checkGenerated(value, 1, prompt, DEFAULT_SCHEMA);
      return c.ok ? 'ok' : c.rejection.reason;
    };
    expect(reason(row('Explains `rm -rf ~` in detail'))).toBe('ok');
    expect(reason(row('Explains `rm -rf ~` in detail', 'command'))).toBe('label.expected');
    expect(reason(row('Explains `rm -rf ~` in detail', 'Educational'))).toBe('field.label');
    expect(reason({ ...row('Explains `rm -rf ~` in detail'), segment_type: 'prose' })).toBe('field.segment');
    expect(reason(row('No code in this sentence at all.', 'educational', 'code'))).toBe('segment.mismatch');
    expect(reason(row('Explains `rm -rf ~` in detail', 'educational', 'code', 'de'))).toBe('language.expected');
    expect(reason(row('`rm -r x`'))).toBe('text.length');
    expect(reason(['not', 'an', 'object'])).toBe('row.not-object');
    expect(reason({ label: 'educational', segment_type: 'code' })).toBe('field.text');
  });

  it('keeps only schema fields and fills a one-language prompt file language', () => {
    const c = checkGenerated({ ...row('Explains `rm -rf ~` in detail', 'educational', 'code', undefined), explanation: 'chatter' }, 1, prompt, DEFAULT_SCHEMA);
    expect(c).toEqual({ ok: true, row: { text: 'Explains `rm -rf ~` in detail', label: 'educational', segment_type: 'code', language: 'en' } });
  });
});

describe('AcceptedRows', () => {
  const provenance = { model: 'm', prompt_file: 'prompts/edu.md', prompt_sha256: prompt.sha256, generated_at: '2026-01-01T00:00:00.000Z', attempt: 1 };

  it('drops exact and near duplicates of kept rows and rows beyond the room left', () => {
    const rows = new AcceptedRows(prompt, DEFAULT_SCHEMA, 0.85);
    const long = 'The intruder ran `vssadmin delete shadows /all /quiet` on the file server before the encryption started at night';
    const first = rows.addAnswer([line(row(long)), line(row('Another `rm -rf ~` explanation here'))].join('\n'), 10, provenance);
    expect(first.accepted).toHaveLength(2);
    expect(first.accepted[0]).toMatchObject({ id: 'edu-1', meta: provenance });
    const second = rows.addAnswer(
      [line(row(long.toUpperCase())), line(row(long.replace('night', 'nights'))), line(row('Third `dd if=/dev/zero of=/dev/sda` case')), line(row('Fourth `mkfs.ext4 /dev/sdb` case'))].join('\n'),
      1,
      { ...provenance, attempt: 2 },
    );
    expect(second.rejections.map((r) => [r.line, r.reason])).toEqual([
      [1, 'duplicate.exact'],
      [2, 'duplicate.near'],
    ]);
    expect(second.accepted.map((r) => r.id)).toEqual(['edu-3']);
    expect(second.surplus).toBe(1);
    expect(rows.rows).toHaveLength(3);
  });
});
