/**
 * A structure worker thread: parses, validates and templates the lines of each chunk it is
 * sent, in order, and answers with the pairs serialised (see `structureInWorkers`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../../core/errors.js';
import { parseLine } from '../json-lines.js';
import { parseSourceRecord } from './read.js';
import { structureRecord, type StructureOptions } from './structure-record.js';
import type { FromStructureWorker, StructuredLines, ToStructureWorker } from './worker-messages.js';

const port = parentPort!;
const options = workerData as StructureOptions;

port.on('message', function onChunk(message: ToStructureWorker) {
  if (message.type === 'stop') {
    port.close();
    return;
  }
  try {
    const results = message.texts.map((text, i): StructuredLines => {
      const line = message.lines[i]!;
      const where = `${message.path}:${line}`;
      const record = parseSourceRecord(parseLine({ text, line, where }), where);
      let ungrounded = 0;
      const pairs = structureRecord(record, options, () => ungrounded++);
      return { id: record.id, kind: record.kind, lines: pairs.map((p) => JSON.stringify(p) + '\n').join(''), templates: pairs.map((p) => p.metadata.template), ungrounded };
    });
    port.postMessage({ type: 'done', seq: message.seq, results } satisfies FromStructureWorker);
  } catch (error) {
    port.postMessage({ type: 'error', seq: message.seq, error: serializeError(error) } satisfies FromStructureWorker);
  }
});
