import { execFile } from 'node:child_process';
import { chmod, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useCliCapture } from '../../../test/cli.js';
import { useTempDir } from '../../../test/helpers.js';
import { getItem, openReviewStore } from '../../apps/instruct/review/index.js';
import { pair, writePairs } from '../../apps/instruct/review/test-fixtures/pairs.js';

const root = join(import.meta.dirname, '../../..');
const driver = join(root, 'src/apps/instruct/review/test-fixtures/pty-driver.py');
let dir: string;
useTempDir((path) => (dir = path));
const io = useCliCapture(['instruct', 'review']);
const ID = (n: number) => pair(n).id;

// eslint-disable-next-line no-control-regex -- strips the UI's ANSI escapes to read the screen text
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r+\n/g, '\n');

type Step = { expect: string; timeout?: number } | { send: string } | { resize: [number, number] } | { signal: string } | { sleep: number };

/** Runs `warden instruct review ...args` under a real pseudo-terminal (80x24) and plays `steps`. */
async function pty(steps: Step[], args: string[], env: Record<string, string> = {}): Promise<{ code: number; screen: string; failed: unknown }> {
  const stepsFile = join(dir, `steps-${Date.now()}.json`);
  await writeFile(stepsFile, JSON.stringify(steps));
  const { stdout } = await promisify(execFile)('python3', [driver, stepsFile, '24', '80', '--', process.execPath, '--import', 'tsx', join(root, 'src/cli/main.ts'), 'instruct', 'review', ...args], {
    cwd: root,
    env: { ...process.env, TERM: 'xterm', VISUAL: '', WARDEN_REVIEWER: '', ...env },
    maxBuffer: 64 << 20,
  });
  const result = JSON.parse(stdout) as { code: number; output: string; failed: unknown };
  return { code: result.code, screen: stripAnsi(result.output), failed: result.failed };
}

