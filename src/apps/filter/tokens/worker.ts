import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../../core/errors.js';
import type { InputPart } from '../../../io/parts.js';
import { loadTokenizer, type Tokenizer } from '../../../text/tokenizers/index.js';
import { countPart, type PartCount, type PartReadOptions } from './count-part.js';

/** Messages between the counting pool and a worker thread. */
export type ToCounter = { type: 'part'; index: number; part: InputPart } | { type: 'stop' };
export type FromCounter =
  | { type: 'ready' }
  | { type: 'progress'; index: number; bytes: number }
  | { type: 'done'; index: number; count: PartCount }
  | { type: 'error'; error: ReturnType<typeof serializeError> };

export interface CounterData extends PartReadOptions {
  tokenizer: string;
}

const port = parentPort!;
const data = workerData as CounterData;

async function main(): Promise<void> {
  let tokenizer: Tokenizer;
  try {
    // Loaded once per worker: parsing ranks or a tokenizer.json is the slow part of start-up.
    tokenizer = await loadTokenizer(data.tokenizer);
  } catch (error) {
    port.postMessage({ type: 'error', error: serializeError(error) } satisfies FromCounter);
    return;
  }
  port.on('message', async function onCounterMessage(message: ToCounter) {
    if (message.type === 'stop') {
      port.close();
      return;
    }
    try {
      const count = await countPart(message.part, tokenizer, data, (bytes) =>
        port.postMessage({ type: 'progress', index: message.index, bytes } satisfies FromCounter),
      );
      port.postMessage({ type: 'done', index: message.index, count } satisfies FromCounter);
    } catch (error) {
      port.postMessage({ type: 'error', error: serializeError(error) } satisfies FromCounter);
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromCounter);
}

void main();
