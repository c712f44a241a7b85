import { mkdir } from 'node:fs/promises';
import { DEMO_STEPS, type DemoContext } from './steps.js';

export type { DemoContext, DemoStep } from './steps.js';

/**
 * Runs every demo step in order over the bundled data, printing what each produced and where.
 *
 * @example
 * await runDemo({ dataDir: 'data/demo', outDir: 'out/demo', workers: 2 }, (line) => console.log(line));
 */
export async function runDemo(ctx: DemoContext, print: (line: string) => void): Promise<DemoReport[]> {
  await mkdir(ctx.outDir, { recursive: true });
  const reports: DemoReport[] = [];
  for (const [index, step] of DEMO_STEPS.entries()) {
    print(`\n[${index + 1}/${DEMO_STEPS.length}] ${step.title}`);
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
