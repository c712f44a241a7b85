import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/**
 * Redis for tests: the machine's server (127.0.0.1:6379 or WARDEN_TEST_REDIS_URL) with a key
 * prefix of the run's own, whose keys are deleted afterwards. An unreachable server FAILS the
 * tests with a message saying how to start one: tests never skip silently. No client library
 * is needed here: a few RESP commands over a socket.
 */
const REDIS_URL = new URL(process.env.WARDEN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const HOST = REDIS_URL.hostname;
const PORT = Number(REDIS_URL.port || 6379);

/** Sends one command and resolves to the first reply line (`+PONG`, `:3`, `-ERR ...`). */
export function redisCommand(args: readonly string[], timeoutMs = 3000): Promise<string> {
  const payload = `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port: PORT });
    let data = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no reply within ${timeoutMs} ms`)));
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      const end = data.indexOf('\r\n');
      if (end >= 0) {
        socket.end();
        resolve(data.slice(0, end));
      }
    });
    socket.on('error', (cause) => {
      const reason = cause instanceof AggregateError ? cause.errors.map((e: Error) => e.message).join('; ') : cause.message;
      reject(
        new Error(
          `Redis is not reachable at ${HOST}:${PORT} (${reason}). ` + 'Run `bash scripts/setup.sh --services` (as root) to install and start it.',
          { cause },
        ),
      );
    });
  });
}

/**
 * Checks the server answers PING and returns its URL with a fresh key prefix; the prefix's
 * keys are deleted after the file's last test.
 *
 * @example
 * const redis = useRedis();
 * it('queues', async () => { const queue = new Queue('q', { prefix: redis.prefix, connection: { url: redis.url } }); ... });
 */
export function useRedis(): { url: string; host: string; port: number; prefix: string } {
  const handle = { url: REDIS_URL.toString(), host: HOST, port: PORT, prefix: `warden_test:${process.pid}:${randomBytes(4).toString('hex')}` };
  beforeAll(async () => {
    const reply = await redisCommand(['PING']);
    if (reply !== '+PONG') throw new Error(`Redis at ${HOST}:${PORT} answered PING with "${reply}"`);
  });
  afterAll(async () => {
    // SCAN-free cleanup: test servers are small, and one Lua call deletes atomically.
    const script = "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) n = n + 1 end return n";
    await redisCommand(['EVAL', script, '0', `${handle.prefix}*`]);
  });
  return handle;
}
