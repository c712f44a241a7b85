import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { selectDetectors } from '../../detect/detectors.js';
import { redact } from '../../detect/redact.js';
import { scan } from '../../detect/scanner.js';
import { convert } from '../../io/convert.js';
import { defaultPreclassifier } from '../../ml/preclassifier.js';
import { datasetStats } from '../../io/stats.js';
import { runPipeline } from '../../pipeline/runner.js';
import { loadRunConfig, resolvePaths } from '../../pipeline/spec.js';
import { formatStatsTable } from '../../pipeline/stats.js';

export interface DemoContext {
  /** Folder with the bundled data (data/demo). */
  dataDir: string;
  /** Where everything is written (out/demo). */
  outDir: string;
  workers: number;
}

/** One step of `warden demo`; it returns the lines to print. Later capabilities append steps. */
export interface DemoStep {
  title: string;
  run(ctx: DemoContext): Promise<string[]>;
}

export const DEMO_STEPS: DemoStep[] = [
  {
    title: 'Record I/O: JSONL → Parquet and → Hugging Face save_to_disk layout',
    async run({ dataDir, outDir }) {
      const fields = { text: 'text', id: 'id' };
      const input = join(dataDir, 'corpus.jsonl');
      const parquet = await convert({ inputs: [input], output: join(outDir, 'corpus.parquet'), fields, onError: 'fail' });
      const hf = await convert({ inputs: [input], output: join(outDir, 'corpus_hf'), fields, onError: 'fail' });
      return [`${parquet.rows} rows → ${parquet.output}`, `${hf.rows} rows → ${hf.output} (${hf.files.length} Arrow shard, dataset_info.json, state.json)`];
    },
  },
  {
    title: 'Pipeline: text-stats → length-filter over the HF folder, resumable run directory',
    async run({ dataDir, outDir, workers }) {
      const config = await loadRunConfig(join(dataDir, 'pipeline.yaml'));
      const runConfig = resolvePaths({ ...config, output: join(outDir, 'run'), input: [join(outDir, 'corpus_hf')], workers, part_size_mb: 1 }, outDir);
      const result = await runPipeline(runConfig, { force: true, progress: false });
      const stats = await datasetStats([join(result.runDir, 'output')]);
      return [
        ...formatStatsTable(result.stats).split('\n'),
        `kept ${stats.rows} of ${result.stats.read.records} records → ${join(result.runDir, 'output')}`,
        `dropped records with reasons → ${join(result.runDir, 'dropped')}/; manifest → ${join(result.runDir, 'manifest.json')}`,
      ];
    },
  },
  {
    title: 'Detection engine: scan 14 LLM responses (secrets, PII, commands, URLs, exfiltration; obfuscation included)',
    async run({ dataDir, outDir }) {
      const lines: string[] = [];
      const detectors = selectDetectors();
      const preclassifier = await defaultPreclassifier();
      const reportLines: string[] = [];
      for (const line of (await readFile(join(dataDir, 'responses.jsonl'), 'utf8')).trim().split('\n')) {
        const { id, text } = JSON.parse(line) as { id: string; text: string };
        const { findings } = scan(text, { detectors, preclassifier });
        reportLines.push(JSON.stringify({ id, findings }));
        const summary = findings.length
          ? findings.map((f) => `${f.rule}${f.views.length ? ` (via ${f.views.join('+')})` : ''}${f.intent ? ` [${f.intent.label} ${(f.intent.probs[f.intent.label] ?? 0).toFixed(2)}]` : ''}`).join(', ')
          : 'clean';
        lines.push(`${id}: ${summary}`);
        if (id === 'r05') {
          const { text: redacted } = redact(text, findings, () => ({ type: 'redact' }));
          lines.push(`     redacted: ${JSON.stringify(redacted.slice(redacted.indexOf('aws_access')))}`);
        }
      }
      await writeFileAtomic(join(outDir, 'scan.jsonl'), reportLines.join('\n') + '\n');
      lines.push(`[educational|command|text p]: the pre-classifier's reading of each command finding (${preclassifier.manifest.name}@${preclassifier.manifest.version})`);
      lines.push(`one line per response with findings (masked previews, salted hashes) → ${join(outDir, 'scan.jsonl')}`);
      return lines;
    },
  },
];
