import { describe, expect, it } from 'vitest';
import { formatSse, SseParser, sseEvents, type SseEvent } from './sse.js';

const encode = (s: string) => new TextEncoder().encode(s);

function parseAll(pieces: (string | Uint8Array)[]): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  for (const piece of pieces) events.push(...parser.push(typeof piece === 'string' ? encode(piece) : piece));
  events.push(...parser.end());
  return events;
}

describe('SseParser', () => {
  const stream = 'event: message_start\ndata: {"type":"message_start"}\n\n: keep-alive comment\n\ndata: {"a":"h\u00e9llo \u{1F600}"}\n\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n';
  const expected: SseEvent[] = [{ event: 'message_start', data: '{"type":"message_start"}' }, { data: '{"a":"h\u00e9llo \u{1F600}"}' }, { data: 'line1\nline2' }, { data: '[DONE]' }];

  it('parses events, comments and multi-line data', () => {
    expect(parseAll([stream])).toEqual(expected);
  });

  it('gives the same events for a split at every byte boundary (inside lines and UTF-8 characters)', () => {
    const bytes = encode(stream);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parseAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
    }
  });

  it('gives the same events one byte at a time', () => {
    const bytes = encode(stream);
    expect(parseAll([...bytes].map((b) => Uint8Array.of(b)))).toEqual(expected);
  });

  it('accepts \\r\\n and \\r line ends, also with the pair split across reads', () => {
    const crlf = stream.replace(/\n/g, '\r\n');
    expect(parseAll([crlf])).toEqual(expected);
    const bytes = encode(crlf);
    for (let cut = 1; cut < bytes.length; cut++) expect(parseAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
    expect(parseAll([stream.replace(/\n/g, '\r')])).toEqual(expected);
  });

  it('handles "field:value" without a space, a bare field name, and an id', () => {
    expect(parseAll(['data:x\nid: 7\nevent:ping\ndata\n\n'])).toEqual([{ event: 'ping', data: 'x\n', id: '7' }]);
  });

  it('dispatches a final event that lacks its blank line at end of stream', () => {
    expect(parseAll(['data: {"x":1}'])).toEqual([{ data: '{"x":1}' }]);
  });

  it('refuses an event that grows without bound', () => {
    const parser = new SseParser();
    const line = `data: ${'x'.repeat(1024 * 1024)}\n`;
    expect(() => {
      for (let i = 0; i < 10; i++) parser.push(line);
    }).toThrow(/larger than/);
  });

  it('reads an async byte stream', async () => {
    async function* body() {
      yield encode('data: a\n');
      yield encode('\ndata: b\n\n');
    }
    const events: SseEvent[] = [];
    for await (const event of sseEvents(body())) events.push(event);
    expect(events).toEqual([{ data: 'a' }, { data: 'b' }]);
  });
});

describe('formatSse', () => {
  it('round-trips through the parser, newlines in data included', () => {
    const events: SseEvent[] = [{ event: 'content_block_delta', data: '{"t":"a"}' }, { data: 'two\nlines' }, { data: 'cr\rlf\r\n' }];
    const text = events.map(formatSse).join('');
    expect(parseAll([text])).toEqual([events[0], events[1], { data: 'cr\nlf\n' }]);
  });

  it('cannot be made to inject a field through the event name', () => {
    expect(formatSse({ event: 'x\ndata: injected', data: 'ok' })).toBe('event: xdata: injected\ndata: ok\n\n');
  });
});
