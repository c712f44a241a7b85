import { Agent, request } from 'node:http';

/** One request's timings: first byte of the body, and last byte (the whole response read). */
export interface Timing {
  status: number;
  first_byte_ms: number;
  last_byte_ms: number;
  bytes: number;
}

/**
 * A client that sends one request at a time over one kept-alive connection and times it with
 * performance.now() (µs resolution), for latency comparisons where autocannon's whole-ms
 * histogram is too coarse.
 *
 * @example
 * const client = new TimedClient();
 * const t = await client.post('http://127.0.0.1:8080/v1/chat/completions', body, { authorization: 'Bearer sk-bench' });
 * client.close();
 */
export class TimedClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  post(url: string, body: string, headers: Record<string, string> = {}): Promise<Timing> {
    const payload = Buffer.from(body, 'utf8');
    return new Promise((resolve, reject) => {
      const started = performance.now();
      let first = 0;
      let bytes = 0;
      const req = request(
        url,
        { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers } },
        function onResponse(res) {
          res.on('data', function onData(chunk: Buffer) {
            if (bytes === 0) first = performance.now() - started;
            bytes += chunk.length;
          });
          res.on('end', function onEnd() {
            resolve({ status: res.statusCode ?? 0, first_byte_ms: first, last_byte_ms: performance.now() - started, bytes });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
