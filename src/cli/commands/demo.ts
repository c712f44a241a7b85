import { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_STEPS, runDemo } from '../../apps/demo/index.js';
import { filterDemoStep } from '../../apps/filter/demo.js';
import { guardDemoStep } from '../../apps/guard/demo.js';
import { instructDemoStep } from '../../apps/instruct/demo.js';
import { addGlobalFlags, examples, parseIntFlag, type GlobalFlags } from '../common.js';

const bundledData = fileURLToPath(new URL('../../../data/demo', import.meta.url));

export function demoCommand(): Command {
  const command = new Command('demo')
    .summary('end-to-end demo on the bundled data (what `npm start` runs)')
    .description('Runs every capability on small bundled data, offline, and prints what it produced and where.')
    .option('-o, --output <dir>', 'where to write', 'out/demo')
    .option('-w, --workers <n>', 'worker threads for pipeline steps', parseIntFlag('--workers'), Math.min(2, availableParallelism()));
  addGlobalFlags(command);
  examples(command, ['warden demo', 'warden demo --output /tmp/warden-demo --workers 1']);
  return command.action(async function demoAction(flags: GlobalFlags & { output: string; workers: number }) {
    const outDir = resolve(flags.output);
    const print = flags.json ? () => undefined : (line: string) => process.stdout.write(`${line}\n`);
    print(`Warden demo: bundled data in ${bundledData}, writing under ${outDir}`);
    const reports = await runDemo({ dataDir: bundledData, outDir, workers: flags.workers }, print, [...DEMO_STEPS, guardDemoStep, filterDemoStep, instructDemoStep]);
    print(`\nDone. Everything above is under ${outDir}.`);
    if (flags.json) process.stdout.write(JSON.stringify({ output: outDir, steps: reports }) + '\n');
  });
}
