import { describe, expect, it } from 'vitest';
import { AgentDashboard, type AgentProgress } from './dashboard.js';

const progress = (over: Partial<AgentProgress> = {}): AgentProgress => ({
  done: 30,
  total: 120,
  doneHere: 30,
  abandoned: 0,
  round: 2,
  rejects: { 'raw-value': 2, schema: 1 },
  errors: { rate_limit: 3 },
  inputTokens: 12_000,
  outputTokens: 8_000,
  costUsd: 0.0123,
  ...over,
});

function sink(isTTY: boolean) {
  const out = { text: '', isTTY, write: (t: string) => ((out.text += t), true) };
  return out;
}

describe('AgentDashboard', () => {
  it('draws a live panel on a TTY and redraws it in place', () => {
    let now = 0;
    const stream = sink(true);
    const dash = new AgentDashboard({ stream, now: () => now });
    dash.batch({ type: 'submitted', batchId: 'batch_1', items: 80 });
    dash.batch({ type: 'submitted', batchId: 'batch_2', items: 40 });
    dash.batch({ type: 'collected', batchId: 'batch_1', status: 'completed', succeeded: 79, failed: 1 });
    dash.batch({ type: 'item', id: 'a', ok: true, path: 'batch' });
    now = 10_000;
    dash.update(progress());
    const panel = dash.panel();
    expect(panel[0]).toMatch(/^dlp-agent █+░+ +25% +30\/120 records +3\.00 rec\/s +ETA 0:30 +round 2$/);
    expect(panel[1]).toContain('2 submitted  1 in progress  1 completed');
    expect(panel[2]).toContain('errors    3 (rate_limit 3)');
    expect(panel[3]).toContain('rejects   3 (raw-value 2, schema 1)');
    expect(panel[4]).toContain('12.0k in / 8000 out   cost $0.0123');
    expect(stream.text).toContain('\x1b[2K');
    now = 20_000;
    dash.update(progress({ done: 60, doneHere: 60 }));
    // The second frame moves the cursor up over the first one.
    expect(stream.text).toContain(`\x1b[${panel.length}F`);
  });

  it('writes plain lines off a TTY, at most one per interval (forced ones always)', () => {
    let now = 0;
    const stream = sink(false);
    const dash = new AgentDashboard({ stream, now: () => now, intervalMs: 5000 });
    dash.update(progress({ done: 0, doneHere: 0 }), true);
    now = 1000;
    dash.update(progress({ done: 10, doneHere: 10 }));
    now = 6000;
    dash.update(progress({ done: 20, doneHere: 20, costUsd: null }));
    dash.finish();
    dash.update(progress({ done: 20, doneHere: 20, costUsd: null }), true);
    const lines = stream.text.trim().split('\n');
    // The forced repeats of the same state (finish, a forced update) write nothing new.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^dlp-agent: 0\/120 records \(0%\)/);
    expect(lines[1]).toBe('dlp-agent: 20/120 records (16%), 3.33 rec/s, round 2, batches 0 submitted/0 in progress/0 completed, rejects 3 (raw-value 2, schema 1), errors 3 (rate_limit 3), tokens 12000 in/8000 out, cost n/a');
    expect(stream.text).not.toContain('\x1b[');
  });

  it('is silent with quiet', () => {
    const stream = sink(true);
    const dash = new AgentDashboard({ stream, quiet: true });
    dash.update(progress(), true);
    dash.note('hello');
    dash.finish();
    expect(stream.text).toBe('');
  });
});
