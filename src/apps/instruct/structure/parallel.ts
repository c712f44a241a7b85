/**
 * The structure stage on worker threads: the main thread splits the JSONL into lines, workers
 * parse, validate and template chunks of them and send the pairs back serialised, and the
 * results come back in input order, so the output does not depend on the number of workers.
 */
import type { Worker } from 'node:worker_threads';
import { WardenError, deserializeError } from '../../../core/errors.js';
import { spawnWorker } from '../../../core/worker.js';
import { textLines } from '../json-lines.js';
import { MAX_RECORD_BYTES } from './read.js';
import type { StructureOptions } from './structure-record.js';
import type { FromStructureWorker, StructuredLines, ToStructureWorker } from './worker-messages.js';

export type { StructuredLines } from './worker-messages.js';


/** Records sent to a worker at a time: large enough to amortise the message, small enough to keep both busy. */
const CHUNK_RECORDS = 256;

/**
 * Yields every record of `input` with its pairs, in input order, templated on `workers`
 * threads. At most two chunks per worker are in flight, so memory stays bounded. The first
 * error (a bad line, with `file:line`) stops the workers and is rethrown.
 *
 * @example
 * for await (const { record, pairs } of structureInWorkers('records.jsonl', { seed: 42, templatesPerRecord: 2 }, 2)) console.log(record.id, pairs.length);
 */
export async function* structureInWorkers(input: string, options: StructureOptions, workers: number): AsyncGenerator<StructuredLines> {
  const threads: Worker[] = [];
  const waiting = new Map<number, { resolve: (results: StructuredLines[]) => void; reject: (error: Error) => void }>();
  // A thread that dies fails every chunk still owed; a bad line fails only its own chunk, so
  // the consumer, awaiting chunks in order, meets the earliest bad line whatever thread was faster.
  let failure: Error | undefined;
  const failAll = (error: Error): void => {
    failure ??= error;
    for (const pending of waiting.values()) pending.reject(failure);
    waiting.clear();
  };
  for (let i = 0; i < workers; i++) {
    const thread = spawnWorker(new URL('./worker.js', import.meta.url), { seed: options.seed, templatesPerRecord: options.templatesPerRecord } satisfies StructureOptions);
    thread.on('message', function onReply(message: FromStructureWorker) {
      const pending = waiting.get(message.seq);
      waiting.delete(message.seq);
      if (message.type === 'error') pending?.reject(deserializeError(message.error));
      else pending?.resolve(message.results);
    });
    thread.on('error', (error) => failAll(new WardenError('W_RUN_WORKER', `structure worker ${i} crashed: ${error.message}`, { cause: error })));
    thread.on('exit', (code) => {
      if (code !== 0) failAll(new WardenError('W_RUN_WORKER', `structure worker ${i} exited with code ${code}`));
    });
    threads.push(thread);
  }
  let seq = 0;
  const submit = (texts: string[], lines: number[]): Promise<StructuredLines[]> => {
    const id = seq++;
    const reply = new Promise<StructuredLines[]>((resolve, reject) => {
      if (failure) reject(failure);
      else waiting.set(id, { resolve, reject });
    });
    threads[id % threads.length]!.postMessage({ type: 'chunk', seq: id, texts, lines, path: input } satisfies ToStructureWorker);
    // Rejections are taken when the chunk's turn comes; until then they must not count as unhandled.
    reply.catch(() => undefined);
    return reply;
  };
  const inFlight: Promise<StructuredLines[]>[] = [];
  try {
    let texts: string[] = [];
    let lines: number[] = [];
    for await (const { text, line } of textLines(input, { maxLineBytes: MAX_RECORD_BYTES })) {
      texts.push(text);
      lines.push(line);
      if (texts.length < CHUNK_RECORDS) continue;
      inFlight.push(submit(texts, lines));
      texts = [];
      lines = [];
      if (inFlight.length >= 2 * workers) yield* await inFlight.shift()!;
    }
    if (texts.length > 0) inFlight.push(submit(texts, lines));
    while (inFlight.length > 0) yield* await inFlight.shift()!;
  } finally {
    for (const thread of threads) {
      thread.removeAllListeners('exit');
      void thread.terminate();
    }
  }
}
