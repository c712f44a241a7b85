/**
 * Child process: the local OpenAI upstream for the proxy benchmark (test/upstreams/openai.ts,
 * the real wire format), answering every chat completion with the same clean 2 KB text, about one
 * token per SSE event when streaming. The request's `model` picks the pacing of a stream:
 * `bench-burst` writes all events at once (the proxy's own cost, nothing to hide it behind),
 * `bench-paced` writes 4 KB pieces cut anywhere (mid-line, mid-character) with a timer tick
 * between them, as a network delivers a real stream.
 *
 * Prints {"url": ...} on its first stdout line; stops on SIGTERM.
 */
import { startOpenAIUpstream } from '../../test/upstreams/openai.js';
import { completionText, tokenDeltas } from './bodies.js';

const deltas = tokenDeltas(completionText());
const upstream = await startOpenAIUpstream(function benchScenario(request) {
  const body = request.body as { model?: string };
  // Keep the recorded requests from piling up over thousands of calls.
  upstream.requests.length = 0;
  return { content: deltas, byteSplit: body.model === 'bench-paced' ? 4096 : Number.MAX_SAFE_INTEGER };
});
process.stdout.write(JSON.stringify({ url: upstream.url, baseURL: upstream.baseURL, deltas: deltas.length }) + '\n');
process.once('SIGTERM', function stop() {
  void upstream.close().then(() => process.exit(0));
});
