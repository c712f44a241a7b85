import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on `entry`, a compiled `.js` module beside its caller. When Warden
 * runs from source (tests, `tsx`), the `.ts` sibling is loaded instead with tsx registered
 * inside the worker: Node 20 does not hand `--import` loaders to workers.
 *
 * @example
 * const worker = spawnWorker(new URL('./worker.js', import.meta.url), { seed: 42 });
 */
export function spawnWorker(entry: URL, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(entry, { workerData });
  const source = entry.href.replace(/\.js$/, '.ts');
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
