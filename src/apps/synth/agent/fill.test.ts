import { describe, expect, it } from 'vitest';
import { checkRecord } from '../dlp/check-record.js';
import { deobfuscate } from '../dlp/obfuscate.js';
import { canonicalValue, valueProblem } from '../dlp/values/index.js';
import { fillAnswer, placeholderValues } from './fill.js';
import type { AgentTask } from './plan.js';

const task = (over: Partial<AgentTask> = {}): AgentTask => ({
  index: 3,
  id: 'agent-000003',
  scenario: 'finance',
  channel: 'email',
  recipientClass: 'webmail',
  target: 'restricted',
  obfuscation: 'none',
  turns: 1,
  placeholders: ['PAN_1', 'NAME_1'],
  ...over,
});
const ctx = { seed: 42, model: 'm', attempt: 1 };
const answer = (texts: string[], extra: Record<string, unknown> = {}) => ({
  subject: 'Card refund',
  messages: texts.map((text, i) => ({ from: i % 2 === 0 ? 'sender' : 'recipient', text })),
  attachments: ['refund.pdf'],
  ...extra,
});
const codes = (out: ReturnType<typeof fillAnswer>): string[] => ('rejections' in out ? out.rejections.map((r) => r.code) : []);

describe('fillAnswer', () => {
  it('fills placeholders with valid seeded values at exact spans, repeated placeholders included', () => {
    const t = task();
    const out = fillAnswer(t, answer(['Hi {{NAME_1}}, the card {{PAN_1}} was charged twice; {{NAME_1}} asked for a refund.']), ctx);
    if (!('record' in out)) throw new Error(JSON.stringify(out.rejections));
    const r = out.record;
    const values = placeholderValues(t, 42);
    const pan = values.get('PAN_1')!.value;
    const name = values.get('NAME_1')!.value;
    expect(valueProblem('PAN', canonicalValue('PAN', pan))).toBeUndefined();
    expect(r.body).toBe(`Hi ${name}, the card ${pan} was charged twice; ${name} asked for a refund.`);
    expect(r.spans.map((s) => [s.type, r.body.slice(s.start, s.end)])).toEqual([['NAME', name], ['PAN', pan], ['NAME', name]]);
    expect(r.meta.planted).toHaveLength(3);
    expect(r.labels).toEqual({ sensitivity: 'restricted', exposure: 'external-unauthorised', context: 'finance', obfuscation: 'none' });
    expect(r.attachments[0]).toMatchObject({ name: 'refund.pdf', mime: 'application/pdf' });
    expect(checkRecord(r)).toEqual([]);
    // Same task, same answer: the same record, byte for byte.
    expect(JSON.stringify(fillAnswer(t, answer(['Hi {{NAME_1}}, the card {{PAN_1}} was charged twice; {{NAME_1}} asked for a refund.']), ctx))).toBe(JSON.stringify(out));
  });

  it('builds a thread with message bounds and a Re: subject', () => {
    const t = task({ turns: 3, channel: 'email' });
    const out = fillAnswer(t, answer(['Please refund {{PAN_1}}.', 'Done. Who asked?', 'It was {{NAME_1}}.']), ctx);
    if (!('record' in out)) throw new Error(JSON.stringify(out.rejections));
    const r = out.record;
    expect(r.subject).toBe('Re: Card refund');
    expect(r.thread!.messages).toHaveLength(3);
    for (const m of r.thread!.messages) expect(r.body.slice(m.start, m.end)).toMatch(/^\[2025-\d\d-\d\d \d\d:\d\d\] [a-z-]+: /);
    expect(r.body.slice(r.thread!.messages[2]!.start, r.thread!.messages[2]!.end)).toContain(placeholderValues(t, 42).get('NAME_1')!.value);
    expect(checkRecord(r)).toEqual([]);
  });

  it.each([
    ['base64', 'PAN_1'],
    ['homoglyph', 'NAME_1'],
    ['zero-width', 'PAN_1'],
    ['spelled-digits', 'PAN_1'],
    ['at-dot', 'EMAIL_1'],
    ['split', 'PAN_1'],
  ] as const)('applies %s after filling and remaps the spans onto the obfuscated text', (kind, placeholder) => {
    const t = task({ obfuscation: kind, turns: 2, placeholders: [placeholder] });
    const out = fillAnswer(t, answer([`Here it is: {{${placeholder}}}. Keep it safe.`, 'Thanks, got it.']), ctx);
    if (!('record' in out)) throw new Error(JSON.stringify(out.rejections));
    const r = out.record;
    expect(r.labels.obfuscation).toBe(kind);
    expect(r.meta.obfuscated.length).toBeGreaterThan(0);
    const { type, value } = placeholderValues(t, 42).get(placeholder)!;
    const text = kind === 'split' ? r.meta.splitGroups![0]!.map((i) => r.body.slice(r.spans[i]!.start, r.spans[i]!.end)).join('') : r.body.slice(r.spans[0]!.start, r.spans[0]!.end);
    if (kind !== 'split') expect(text).not.toBe(value);
    expect(canonicalValue(type, deobfuscate(kind, text)!)).toBe(canonicalValue(type, kind === 'split' ? value.replace(/[ -]/, '') : value));
    expect(checkRecord(r)).toEqual([]);
  });

  it('refuses answers that break the schema, with reasons', () => {
    expect(codes(fillAnswer(task(), { subject: 'x' }, ctx))).toEqual(['schema', 'schema']);
    expect(codes(fillAnswer(task(), 'just text', ctx))).toEqual(['schema']);
    const twoForOne = fillAnswer(task(), answer(['{{PAN_1}} {{NAME_1}}', 'and more']), ctx);
    expect('rejections' in twoForOne && twoForOne.rejections[0]!.message).toBe('messages holds 2 message(s); exactly 1 were asked for');
    expect(codes(fillAnswer(task(), answer(['{{PAN_1}} {{NAME_1}}'], { attachments: ['a', 'b', 'c', 'd'] }), ctx))).toEqual(['schema']);
  });

  it('refuses missing, unknown, misspelt, misplaced and glued placeholders', () => {
    expect(codes(fillAnswer(task(), answer(['Card {{PAN_1}} only.']), ctx))).toEqual(['placeholder.missing']);
    expect(codes(fillAnswer(task(), answer(['Card {{PAN_1}} for {{NAME_1}} and {{SSN_1}}.']), ctx))).toEqual(['placeholder.unknown']);
    expect(codes(fillAnswer(task(), answer(['Card {{PAN_1}} for {{NAME 1}}.']), ctx))).toEqual(['placeholder.malformed', 'placeholder.missing']);
    expect(codes(fillAnswer(task(), answer(['Card {{PAN_1}} for {{NAME_1}}.'], { subject: 'For {{NAME_1}}' }), ctx))).toEqual(['placeholder.outside']);
    expect(codes(fillAnswer(task(), answer(['Card{{PAN_1}} for {{NAME_1}}.']), ctx))).toContain('placeholder.glued');
  });

  it('refuses raw sensitive-looking values the model wrote itself, found by the detection engine, without quoting them', () => {
    const leaks = [
      'Card {{PAN_1}} for {{NAME_1}}; the old one was 4111 1111 1111 1111.',
      'Card {{PAN_1}} for {{NAME_1}}; write to jane.roe@example.com.',
      'Card {{PAN_1}} for {{NAME_1}}; key AKIAIOSFODNN7EXAMPLF is in the vault.',
    ];
    for (const text of leaks) {
      const out = fillAnswer(task(), answer([text]), ctx);
      expect(codes(out)).toContain('raw-value');
      if ('rejections' in out) for (const r of out.rejections) expect(r.message).not.toMatch(/4111 1111 1111 1111|jane\.roe@example\.com|AKIAIOSFODNN7EXAMPLF/);
    }
    expect(codes(fillAnswer(task(), answer(['Card {{PAN_1}} for {{NAME_1}}.'], { subject: 'SSN 512-44-7821 update' }), ctx))).toContain('raw-value');
  });
});
