import { mkdir } from 'node:fs/promises';
import { DEMO_STEPS, type DemoContext } from './steps.js';

export type { DemoContext, DemoStep } from './steps.js';

/**
 * Runs every demo step in order over the bundled data, printing what each produced and where.
 *
 * @example
 * await runDemo({ dataDir: 'data/demo', outDir: 'out/demo', workers: 2 }, (line) => console.log(line));
 */
export async function runDemo(ctx: DemoContext, print: (line: string) => void): Promise<void> {
  await mkdir(ctx.outDir, { recursive: true });
  for (const [index, step] of DEMO_STEPS.entries()) {
    print(`\n[${index + 1}/${DEMO_STEPS.length}] ${step.title}`);
    const started = performance.now();
    for (const line of await step.run(ctx)) print(`    ${line}`);
    print(`    (${((performance.now() - started) / 1000).toFixed(2)}s)`);
  }
}