describe('warden instruct review (batch and export)', () => {
  it('loads, auto-approves above the score, writes reviewed pairs and exports decisions', async () => {
    const input = await writePairs(join(dir, 'classified.jsonl'), [1, 2, 3, 4, 5, 6, 7, 8].map((n) => pair(n)));
    const out = join(dir, 'run', 'reviewed.jsonl');
    expect(await io.cli('-i', input, '-o', out, '--auto-approve-above', '0.5', '--no-ui', '--reviewer', 'ci', '--json')).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ total: 8, approved: 3, pending: 5, autoApproved: 3, written: 3, load: { added: 8 } });
    const written = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; metadata: { review: { reviewer: string } } });
    expect(written.map((p) => [p.id, p.metadata.review.reviewer])).toEqual([6, 7, 8].map((n) => [ID(n), 'auto']));
    expect((await readdir(join(dir, 'run'))).sort()).toEqual(['instruct.db', 'reviewed.jsonl']);

    io.out = '';
    expect(await io.cli('export', '-o', join(dir, 'run', 'decisions.csv'))).toBe(0);
    expect(io.out).toBe(`exported 8 decisions -> ${join(dir, 'run', 'decisions.csv')} (csv)\n`);
    const csv = (await readFile(join(dir, 'run', 'decisions.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(9);
    expect(csv[6]).toMatch(new RegExp(`^${ID(6).replace(/[.#]/g, '\\$&')},approved,auto,20`));
    expect(await io.cli('export', '--db', `sqlite:${join(dir, 'run', 'instruct.db')}`, '-o', join(dir, 'log.jsonl'), '--log', '--quiet')).toBe(0);
    expect((await readFile(join(dir, 'log.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(3);
  });

  it('refuses the UI without a terminal, and bad flags, with exit 2 and a pointer to the fix', async () => {
    const input = await writePairs(join(dir, 'p.jsonl'), [pair(1)]);
    expect(await io.cli('-i', input, '-o', join(dir, 'r.jsonl'), '--reviewer', 'alice')).toBe(2);
    expect(io.err).toContain('the review UI needs a terminal on stdin: use --no-ui (with --auto-approve-above SCORE)');
    expect(await io.cli('-i', input, '-o', join(dir, 'r.jsonl'), '--no-ui', '--reviewer', 'auto')).toBe(2);
    expect(io.err).toContain('reserved for --auto-approve-above');
    expect(await io.cli('-i', input, '-o', join(dir, 'r.jsonl'), '--no-ui', '--reviewer', 'a b')).toBe(2);
    expect(await io.cli('-i', input, '-o', join(dir, 'r.jsonl'), '--no-ui', '--auto-approve-above', '1.5')).toBe(2);
    expect(io.err).toContain('--auto-approve-above must be a number from 0 to 1');
    expect(await io.cli('export', '-o', join(dir, 'd.txt'), '--format', 'xml')).toBe(2);
    expect(io.err).toContain('--format must be one of jsonl, csv');
  });
});

describe('warden instruct review (terminal UI under a pseudo-terminal)', () => {
  it('approves, rejects, undoes, notes, edits in $EDITOR, rates, resizes, quits, and resumes', { timeout: 120_000 }, async () => {
    const input = await writePairs(join(dir, 'classified.jsonl'), [1, 2, 3, 4, 5].map((n) => pair(n)));
    const out = join(dir, 'reviewed.jsonl');
    // The editor breaks the file the first time (the edit must be refused, the text kept), then writes a valid edit.
    const editor = join(dir, 'editor.sh');
    await writeFile(
      editor,
      `#!/bin/sh\nif [ ! -f "${dir}/edited-once" ]; then touch "${dir}/edited-once"; echo "no headers any more" > "$1"; exit 0; fi\n` +
        `printf '=== instruction ===\\nExplain it briefly.\\n=== response ===\\nA short, edited answer.\\n=== domains ===\\nweb-security, cloud\\n' > "$1"\n`,
    );
    await chmod(editor, 0o755);
    const first = await pty(
      [
        { expect: '[1/5]' },
        { send: 'a' },
        { expect: `approved ${ID(1)}` },
        { send: 'r' },
        { expect: `rejected ${ID(2)}` },
        { send: 'u' },
        { expect: `undid reject of ${ID(2)}` },
        { send: 'nchecked against NVD\r' },
        { expect: 'note saved' },
        { send: 'e' },
        { expect: 'edit not saved: missing section header' },
        { send: 'e' },
        { expect: 'edit saved (domains, instruction, response)' },
        { send: 'Rr4' },
        { expect: 'relevance rated 4' },
        { resize: [30, 100] },
        { expect: '\u2500'.repeat(100) },
        { send: '?' },
        { expect: 'Press any key to return.' },
        { send: 'x' },
        { send: 'q' },
        { expect: '6 actions this session' },
      ],
      ['-i', input, '-o', out, '--reviewer', 'alice'],
      { EDITOR: editor },
    );
    expect(first.failed).toBeNull();
    expect(first.code).toBe(0);
    expect(first.screen).toContain("warden review  [1/5]  reviewer: alice  id: nvd:CVE-2024-0001#vuln");
    expect(first.screen).toContain('status: PENDING  EDITED  source: nvd');
    expect(first.screen).toContain('INSTRUCTION\nExplain it briefly.');
    expect(first.screen).toMatch(/\[#+\.+\] 1\/5 decided {2}approved 1 rejected 0 skipped 0 pending 4/);

    const store = await openReviewStore(`sqlite:${join(dir, 'instruct.db')}`);
    try {
      expect(await getItem(store, ID(1))).toMatchObject({ status: 'approved', reviewer: 'alice' });
      expect(await getItem(store, ID(2))).toMatchObject({
        status: 'pending',
        notes: 'checked against NVD',
        ratings: { relevance: 4 },
        edits: { instruction: 'Explain it briefly.', response: 'A short, edited answer.', domains: ['web-security', 'cloud'] },
      });
    } finally {
      await store.close();
    }
    const reviewed = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string });
    expect(reviewed.map((p) => p.id)).toEqual([ID(1)]);

    // A second session resumes at the first pending pair; undo reaches back into the first session.
    const second = await pty(
      [{ expect: '[2/5]' }, { expect: 'note: checked against NVD' }, { send: 'u' }, { expect: 'undid rate' }, { send: 'a' }, { expect: `approved ${ID(2)}` }, { send: 'fstatus:approved\r' }, { expect: '2 item(s) match "status:approved"' }, { send: 'q' }, { expect: 'actions this session' }],
      ['-o', out, '--reviewer', 'alice'],
    );
    expect(second.failed).toBeNull();
    expect(second.code).toBe(0);
    const pairs = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; instruction: string; metadata: { domains: string[]; review: { ratings: object; notes: string } } });
    expect(pairs.map((p) => p.id)).toEqual([ID(1), ID(2)]);
    expect(pairs[1]).toMatchObject({ instruction: 'Explain it briefly.', metadata: { domains: ['web-security', 'cloud'], review: { ratings: {}, notes: 'checked against NVD' } } });

    // SIGTERM ends a session like q: the terminal is restored and the output written.
    const third = await pty([{ expect: '[3/5]' }, { send: 'a' }, { expect: `approved ${ID(3)}` }, { signal: 'SIGTERM' }, { expect: '1 actions this session' }], ['-o', out, '--reviewer', 'bob']);
    expect([third.failed, third.code]).toEqual([null, 0]);
    expect((await readFile(out, 'utf8')).trim().split('\n')).toHaveLength(3);
  });
});
