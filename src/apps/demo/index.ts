import { mkdir } from 'node:fs/promises';
import { DEMO_STEPS, type DemoContext, type DemoStep } from './steps.js';

export { DEMO_STEPS } from './steps.js';
export type { DemoContext, DemoStep } from './steps.js';

/**
 * Runs every demo step in order over the bundled data, printing what each produced and where.
 * Other apps' steps (which this app cannot import) are passed in by the CLI.
 *
 * @example
 * await runDemo({ dataDir: 'data/demo', outDir: 'out/demo', workers: 2 }, (line) => console.log(line));
 */
export async function runDemo(ctx: DemoContext, print: (line: string) => void, steps: readonly DemoStep[] = DEMO_STEPS): Promise<DemoReport[]> {
  await mkdir(ctx.outDir, { recursive: true });
  const reports: DemoReport[] = [];
  for (const [index, step] of steps.entries()) {
    print(`\n[${index + 1}/${steps.length}] ${step.title}`);
    const started = performance.now();
    const lines = await step.run(ctx);
    for (const line of lines) print(`    ${line}`);
    const seconds = (performance.now() - started) / 1000;
    print(`    (${seconds.toFixed(2)}s)`);
    reports.push({ step: step.title, lines, seconds: Math.round(seconds * 1000) / 1000 });
  }
  return reports;
}

export interface DemoReport {
  step: string;
  lines: string[];
  seconds: number;
}
