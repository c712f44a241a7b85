/**
 * Server-sent events, both directions, as the WHATWG spec defines them: lines end in \n, \r\n
 * or \r (a pair may be split across reads), `data:` lines join with \n, a blank line dispatches,
 * `:` starts a comment. Bytes may arrive split anywhere, even inside a UTF-8 character.
 */

export interface SseEvent {
  /** The `event:` field; undefined for the default `message` type. */
  event?: string;
  data: string;
  id?: string;
}

/** An event (or a line) larger than this is not a real API event: fail rather than grow. */
export const MAX_EVENT_CHARS = 8 * 1024 * 1024;

/**
 * Incremental SSE parser: feed byte chunks, get the events they complete.
 *
 * @example
 * const parser = new SseParser();
 * parser.push(new TextEncoder().encode('data: {"a":1}\n\nda'));  // [{ data: '{"a":1}' }]
 * parser.push(new TextEncoder().encode('ta: [DONE]\n\n'));        // [{ data: '[DONE]' }]
 */
export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  /** A chunk ended in \r: if the next one starts with \n, that \n belongs to the same line end. */
  private skipLf = false;
  private data: string[] = [];
  private dataChars = 0;
  private event: string | undefined;
  private id: string | undefined;

  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.skipLf) {
      this.skipLf = false;
      if (text.startsWith('\n')) text = text.slice(1);
    }
    const buffer = this.buffer.length === 0 ? text : this.buffer + text;
    const events: SseEvent[] = [];
    let start = 0;
    // The next \r is looked up only once passed: most streams have none, and a fresh search per
    // line would read the rest of the buffer each time.
    let cr = buffer.indexOf('\r');
    for (;;) {
      if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
      const lf = buffer.indexOf('\n', start);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (end === -1) break;
      const line = buffer.slice(start, end);
      start = end + 1;
      if (end === cr) {
        if (start === buffer.length) this.skipLf = true;
        else if (buffer.charCodeAt(start) === 0x0a) start++;
      }
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    if (this.buffer.length + this.dataChars > MAX_EVENT_CHARS) throw new Error(`SSE event larger than ${MAX_EVENT_CHARS} chars`);
    return events;
  }

  /** End of stream: a final event without its blank line is dispatched (lenient, as browsers are not). */
  end(): SseEvent[] {
    const events = this.push(this.decoder.decode());
    if (this.buffer.length > 0) {
      const event = this.line(this.buffer);
      this.buffer = '';
      if (event) events.push(event);
    }
    const last = this.line('');
    if (last) events.push(last);
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith('data: ')) {
      const value = line.slice(6);
      this.data.push(value);
      this.dataChars += value.length + 1;
      return undefined;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      this.data.push(value);
      this.dataChars += value.length + 1;
    } else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\u0000')) this.id = value;
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const hasData = this.data.length > 0;
    const event: SseEvent = { data: this.data.length === 1 ? this.data[0]! : this.data.join('\n') };
    if (this.event !== undefined) event.event = this.event;
    if (this.id !== undefined) event.id = this.id;
    this.data = [];
    this.dataChars = 0;
    this.event = undefined;
    // Per spec an event without data lines is not dispatched; the id persists (we do not need it).
    return hasData ? event : undefined;
  }
}

/**
 * Serialises one event. Multi-line data becomes several `data:` lines so that no newline in a
 * payload can end the event early or inject a field.
 *
 * @example
 * formatSse({ event: 'message_stop', data: '{"type":"message_stop"}' });
 * // 'event: message_stop\ndata: {"type":"message_stop"}\n\n'
 */
export function formatSse(event: SseEvent): string {
  let out = '';
  if (event.event !== undefined) out += `event: ${event.event.replace(/[\r\n]/g, '')}\n`;
  if (event.id !== undefined) out += `id: ${event.id.replace(/[\r\n]/g, '')}\n`;
  // JSON payloads hold no raw line breaks: one data line, no split.
  if (event.data.indexOf('\n') === -1 && event.data.indexOf('\r') === -1) return `${out}data: ${event.data}\n\n`;
  for (const line of event.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/**
 * Parses an async byte stream into SSE events.
 *
 * @example
 * for await (const event of sseEvents(response.body!)) console.log(event.data);
 */
export async function* sseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  for await (const chunk of body) yield* parser.push(chunk);
  yield* parser.end();
}
