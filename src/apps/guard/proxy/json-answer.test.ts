import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from './context.js';
import { readJudgedAnswer } from './json-answer.js';
import { UpstreamCall } from './upstream-call.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** An upstream that writes `parts` one per tick of `gapMs`, then ends after another gap; it records when it ended. */
async function upstream(parts: string[], gapMs: number): Promise<{ url: string; endedAt: () => number }> {
  let ended = 0;
  const server = createServer(function answer(req, res: ServerResponse) {
    req.resume();
    req.once('end', async () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (const part of parts) {
        res.write(part);
        await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
      ended = performance.now();
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/x`, endedAt: () => ended };
}

const outcome = (): Outcome => ({ blocked: false, shadow: false, would_block: false, risk_score: 0, findings: [], guard_ms: 0 });

async function read(url: string, judge: (answer: Record<string, unknown>) => Outcome) {
  const call = new UpstreamCall({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5000 });
  await call.start();
  return readJudgedAnswer(call, 1 << 20, judge);
}

describe('readJudgedAnswer', () => {
  it('judges a complete object before the response ends, once', async () => {
    const up = await upstream(['{"choices":[{"message":', '{"content":"hi"}}]}\n'], 30);
    const judgedAt: number[] = [];
    const result = await read(up.url, (answer) => {
      judgedAt.push(performance.now());
      expect(answer).toEqual({ choices: [{ message: { content: 'hi' } }] });
      return outcome();
    });
    expect(result).toMatchObject({ ok: true, text: '{"choices":[{"message":{"content":"hi"}}]}\n' });
    expect(judgedAt).toHaveLength(1);
    expect(judgedAt[0]!).toBeLessThan(up.endedAt());
  });

  it('a prefix that ends in a brace but is not whole is judged at the end, once', async () => {
    const up = await upstream(['{"a":{"b":1}', ',"c":2}'], 5);
    let calls = 0;
    const result = await read(up.url, (answer) => {
      calls++;
      expect(answer).toEqual({ a: { b: 1 }, c: 2 });
      return outcome();
    });
    expect(result.ok).toBe(true);
    expect(calls).toBe(1);
  });

  it('bytes after a complete object make the answer invalid, whitespace does not', async () => {
    const bad = await upstream(['{"a":1}', ' {"b":2}'], 5);
    expect(await read(bad.url, outcome)).toEqual({ ok: false, reason: 'upstream answered with invalid JSON' });
    const spaced = await upstream(['{"a":1}', ' \r\n\t'], 5);
    expect(await read(spaced.url, outcome)).toMatchObject({ ok: true, answer: { a: 1 } });
  });

  it('refuses invalid JSON and JSON that is not an object', async () => {
    expect(await read((await upstream(['{"a":'], 1)).url, outcome)).toEqual({ ok: false, reason: 'upstream answered with invalid JSON' });
    expect(await read((await upstream(['[1,2]'], 1)).url, outcome)).toEqual({ ok: false, reason: 'upstream answered with an unexpected JSON value' });
  });

  it('a judge that throws aborts the call and the error propagates', async () => {
    const up = await upstream(['{"a":1}', '\n'], 50);
    await expect(
      read(up.url, () => {
        throw new Error('guard broke');
      }),
    ).rejects.toThrow('guard broke');
  });
});
